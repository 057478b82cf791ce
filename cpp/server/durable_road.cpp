#include "server/durable_road.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace sfn::server {

void DurableRoad::wake() {
  {
    std::lock_guard<std::mutex> guard(wake_lock_);
    woken_ = true;
  }
  woken_cv_.notify_all();
}

bool DurableRoad::wait_wake(double seconds) {
  std::unique_lock<std::mutex> guard(wake_lock_);
  bool woken =
      woken_cv_.wait_for(guard, std::chrono::duration<double>(seconds), [this] { return woken_; });
  woken_ = false;
  return woken;
}

namespace {

void append_string(std::string& out, const std::string& text) {
  // Names may hold any text; invalid UTF-8 is replaced rather than refused.
  out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <typename List, typename Each>
void append_list(std::string& out, const char* key, const List& list, Each each) {
  out += ",\"";
  out += key;
  out += "\":[";
  bool first = true;
  for (const auto& item : list) {
    if (!first) out.push_back(',');
    first = false;
    each(item);
  }
  out.push_back(']');
}

}  // namespace

std::string tape_text(const service::Tape& tape, const std::vector<std::string>& test_case) {
  std::string out = "{\"clock\":[";
  bool first = true;
  for (std::int64_t reading : tape.clock) {
    if (!first) out.push_back(',');
    first = false;
    out += std::to_string(reading);
  }
  out.push_back(']');
  if (!tape.uuids.empty()) {
    append_list(out, "uuids", tape.uuids, [&out](const std::string& u) { append_string(out, u); });
  }
  if (!tape.seeds.empty()) {
    append_list(out, "seeds", tape.seeds,
                [&out](std::uint64_t seed) { out += std::to_string(seed); });
  }
  if (!tape.replies.empty()) {
    append_list(out, "replies", tape.replies, [&out](const std::string& r) { out += r; });
  }
  if (!test_case.empty()) {
    append_list(out, "test_case", test_case,
                [&out](const std::string& part) { append_string(out, part); });
  }
  out.push_back('}');
  return out;
}

bool changed_nothing(std::string_view operation, int status, std::string_view payload) {
  if (operation != "GetActivityTask" || status != 200) return false;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!payload.empty() && blank(payload.front())) payload.remove_prefix(1);
  while (!payload.empty() && blank(payload.back())) payload.remove_suffix(1);
  return payload == "{}";
}

}  // namespace sfn::server
