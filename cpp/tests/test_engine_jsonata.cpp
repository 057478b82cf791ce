// JSONata states in the engine: $states, Output/Arguments/Assign, Choice conditions, Wait and
// Map expressions, Catch, and AWS's States.QueryEvaluationError causes.
#include <gtest/gtest.h>

#include "engine_test_support.h"

namespace sfn {
namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using engine::TaskRequest;
using testing::run;

constexpr const char* kPrefix =
    "An error occurred while executing the state 'A' (entered at the "
    "event id #2). ";

TEST(EngineJsonata, PassOutputReadsStatesInput) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Pass", "Output": {"sum": "{% $states.input.a + $states.input.b %}",
      "name": "{% $states.input.n %}", "lit": [1, "{% $states.input.a %}"]}, "End": true}}})",
                Json{{"a", 2}, {"b", 3}, {"n", "x"}});
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"sum": 5, "name": "x", "lit": [1, 2]})"));
}

TEST(EngineJsonata, PassWithoutOutputForwardsInput) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Pass", "End": true}}})",
                Json{{"a", 1.5}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(*ex->output(), (Json{{"a", 1.5}}));
}

TEST(EngineJsonata, UndefinedResultFailsWithFieldPath) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Pass", "Output": {"v": "{% $states.input.missing %}"}, "End": true}}})");
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->failure().error, "States.QueryEvaluationError");
  EXPECT_EQ(ex->failure().cause, std::string(kPrefix) +
                                     "The JSONata expression '$states.input.missing' specified "
                                     "for the field 'Output/v' returned nothing (undefined).");
}

TEST(EngineJsonata, EvaluationErrorCarriesTheJsonataCode) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Pass", "Output": {"r": "{% $eval('1') %}"}, "End": true}}})");
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->failure().error, "States.QueryEvaluationError");
  EXPECT_EQ(ex->failure().cause, std::string(kPrefix) +
                                     "The JSONata expression '$eval('1')' specified for the field "
                                     "'Output/r' threw an error during evaluation. T1006: "
                                     "Attempted to invoke a non-function");
}

TEST(EngineJsonata, AssignSeesVariablesFromBeforeTheState) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Pass", "Assign": {"x": 1, "y": 10}, "Next": "B"},
      "B": {"Type": "Pass", "Assign": {"x": "{% $y %}", "y": "{% $x %}"},
            "Output": {"x": "{% $x %}", "y": "{% $y %}"}, "Next": "C"},
      "C": {"Type": "Pass", "Output": {"x": "{% $x %}", "y": "{% $y %}"}, "End": true}}})");
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"x": 10, "y": 1})"));
  // B's own Output saw the old values.
  bool found = false;
  for (const auto& e : ex->history()) {
    if (e.type == engine::EventType::PassStateExited && e.name == "B") {
      found = true;
      EXPECT_TRUE(testing::same_json(*e.data, R"({"x": 1, "y": 10})"));
      ASSERT_TRUE(e.details);
      EXPECT_EQ(e.details->assigned_variables.size(), 2u);
    }
  }
  EXPECT_TRUE(found);
}

TEST(EngineJsonata, ChoiceConditionLoopWithVariables) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Assign": {"i": 0}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $i < 5 %}", "Next": "Inc"}],
              "Default": "Done"},
    "Inc": {"Type": "Pass", "Assign": {"i": "{% $i + 1 %}"}, "Next": "Check"},
    "Done": {"Type": "Succeed", "Output": {"i": "{% $i %}"}}}})");
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_EQ(*ex->output(), (Json{{"i", 5}}));
}

TEST(EngineJsonata, ChoiceRuleOutputAndNonBooleanCondition) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "C", "States": {
    "C": {"Type": "Choice", "Choices": [
        {"Condition": "{% $states.input.v > 1 %}", "Output": {"big": true}, "Next": "E"}],
      "Default": "E"},
    "E": {"Type": "Succeed"}}})",
                Json{{"v", 2}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(*ex->output(), (Json{{"big", true}}));
  auto bad = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
    "A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.v %}", "Next": "E"}],
      "Default": "E"},
    "E": {"Type": "Succeed"}}})",
                 Json{{"v", "s"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->failure().error, "States.QueryEvaluationError");
}

TEST(EngineJsonata, TaskArgumentsAndResult) {
  Json seen;
  auto invoker = [&](const TaskRequest& r) {
    seen = *r.parameters;
    return TaskOutcome::success(Json{{"Payload", {{"n", 41}}}});
  };
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Arguments": {"FunctionName": "f", "Payload": {"v": "{% $states.input.v %}"}},
      "Output": "{% $states.result.Payload.n + 1 %}", "End": true}}})",
                Json{{"v", 7}}, invoker);
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_TRUE(testing::same_json(seen, R"({"FunctionName": "f", "Payload": {"v": 7}})"));
  EXPECT_EQ(*ex->output(), Json(42));
}

TEST(EngineJsonata, CatchExposesErrorOutput) {
  auto invoker = [](const TaskRequest&) { return TaskOutcome::failed("Boom", "bad"); };
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f"},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B",
                       "Assign": {"err": "{% $states.errorOutput.Error %}"},
                       "Output": {"cause": "{% $states.errorOutput.Cause %}",
                                  "in": "{% $states.input.x %}"}}], "End": true},
      "B": {"Type": "Pass", "Output": {"err": "{% $err %}", "c": "{% $states.input.cause %}"},
            "End": true}}})",
                Json{{"x", 1}}, invoker);
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"err": "Boom", "c": "bad"})"));
}

