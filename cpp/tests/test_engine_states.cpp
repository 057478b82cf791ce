#include <gtest/gtest.h>

#include "engine/history_event.h"
#include "engine_test_support.h"

namespace sfn {
namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using engine::TaskRequest;
using testing::event_chain;
using testing::event_types;
using testing::run;
using Strings = std::vector<std::string>;

TEST(EnginePass, ChainForwardsInputAndChainsEvents) {
  auto ex = run(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Pass", "End": true}}})",
                Json{{"x", 1}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), (Json{{"x", 1}}));
  EXPECT_EQ(event_chain(*ex),
            (Strings{"ExecutionStarted 1<0", "PassStateEntered 2<0", "PassStateExited 3<2",
                     "PassStateEntered 4<3", "PassStateExited 5<4", "ExecutionSucceeded 6<5"}));
}

TEST(EngineContext, ExecutionInputIsThereWhenReadAfterTasksThatDidNotCopyIt) {
  // A Task's request shares the input (execution_input) instead of the context copying it; a
  // later $$ read still sees the whole input, in its place among Execution's keys.
  Json input = Json::parse(R"({"items": [1, 2], "who": "x"})");
  std::vector<Json> seen;
  auto record = [&seen](const TaskRequest& r) {
    seen.push_back(*r.execution_input);
    return TaskOutcome::success(Json::object());
  };
  auto ex = testing::run(R"({"StartAt": "T", "States": {
    "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Next": "P"},
    "P": {"Type": "Pass", "Parameters": {"in.$": "$$.Execution.Input", "ctx.$": "$$.Execution"},
          "End": true}}})",
                         input, record);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], input);
  const Json& output = *ex->output();
  EXPECT_EQ(output["in"], input);
  std::vector<std::string> keys;
  for (const auto& [key, value] : output["ctx"].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"Id", "Input", "StartTime", "Name", "RoleArn",
                                            "RedriveCount"}));
}

TEST(EnginePass, InputOutputProcessingOrder) {
  auto ex = run(R"({"StartAt": "A", "States": {"A": {"Type": "Pass",
                    "InputPath": "$.in", "Parameters": {"v.$": "$.v", "k": "lit"},
                    "ResultPath": "$.out.res", "OutputPath": "$.out", "End": true}}})",
                Json::parse(R"({"in": {"v": 7}, "other": true})"));
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"res": {"v": 7, "k": "lit"}})"));
}

TEST(EnginePass, ResultAndNullPaths) {
  auto ex = run(R"({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Result": {"r": 1}, "ResultPath": null, "Next": "B"},
      "B": {"Type": "Pass", "InputPath": null, "End": true}}})",
                Json{{"x", 1}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(*ex->output(), Json::object());
  auto ex2 = run(R"({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Result": {"r": 1}, "OutputPath": null, "End": true}}})");
  ASSERT_TRUE(ex2);
  EXPECT_EQ(*ex2->output(), Json::object());
}

TEST(EnginePass, MissingInputPathIsAnUncatchableRuntimeError) {
  auto ex = run(R"({"StartAt": "A", "States": {"A": {"Type": "Pass",
                    "InputPath": "$.missing", "End": true}}})",
                Json{{"x", 1}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Runtime");
  EXPECT_EQ(ex->failure().cause,
            "An error occurred while executing the state 'A' (entered at the event id #2). "
            "Invalid path '$.missing' : No results for path: $['missing']");
  EXPECT_EQ(event_types(*ex), (Strings{"ExecutionStarted", "PassStateEntered", "ExecutionFailed"}));
}

