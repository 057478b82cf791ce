// AWS's bounds on an execution: the 25,000-event history, an Express execution's five
// minutes, the nesting depth of values; and the pause check that lets a driver get a word in.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine_test_support.h"

namespace sfn {
namespace {

using engine::ExecutionStatus;
using engine::Limits;

std::unique_ptr<engine::Execution> start(const std::string& definition, Limits limits,
                                         engine::TaskInvoker invoker = {},
                                         const Json& input = Json::object()) {
  auto machine = asl::parse(definition);
  if (!machine.ok()) {
    ADD_FAILURE() << asl::format_invalid_definition(machine.error());
    return nullptr;
  }
  engine::ExecutionInfo info;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:sm:ex";
  info.start_time_ms = 1700000000000;
  return std::make_unique<engine::Execution>(machine.value(), info, share(input),
                                             std::move(invoker), limits);
}

// A loop that never ends: Pass -> Choice -> Pass ...
const char* kEndlessLoop = R"({"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B"},
  "B": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "C"}],
        "Default": "A"},
  "C": {"Type": "Succeed"}}})";

// A chain of `n` Pass states: 2 + 2n events when it succeeds.
std::string pass_chain(int n) {
  std::string states;
  for (int i = 0; i < n; ++i) {
    if (!states.empty()) states += ",";
    states += "\"S" + std::to_string(i) + "\": {\"Type\": \"Pass\", " +
              (i + 1 < n ? "\"Next\": \"S" + std::to_string(i + 1) + "\"" : "\"End\": true") + "}";
  }
  return "{\"StartAt\": \"S0\", \"States\": {" + states + "}}";
}

// The rule (AWS, "Avoid reaching the history quota", and a measured history): event 25,000 is
// ExecutionSucceeded when that is what comes next; otherwise it is ExecutionFailed with
// States.Runtime, pointing at event 24,999, and nothing follows it.
TEST(EngineHistoryLimit, AnEndlessLoopFailsAtEvent25000) {
  auto ex = start(kEndlessLoop, Limits{});
  ex->run_virtual();
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  ASSERT_EQ(ex->history().size(), 25000u);
  const auto& last = ex->history().back();
  EXPECT_EQ(last.type, engine::EventType::ExecutionFailed);
  EXPECT_EQ(last.id, 25000);
  EXPECT_EQ(last.previous_event_id, 24999);
  EXPECT_EQ(ex->failure().error, "States.Runtime");
  EXPECT_EQ(ex->failure().cause,
            "The execution reached the maximum number of history events (25000).");
  EXPECT_EQ(ex->history()[24998].type, engine::EventType::PassStateExited);
}

TEST(EngineHistoryLimit, SucceedingAsEvent25000IsASuccess) {
  auto fits = start(pass_chain(12499), Limits{});
  fits->run_virtual();
  EXPECT_EQ(fits->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(fits->history().size(), 25000u);
  EXPECT_EQ(fits->history().back().type, engine::EventType::ExecutionSucceeded);

  auto over = start(pass_chain(12500), Limits{});
  over->run_virtual();
  EXPECT_EQ(over->status(), ExecutionStatus::Failed);
  EXPECT_EQ(over->history().size(), 25000u);
  EXPECT_EQ(over->history().back().type, engine::EventType::ExecutionFailed);
}

TEST(EngineHistoryLimit, ATaskWhoseStartFillsTheHistoryNeverRuns) {
  int calls = 0;
  Limits limits;
  limits.max_history_events = 4;  // 1 ExecutionStarted, 2 TaskStateEntered, 3 Scheduled
  auto ex = start(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}})",
                  limits, [&](const engine::TaskRequest&) {
                    ++calls;
                    return engine::TaskOutcome::success(Json::object());
                  });
  ex->run_virtual();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(testing::event_chain(*ex),
            (std::vector<std::string>{"ExecutionStarted 1<0", "TaskStateEntered 2<0",
                                      "LambdaFunctionScheduled 3<2", "ExecutionFailed 4<3"}));
  EXPECT_EQ(ex->failure().cause, "The execution reached the maximum number of history events (4).");
}

TEST(EngineHistoryLimit, BranchesStopWithTheExecution) {
  Limits limits;
  limits.max_history_events = 40;
  auto ex = start(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
      "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
          "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true,
                "Next": "E"}], "Default": "A"}, "E": {"Type": "Succeed"}}},
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}]}}})",
                  limits);
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->history().size(), 40u);
  EXPECT_EQ(ex->history().back().type, engine::EventType::ExecutionFailed);
  EXPECT_FALSE(ex->next_due_ms().has_value());
}