TEST(EngineJsonata, CatchWithoutOutputPassesTheErrorOutput) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f"},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}], "End": true},
      "B": {"Type": "Succeed"}}})",
                Json::object(), [](const TaskRequest&) { return TaskOutcome::failed("E", "C"); });
  ASSERT_TRUE(ex);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"Error": "E", "Cause": "C"})"));
}

TEST(EngineJsonata, QueryEvaluationErrorIsCatchable) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "{% $states.input.none %}"},
            "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "B",
                       "Output": "{% $states.errorOutput.Error %}"}], "End": true},
      "B": {"Type": "Succeed"}}})");
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_EQ(*ex->output(), Json("States.QueryEvaluationError"));
}

TEST(EngineJsonata, MapItemsAndItemSelectorWithContext) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
      "Type": "Map", "Items": "{% $states.input.xs %}",
      "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}",
                       "i": "{% $states.context.Map.Item.Index %}"},
      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass",
          "Output": "{% $states.input.v * 10 + $states.input.i %}", "End": true}}},
      "End": true}}})",
                Json{{"xs", {1, 2, 3}}});
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_EQ(*ex->output(), (Json{10, 21, 32}));
}

TEST(EngineJsonata, MapItemsOfTheWrongType) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Map", "Items": "{% $states.input.x %}",
      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
      "End": true}}})",
                Json{{"x", "string"}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->failure().error, "States.QueryEvaluationError");
  EXPECT_EQ(ex->failure().cause,
            std::string(kPrefix) +
                "The JSONata expression '$states.input.x' specified for the field 'Items' "
                "returned an unexpected result type. Expected 'array', but was 'string' for "
                "value: \"string\"");
}

TEST(EngineJsonata, ParallelBranchesReadOuterVariables) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
      "S": {"Type": "Pass", "Assign": {"k": 3}, "Next": "P"},
      "P": {"Type": "Parallel", "Arguments": {"a": "{% $states.input.a %}"}, "Branches": [
          {"StartAt": "B1", "States": {"B1": {"Type": "Pass",
              "Output": "{% $k + $states.input.a %}", "End": true}}},
          {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "Assign": {"inner": 1},
              "Output": "{% $k %}", "End": true}}}],
        "Output": {"r": "{% $states.result %}"}, "End": true}}})",
                Json{{"a", 1}});
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"r": [4, 3]})"));
}

TEST(EngineJsonata, WaitSecondsAndTimestampExpressions) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "B"},
      "B": {"Type": "Wait", "Timestamp": "{% $states.input.ts %}", "End": true}}})",
                Json{{"s", 5}, {"ts", "2016-03-14T01:59:00Z"}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  auto bad = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Wait", "Timestamp": "{% $states.input.ts %}", "End": true}}})",
                 Json{{"ts", "2016-13-05T21:29:29Z"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->failure().error, "States.QueryEvaluationError");
  EXPECT_EQ(bad->failure().cause, std::string(kPrefix) +
                                      "The Timestamp field cannot be parsed as an ISO-8601 "
                                      "extended offset date-time format string: "
                                      "2016-13-05T21:29:29Z");
}

TEST(EngineJsonata, FailErrorAndCauseExpressions) {
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
      "Type": "Fail", "Error": "{% $states.input.e %}", "Cause": "{% 'c-' & $states.input.e %}"}}})",
                Json{{"e", "Bad"}});
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->failure().error, "Bad");
  EXPECT_EQ(ex->failure().cause, "c-Bad");
}

TEST(EngineJsonata, StatesContextAndMixedLanguages) {
  auto ex = run(R"({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Assign": {"v.$": "$.x"}, "Next": "B"},
      "B": {"Type": "Pass", "QueryLanguage": "JSONata",
            "Output": {"v": "{% $v %}", "name": "{% $states.context.State.Name %}"},
            "Next": "C"},
      "C": {"Type": "Pass", "Parameters": {"w.$": "$v", "n.$": "$.name"}, "End": true}}})",
                Json{{"x", 9}});
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded) << ex->failure().cause;
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"w": 9, "n": "B"})"));
}

}  // namespace
}  // namespace sfn

namespace sfn {
namespace {

// [recorded] AWS records EvaluationFailed before the failure: in a Wait it points at the
// Entered event; in a Map, at the event before it, and MapStateFailed follows.
TEST(EngineJsonata, EvaluationFailedEvents) {
  auto wait = testing::run(R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
      "A": {"Type": "Wait", "Timestamp": "{% $states.input.ts %}", "End": true}}})",
                           Json{{"ts", "nope"}});
  ASSERT_TRUE(wait);
  EXPECT_EQ(testing::event_chain(*wait),
            (std::vector<std::string>{"ExecutionStarted 1<0", "WaitStateEntered 2<0",
                                      "EvaluationFailed 3<2", "ExecutionFailed 4<3"}));
  auto map = testing::run(R"({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
      "P": {"Type": "Pass", "Next": "A"},
      "A": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {
          "I": {"Type": "Pass", "End": true}}}, "End": true}}})",
                          Json(1));
  ASSERT_TRUE(map);
  EXPECT_EQ(testing::event_chain(*map),
            (std::vector<std::string>{"ExecutionStarted 1<0", "PassStateEntered 2<0",
                                      "PassStateExited 3<2", "MapStateEntered 4<3",
                                      "EvaluationFailed 5<3", "MapStateFailed 6<5",
                                      "ExecutionFailed 7<6"}));
}

}  // namespace
}  // namespace sfn