TEST(EngineChoice, PicksFirstMatchingRuleElseDefault) {
  const char* def = R"({"StartAt": "C", "States": {
      "C": {"Type": "Choice", "Choices": [
          {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
          {"And": [{"Variable": "$.s", "StringMatches": "a*z"},
                   {"Not": {"Variable": "$.n", "NumericEquals": 3}}], "Next": "Glob"}],
        "Default": "Other"},
      "Big": {"Type": "Pass", "Result": "big", "End": true},
      "Glob": {"Type": "Pass", "Result": "glob", "End": true},
      "Other": {"Type": "Pass", "Result": "other", "End": true}}})";
  EXPECT_EQ(*run(def, Json{{"n", 11}, {"s", "x"}})->output(), "big");
  EXPECT_EQ(*run(def, Json{{"n", 1}, {"s", "abcz"}})->output(), "glob");
  EXPECT_EQ(*run(def, Json{{"n", 3}, {"s", "abcz"}})->output(), "other");
}

TEST(EngineChoice, NoMatchWithoutDefaultFails) {
  auto ex = run(R"({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
      {"Variable": "$.n", "NumericEquals": 1, "Next": "X"}]},
      "X": {"Type": "Succeed"}}})",
                Json{{"n", 2}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.NoChoiceMatched");
}

TEST(EngineChoice, TypeMismatchIsFalseAndTypeTests) {
  const char* def = R"({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
      {"Variable": "$.v", "StringEquals": "1", "Next": "S"},
      {"Variable": "$.v", "IsNumeric": true, "Next": "N"}], "Default": "D"},
      "S": {"Type": "Pass", "Result": "s", "End": true},
      "N": {"Type": "Pass", "Result": "n", "End": true},
      "D": {"Type": "Pass", "Result": "d", "End": true}}})";
  EXPECT_EQ(*run(def, Json{{"v", 1}})->output(), "n");
  EXPECT_EQ(*run(def, Json{{"v", "1"}})->output(), "s");
  EXPECT_EQ(*run(def, Json{{"v", true}})->output(), "d");
}

TEST(EngineChoice, TimestampAndPathOperands) {
  const char* def = R"({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
      {"Variable": "$.a", "TimestampLessThanPath": "$.b", "Next": "Yes"}], "Default": "No"},
      "Yes": {"Type": "Pass", "Result": true, "End": true},
      "No": {"Type": "Pass", "Result": false, "End": true}}})";
  EXPECT_EQ(
      *run(def, Json{{"a", "2020-01-01T00:00:00Z"}, {"b", "2020-01-01T00:00:01+00:00"}})->output(),
      true);
  EXPECT_EQ(
      *run(def, Json{{"a", "2020-01-01T01:00:00+02:00"}, {"b", "2020-01-01T00:00:00Z"}})->output(),
      true);
  EXPECT_EQ(*run(def, Json{{"a", "not a time"}, {"b", "2020-01-01T00:00:00Z"}})->output(), false);
}

TEST(EngineWait, SecondsAdvanceTheVirtualClock) {
  auto ex = run(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400,
                    "End": true}}})");
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  const auto& h = ex->history();
  EXPECT_EQ(h.back().timestamp_ms - h.front().timestamp_ms, 86400000);
}

TEST(EngineWait, SecondsPathErrorsUseAwsWords) {
  const char* def = R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
                        "SecondsPath": "$.s", "End": true}}})";
  auto negative = run(def, Json{{"s", -1}});
  EXPECT_EQ(negative->failure().cause,
            "An error occurred while executing the state 'W' (entered at the event id #2). The "
            "SecondsPath parameter references a negative value: $.s == -1");
  auto fraction = run(def, Json{{"s", 1.5}});
  EXPECT_EQ(fraction->failure().cause,
            "An error occurred while executing the state 'W' (entered at the event id #2). The "
            "SecondsPath parameter cannot be parsed as a long value: $.s == 1.5");
  auto missing = run(def, Json::object());
  EXPECT_EQ(missing->failure().cause,
            "An error occurred while executing the state 'W' (entered at the event id #2). The "
            "SecondsPath parameter does not reference an input value: $.s");
}

TEST(EngineWait, TimestampPathWaitsUntilThen) {
  auto ex = run(R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
                    "TimestampPath": "$.t", "End": true}}})",
                Json{{"t", "2023-11-14T22:13:30Z"}}, {}, 1700000000000);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(ex->history().back().timestamp_ms, 1700000010000);
}

