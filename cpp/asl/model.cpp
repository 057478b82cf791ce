#include "asl/model.h"

namespace sfn::asl {

const State* StateGraph::find(const std::string& name) const {
  auto it = index.find(name);
  return it == index.end() ? nullptr : &states[static_cast<std::size_t>(it->second)];
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
