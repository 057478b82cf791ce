#include "asl/model.h"

#include <algorithm>
#include <functional>

namespace sfn::asl {

namespace {
std::size_t hash_of(std::string_view name) { return std::hash<std::string_view>{}(name); }
}  // namespace

void StateIndex::reserve(std::size_t states) {
  std::size_t size = 16;
  while (size < states * 2) size *= 2;
  if (size > slots_.size() && used_ == 0) slots_.assign(size, 0);
}

void StateIndex::place(const std::vector<State>& states, int position) {
  std::size_t mask = slots_.size() - 1;
  std::size_t at = hash_of(states[static_cast<std::size_t>(position)].name) & mask;
  while (slots_[at] != 0) at = (at + 1) & mask;
  slots_[at] = position + 1;
}

void StateIndex::add(const std::vector<State>& states, int position) {
  if ((used_ + 1) * 2 > slots_.size()) {
    std::vector<int> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, old.size() * 2), 0);
    for (int p : old)
      if (p != 0) place(states, p - 1);
  }
  // One probe finds the name (kept at its first position) or the free slot for it.
  const std::string& name = states[static_cast<std::size_t>(position)].name;
  std::size_t mask = slots_.size() - 1;
  std::size_t at = hash_of(name) & mask;
  for (; slots_[at] != 0; at = (at + 1) & mask)
    if (states[static_cast<std::size_t>(slots_[at] - 1)].name == name) return;
  slots_[at] = position + 1;
  ++used_;
}

int StateIndex::find(const std::vector<State>& states, std::string_view name) const {
  if (slots_.empty()) return -1;
  std::size_t mask = slots_.size() - 1;
  for (std::size_t at = hash_of(name) & mask;; at = (at + 1) & mask) {
    int p = slots_[at];
    if (p == 0) return -1;
    if (states[static_cast<std::size_t>(p - 1)].name == name) return p - 1;
  }
}

const State* StateGraph::find(std::string_view name) const {
  int p = position(name);
  return p < 0 ? nullptr : &states[static_cast<std::size_t>(p)];
}

std::string_view to_string(StateType type) {
  switch (type) {
    case StateType::Pass:
      return "Pass";
    case StateType::Task:
      return "Task";
    case StateType::Choice:
      return "Choice";
    case StateType::Wait:
      return "Wait";
    case StateType::Succeed:
      return "Succeed";
    case StateType::Fail:
      return "Fail";
    case StateType::Parallel:
      return "Parallel";
    case StateType::Map:
      return "Map";
  }
  return "Unknown";
}

}  // namespace sfn::asl