TEST(EngineFail, ErrorAndCause) {
  auto ex = run(R"({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}})");
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "E");
  EXPECT_FALSE(ex->failure().has_cause);
  auto json = engine::to_api_json(ex->history().back());
  EXPECT_EQ(json["executionFailedEventDetails"], (Json{{"error", "E"}}));
  auto ex2 = run(R"({"StartAt": "F", "States": {"F": {"Type": "Fail",
                     "ErrorPath": "$.e", "CausePath": "$.c"}}})",
                 Json{{"e", "Err"}, {"c", "because"}});
  EXPECT_EQ(ex2->failure().error, "Err");
  EXPECT_EQ(ex2->failure().cause, "because");
}

engine::TaskInvoker always(TaskOutcome outcome) {
  return [outcome](const TaskRequest&) { return outcome; };
}

TEST(EngineTask, ServiceIntegrationEventsAndResultPipeline) {
  auto ex = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::sns:publish", "Parameters": {"Message.$": "$.m"},
      "ResultSelector": {"id.$": "$.MessageId"}, "ResultPath": "$.sent", "End": true}}})",
                Json{{"m", "hi"}}, always(TaskOutcome::success(Json{{"MessageId", "m-1"}})));
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), Json::parse(R"({"m": "hi", "sent": {"id": "m-1"}})"));
  EXPECT_EQ(event_chain(*ex), (Strings{"ExecutionStarted 1<0", "TaskStateEntered 2<0",
                                       "TaskScheduled 3<2", "TaskStarted 4<3", "TaskSucceeded 5<4",
                                       "TaskStateExited 6<5", "ExecutionSucceeded 7<6"}));
  Json scheduled = engine::to_api_json(ex->history()[2]);
  EXPECT_EQ(scheduled["taskScheduledEventDetails"]["resourceType"], "sns");
  EXPECT_EQ(scheduled["taskScheduledEventDetails"]["resource"], "publish");
  EXPECT_EQ(scheduled["taskScheduledEventDetails"]["parameters"], R"({"Message":"hi"})");
}

TEST(EngineTask, LegacyLambdaResourceRecordsLambdaEvents) {
  auto ex = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}})",
                Json::object(), always(TaskOutcome::success(Json(1))));
  EXPECT_EQ(event_types(*ex),
            (Strings{"ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                     "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                     "ExecutionSucceeded"}));
}

TEST(EngineTask, RetryBacksOffOnTheClockThenCatches) {
  int calls = 0;
  auto invoker = [&calls](const TaskRequest& r) {
    EXPECT_EQ(r.attempt, calls);
    ++calls;
    return TaskOutcome::failed("Boom", "it broke");
  };
  auto ex = run(R"({"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
            "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "MaxAttempts": 2,
                       "BackoffRate": 3}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "H"}],
            "End": true},
      "H": {"Type": "Pass", "End": true}}})",
                Json{{"x", 1}}, invoker);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(*ex->output(),
            Json::parse(R"({"x": 1, "err": {"Error": "Boom", "Cause": "it broke"}})"));
  // Retries wait 2 s then 6 s: the last attempt is scheduled 8 s after the first.
  std::vector<std::int64_t> scheduled;
  for (const auto& e : ex->history()) {
    if (e.type == engine::EventType::TaskScheduled) scheduled.push_back(e.timestamp_ms);
  }
  ASSERT_EQ(scheduled.size(), 3u);
  EXPECT_EQ(scheduled[1] - scheduled[0], 2000);
  EXPECT_EQ(scheduled[2] - scheduled[1], 6000);
  // The retried TaskScheduled points at the TaskFailed event before it.
  EXPECT_EQ(event_chain(*ex)[5], "TaskScheduled 6<5");
}

TEST(EngineTask, MaxAttemptsZeroNeverRetries) {
  int calls = 0;
  auto ex = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}], "End": true}}})",
                Json::object(), [&calls](const TaskRequest&) {
                  ++calls;
                  return TaskOutcome::failed("E", "C");
                });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "E");
}

