#include "engine/error_matching.h"

namespace sfn::engine {

namespace {

// "sfnsim.*" errors report a problem with the simulation itself (a Task nobody mocked, a mock
// sequence used up): a workflow's Retry or catch-all must not hide them.
bool is_simulator_error(std::string_view error) { return error.starts_with("sfnsim."); }

}  // namespace

bool is_retriable(std::string_view error) {
  return error != "States.Runtime" && !is_simulator_error(error);
}
bool is_catchable(std::string_view error) {
  return error != "States.Runtime" && !is_simulator_error(error);
}

bool error_matches(const std::vector<std::string>& error_equals, std::string_view error) {
  for (const std::string& name : error_equals) {
    if (name == error || name == "States.ALL") return true;
    if (name == "States.TaskFailed" && error != "States.Timeout") return true;
  }
  return false;
}

}  // namespace sfn::engine
