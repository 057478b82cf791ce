// Helpers for the asl tests: diagnostics as "CODE: message at location" lines, and a minimal
// definition around one state.
#pragma once

#include <string>
#include <vector>

#include "asl/parser.h"
#include "json/json.h"

namespace sfn::asl::testing {

// A WARNING's line ends in " (WARNING)"; ERROR lines are AWS's CreateStateMachine form.
inline std::vector<std::string> lines(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics)
    out.push_back(d.code + ": " + d.message + " at " + (d.location.empty() ? "null" : d.location) +
                  (d.severity == "WARNING" ? " (WARNING)" : ""));
  return out;
}

// Every diagnostic of `text` (empty when it is accepted).
inline std::vector<std::string> problems(const std::string& text, ParseOptions options = {}) {
  auto result = parse(text, options);
  if (result) return {};
  return lines(result.error());
}

inline std::vector<std::string> problems(const Json& definition, ParseOptions options = {}) {
  return problems(definition.dump(), options);
}

// The warnings of an accepted definition (empty when it is refused).
inline std::vector<std::string> warnings(const Json& definition, ParseOptions options = {}) {
  auto result = parse(definition.dump(), options);
  if (!result) return {"refused"};
  return lines(result.value()->warnings);
}

// {"StartAt":"S","States":{"S": <state>}}
inline Json machine_with(const Json& state) {
  return Json{{"StartAt", "S"}, {"States", {{"S", state}}}};
}

inline StateMachinePtr accepted(const Json& definition, ParseOptions options = {}) {
  auto result = parse(definition.dump(), options);
  return result ? result.value() : nullptr;
}

}  // namespace sfn::asl::testing