TEST(EngineTask, TimeoutSecondsTimesOutASlowTask) {
  TaskOutcome slow = TaskOutcome::success(Json(1));
  slow.duration_seconds = 10;
  auto ex = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 5, "End": true}}})",
                Json::object(), always(slow));
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Timeout");
  EXPECT_EQ(event_types(*ex)[4], "TaskTimedOut");
  EXPECT_EQ(ex->history()[4].timestamp_ms - ex->history()[3].timestamp_ms, 5000);
}

// docs/semantics/service-integrations.md T7: a caught timeout's error output has an empty
// Cause, while its events carry none.
TEST(EngineTask, ACaughtTimeoutHasAnEmptyCause) {
  TaskOutcome slow = TaskOutcome::success(Json(1));
  slow.duration_seconds = 10;
  auto ex = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
      "TimeoutSeconds": 5, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P"}], "End": true},
      "P": {"Type": "Pass", "End": true}}})",
                Json::object(), always(slow));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"Error":"States.Timeout","Cause":""})"));
  Json timed_out = engine::to_api_json(ex->history()[4]);
  EXPECT_FALSE(timed_out["taskTimedOutEventDetails"].contains("cause"));
}

// docs/semantics/service-integrations.md C1, C2: the resolved role is recorded on each
// attempt's Scheduled event and handed to the invoker.
TEST(EngineTask, CredentialsAreRecordedOnTheScheduledEvent) {
  std::vector<Json> seen;
  auto ex =
      run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
      "Credentials": {"RoleArn.$": "$.role"},
      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], "End": true}}})",
          Json{{"role", "arn:aws:iam::210987654321:role/R"}}, [&seen](const TaskRequest& r) {
            seen.push_back(r.credentials ? *r.credentials : Json());
            return seen.size() == 1 ? TaskOutcome::failed("E", "C") : TaskOutcome::success(Json(0));
          });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1], Json({{"RoleArn", "arn:aws:iam::210987654321:role/R"}}));
  int scheduled = 0;
  for (const auto& e : ex->history()) {
    if (e.type != engine::EventType::TaskScheduled) continue;
    ++scheduled;
    Json d = engine::to_api_json(e)["taskScheduledEventDetails"];
    EXPECT_EQ(d["taskCredentials"], Json({{"roleArn", "arn:aws:iam::210987654321:role/R"}}));
  }
  EXPECT_EQ(scheduled, 2);
}

TEST(EngineTask, ContextObjectCarriesRetryCount) {
  std::vector<Json> seen;
  auto ex =
      run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"n.$": "$$.State.RetryCount", "FunctionName": "f",
      "id.$": "$$.Execution.Id"},
      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}], "End": true}}})",
          Json::object(), [&seen](const TaskRequest& r) {
            seen.push_back(*r.parameters);
            return seen.size() == 1 ? TaskOutcome::failed("E", "C") : TaskOutcome::success(Json(0));
          });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0]["n"], 0);
  EXPECT_EQ(seen[1]["n"], 1);
  EXPECT_EQ(seen[0]["id"], "arn:aws:states:us-east-1:123456789012:execution:sm:ex");
}

TEST(EngineParallel, ResultsInBranchOrder) {
  auto ex = run(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "Next": "A2"},
                                  "A2": {"Type": "Pass", "End": true}}},
      {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": true}}}],
      "End": true}}})");
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), Json::parse("[1, 2]"));
  auto types = event_types(*ex);
  EXPECT_EQ(types[2], "ParallelStateStarted");
  EXPECT_EQ(types[types.size() - 3], "ParallelStateSucceeded");
  // ParallelStateSucceeded and ParallelStateExited point at the same event.
  const auto& h = ex->history();
  EXPECT_EQ(h[h.size() - 3].previous_event_id, h[h.size() - 2].previous_event_id);
}

