// Which errors a Retrier or Catcher's ErrorEquals matches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::engine {

// States.Runtime ends the execution: no Retrier or Catcher takes it, not even one naming it
// (recorded on AWS).
bool is_retriable(std::string_view error);
bool is_catchable(std::string_view error);

// `States.ALL` matches every error; `States.TaskFailed` every error but States.Timeout;
// anything else matches by name.
bool error_matches(const std::vector<std::string>& error_equals, std::string_view error);

}  // namespace sfn::engine
