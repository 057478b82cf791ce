#include "engine/error_matching.h"

namespace sfn::engine {

bool is_retriable(std::string_view error) { return error != "States.Runtime"; }
bool is_catchable(std::string_view error) { return error != "States.Runtime"; }

bool error_matches(const std::vector<std::string>& error_equals, std::string_view error) {
  for (const std::string& name : error_equals) {
    if (name == error || name == "States.ALL") return true;
    if (name == "States.TaskFailed" && error != "States.Timeout") return true;
  }
  return false;
}

}  // namespace sfn::engine