TEST(EngineParallel, BranchFailureFailsTheStateWithTheBranchError) {
  auto ex = run(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
      {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "FailureType"}}}],
      "End": true}}})");
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "FailureType");
  EXPECT_EQ(event_chain(*ex),
            (Strings{"ExecutionStarted 1<0", "ParallelStateEntered 2<0", "ParallelStateStarted 3<2",
                     "FailStateEntered 4<3", "ParallelStateFailed 5<4", "ExecutionFailed 6<5"}));
}

TEST(EngineParallel, RetryStartsAgainWithoutFailedEvent) {
  auto ex = run(R"({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
      {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "X", "Cause": "C"}}}],
      "Retry": [{"ErrorEquals": ["X"], "MaxAttempts": 1}], "End": true}}})");
  EXPECT_EQ(event_chain(*ex),
            (Strings{"ExecutionStarted 1<0", "ParallelStateEntered 2<0", "ParallelStateStarted 3<2",
                     "FailStateEntered 4<3", "ParallelStateStarted 5<4", "FailStateEntered 6<5",
                     "ParallelStateFailed 7<6", "ExecutionFailed 8<7"}));
}

TEST(EngineMap, SequentialIterationsChainLikeAws) {
  auto ex = run(R"({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
      "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                        "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}})",
                Json::parse("[1, 2]"));
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), Json::parse("[1, 2]"));
  EXPECT_EQ(
      event_chain(*ex),
      (Strings{"ExecutionStarted 1<0", "MapStateEntered 2<0", "MapStateStarted 3<2",
               "MapIterationStarted 4<3", "PassStateEntered 5<4", "PassStateExited 6<5",
               "MapIterationSucceeded 7<6", "MapIterationStarted 8<6", "PassStateEntered 9<8",
               "PassStateExited 10<9", "MapIterationSucceeded 11<10", "MapStateSucceeded 12<11",
               "MapStateExited 13<11", "ExecutionSucceeded 14<13"}));
}

TEST(EngineMap, UnboundedIterationsStartTogether) {
  auto ex = run(R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
      "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
      "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
      "End": true}}})",
                Json::parse(R"({"items": ["a", "b", "c"], "k": 9})"));
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"([{"i": 0, "v": "a", "k": 9},
                                   {"i": 1, "v": "b", "k": 9}, {"i": 2, "v": "c", "k": 9}])"));
  auto chain = event_chain(*ex);
  EXPECT_EQ(chain[3], "MapIterationStarted 4<3");
  EXPECT_EQ(chain[4], "MapIterationStarted 5<3");
  EXPECT_EQ(chain[5], "MapIterationStarted 6<3");
}

TEST(EngineMap, EmptyArray) {
  auto ex = run(R"({"StartAt": "M", "States": {"M": {"Type": "Map",
      "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
      "End": true}}})",
                Json::array());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), Json::array());
}

TEST(EngineMap, IterationFailureAbortsTheOthers) {
  auto ex = run(R"({"StartAt": "M", "States": {"M": {"Type": "Map",
      "ItemProcessor": {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "F"}],
              "Default": "W"},
        "W": {"Type": "Wait", "Seconds": 5, "End": true},
        "F": {"Type": "Fail", "Error": "Bad", "Cause": "one"}}},
      "Catch": [{"ErrorEquals": ["Bad"], "Next": "H"}], "End": true},
      "H": {"Type": "Pass", "End": true}}})",
                Json::parse("[0, 1, 2]"));
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), Json::parse(R"({"Error": "Bad", "Cause": "one"})"));
  auto types = event_types(*ex);
  EXPECT_NE(std::find(types.begin(), types.end(), "MapIterationFailed"), types.end());
  EXPECT_EQ(std::count(types.begin(), types.end(), "MapIterationAborted"), 2);
  EXPECT_EQ(std::count(types.begin(), types.end(), "WaitStateAborted"),
            1);  // the other had not entered W yet
  EXPECT_NE(std::find(types.begin(), types.end(), "MapStateFailed"), types.end());
}

