// Helpers for engine tests: run a definition on the virtual clock and look at the result.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "asl/parser.h"
#include "engine/execution.h"

namespace sfn::testing {

// An execution of `definition` not yet started, for tests that set options or sample it while
// it runs; nullptr (and a test failure) when the definition is refused.
inline std::unique_ptr<engine::Execution> make_execution(const std::string& definition,
                                                         const Json& input = Json::object(),
                                                         engine::TaskInvoker invoker = {},
                                                         std::int64_t start_ms = 1700000000000) {
  auto machine = asl::parse(definition);
  if (!machine.ok()) {
    ADD_FAILURE() << "definition rejected: " << asl::format_invalid_definition(machine.error());
    return nullptr;
  }
  engine::ExecutionInfo info;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:sm:ex";
  info.name = "ex";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.start_time_ms = start_ms;
  return std::make_unique<engine::Execution>(machine.value(), info, share(input),
                                             std::move(invoker));
}

inline std::unique_ptr<engine::Execution> run(const std::string& definition,
                                              const Json& input = Json::object(),
                                              engine::TaskInvoker invoker = {},
                                              std::int64_t start_ms = 1700000000000) {
  auto ex = make_execution(definition, input, std::move(invoker), start_ms);
  if (ex) ex->run_virtual();
  return ex;
}

// Equality that ignores object key order (AWS renders some objects in Java hash order).
inline ::testing::AssertionResult same_json(const Json& actual, const char* expected) {
  if (nlohmann::json::parse(to_text(actual)) == nlohmann::json::parse(expected)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << to_text(actual) << " != " << expected;
}

// "TypeName id<prev" for each event, to compare whole histories compactly.
inline std::vector<std::string> event_chain(const engine::Execution& ex) {
  std::vector<std::string> out;
  for (const auto& e : ex.history()) {
    out.push_back(std::string(engine::to_string(e.type)) + " " + std::to_string(e.id) + "<" +
                  std::to_string(e.previous_event_id));
  }
  return out;
}

inline std::vector<std::string> event_types(const engine::Execution& ex) {
  std::vector<std::string> out;
  for (const auto& e : ex.history()) out.emplace_back(engine::to_string(e.type));
  return out;
}

}  // namespace sfn::testing