TEST(EngineHistoryLimit, NoLimitWhenZero) {
  Limits limits;
  limits.max_history_events = 0;
  limits.record_history = false;
  limits.max_duration_ms = 60000;
  // Without a history limit, a Wait in the loop lets the duration end it.
  auto ex = start(R"({"StartAt": "W", "States": {
      "W": {"Type": "Wait", "Seconds": 1, "Next": "C"},
      "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "E"}],
            "Default": "W"},
      "E": {"Type": "Succeed"}}})",
                  limits);
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::TimedOut);
  EXPECT_EQ(ex->failure().error, "States.Timeout");
  EXPECT_EQ(*ex->stop_time_ms() - 1700000000000, 60000);
}

TEST(EngineHistoryLimit, RecordedEventsCanBeCappedWithoutEndingTheExecution) {
  Limits limits;
  limits.max_history_events = 0;
  limits.max_recorded_events = 10;
  auto ex = start(pass_chain(100), limits);
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(ex->history().size(), 10u);
}

// AWS: an Express execution runs five minutes at most. The limit and TimeoutSeconds are both
// the execution's own deadline; the earlier one ends it.
TEST(EngineDuration, TheEarlierOfTimeoutSecondsAndTheDurationLimitEndsIt) {
  Limits express;
  express.max_duration_ms = 300000;
  const char* wait_an_hour = R"({"StartAt": "W", %s"States": {
      "W": {"Type": "Wait", "Seconds": 3600, "End": true}}})";
  char text[256];
  std::snprintf(text, sizeof text, wait_an_hour, "");
  auto ex = start(text, express);
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::TimedOut);
  EXPECT_EQ(*ex->stop_time_ms() - 1700000000000, 300000);

  std::snprintf(text, sizeof text, wait_an_hour, R"("TimeoutSeconds": 10, )");
  ex = start(text, express);
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::TimedOut);
  EXPECT_EQ(*ex->stop_time_ms() - 1700000000000, 10000);
}

// Values nested deeper than AWS's parser reads fail the state that builds them (json.h).
TEST(EngineDepth, AnOutputThatOutgrowsTheNestingLimitFailsItsState) {
  auto ex = start(R"({"StartAt": "Wrap", "States": {
      "Wrap": {"Type": "Pass", "Parameters": {"x.$": "$"}, "Next": "Again"},
      "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true,
                "Next": "Done"}], "Default": "Wrap"},
      "Done": {"Type": "Succeed"}}})",
                  Limits{});
  ex->run_virtual();
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Runtime");
  EXPECT_NE(ex->failure().cause.find("nested deeper than the maximum allowed (1000 levels)"),
            std::string::npos)
      << ex->failure().cause;
  // Wrap made levels 2 to 1000 (999 turns of four events); the next Wrap failed.
  EXPECT_EQ(ex->history().size(), 1u + 4 * 999 + 2);
}

TEST(EngineDepth, AnAssignedVariableIsHeldToTheSameLimit) {
  auto ex = start(R"({"StartAt": "Seed", "States": {
      "Seed": {"Type": "Pass", "Assign": {"v": 0}, "Next": "Grow"},
      "Grow": {"Type": "Pass", "Assign": {"v": {"a.$": "$v"}}, "Next": "Again"},
      "Again": {"Type": "Choice", "Default": "Grow",
                "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}]},
      "Done": {"Type": "Succeed"}}})",
                  Limits{});
  ex->run_virtual();
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_NE(ex->failure().cause.find("'Grow'"), std::string::npos) << ex->failure().cause;
  EXPECT_NE(ex->failure().cause.find("nested deeper"), std::string::npos) << ex->failure().cause;
}

// The pause check is asked after every step; a paused execution picks up where it stood, and
// its history is the same as an unpaused one's.
TEST(EnginePause, APausedExecutionGoesOnWhereItStood) {
  const std::string definition = R"({"StartAt": "P", "States": {"P": {"Type": "Parallel",
      "Next": "W", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 2, "End": true}}}]},
      "W": {"Type": "Wait", "Seconds": 3, "End": true}}})";
  auto plain = start(definition, Limits{});
  plain->run_virtual();
  auto paused = start(definition, Limits{});
  int asked = 0;
  paused->set_pause_check([&] {
    ++asked;
    return true;
  });
  int runs = 0;
  do {
    paused->run_virtual();
    ++runs;
  } while (paused->paused());
  EXPECT_EQ(paused->status(), ExecutionStatus::Succeeded);
  EXPECT_GT(runs, 5);
  EXPECT_EQ(runs, asked + 1);
  EXPECT_EQ(testing::event_chain(*paused), testing::event_chain(*plain));
  EXPECT_EQ(paused->stop_time_ms(), plain->stop_time_ms());
}

}  // namespace
}  // namespace sfn