TEST(EngineExecution, TimeoutSecondsTimesOutTheExecution) {
  auto ex = run(R"({"StartAt": "W", "TimeoutSeconds": 5, "States": {"W": {"Type": "Wait",
                    "Seconds": 60, "End": true}}})");
  EXPECT_EQ(ex->status(), ExecutionStatus::TimedOut);
  EXPECT_EQ(event_types(*ex).back(), "ExecutionTimedOut");
  EXPECT_EQ(ex->history().back().timestamp_ms - ex->history().front().timestamp_ms, 5000);
}

TEST(EngineExecution, OversizedStateOutputFails) {
  Json big = Json::object();
  big["a"] = std::string(300 * 1024, 'x');
  auto ex = run(R"({"StartAt": "P", "States": {"P": {"Type": "Pass",
      "Parameters": {"v.$": "$.a", "w.$": "$.a"}, "End": true}}})",
                Json{{"a", std::string(200 * 1024, 'x')}});
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.DataLimitExceeded");
  EXPECT_EQ(ex->failure().cause,
            "The state/task 'P' returned a result with a size exceeding the maximum number of "
            "bytes service limit.");
}

// service-integrations.md S-DL: a task result over the payload limit fails the task with
// States.DataLimitExceeded; the cause names a Lambda function resource by its ARN and a service
// integration by its resourceType, never the state.
TEST(EngineExecution, OversizedTaskResultNamesWhatRan) {
  struct Row {
    std::string resource;
    std::string parameters;
    std::string named;
    std::string failed_event;
  };
  const std::string fn = "arn:aws:lambda:us-east-1:111111111111:function:f";
  for (const Row& row :
       {Row{"arn:aws:states:::lambda:invoke", R"({"FunctionName": "f"})", "lambda", "TaskFailed"},
        Row{"arn:aws:states:::sqs:sendMessage", R"({"QueueUrl": "q", "MessageBody": "m"})", "sqs",
            "TaskFailed"},
        Row{"arn:aws:states:::dynamodb:getItem", R"({"TableName": "t", "Key": {}})", "dynamodb",
            "TaskFailed"},
        Row{"arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket": "b", "Key": "k"})", "aws-sdk:s3",
            "TaskFailed"},
        Row{fn, R"({"FunctionName": "f"})", fn, "LambdaFunctionFailed"}}) {
    auto ex = testing::run(
        R"({"StartAt": "MyTask", "States": {"MyTask": {"Type": "Task", "Resource": ")" +
            row.resource + R"(", "Parameters": )" + row.parameters + R"(,
            "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "C"}], "End": true},
            "C": {"Type": "Pass", "End": true}}})",
        Json::object(), [](const engine::TaskRequest&) {
          return engine::TaskOutcome::success(Json{{"Payload", std::string(257 * 1024, 'a')}});
        });
    SCOPED_TRACE(row.resource);
    ASSERT_TRUE(ex);
    ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
    EXPECT_EQ((*ex->output())["Error"], "States.DataLimitExceeded");
    EXPECT_EQ((*ex->output())["Cause"],
              "The state/task '" + row.named +
                  "' returned a result with a size exceeding the maximum number of bytes service "
                  "limit.");
    auto types = event_types(*ex);
    EXPECT_NE(std::find(types.begin(), types.end(), row.failed_event), types.end());
  }
}

TEST(EngineVariables, AssignIsVisibleToLaterStatesAndRecorded) {
  auto ex = run(R"({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Assign": {"x": 42, "y.$": "$.v"}, "Next": "B"},
      "B": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y"}, "End": true}}})",
                Json{{"v", "hi"}});
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), (Json{{"x", 42}, {"y", "hi"}}));
  Json exited = engine::to_api_json(ex->history()[2]);
  EXPECT_EQ(exited["stateExitedEventDetails"]["assignedVariables"],
            (Json{{"x", "42"}, {"y", "\"hi\""}}));
}

}  // namespace
}  // namespace sfn
