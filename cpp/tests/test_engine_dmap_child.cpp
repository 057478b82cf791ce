// A Distributed Map child execution owns everything inside it (docs/semantics/distributed-map.md
// X1): the events of its Parallel branches and inline Map iterations, their Tasks, Retry/Catch and
// Waits are in its own history, ordered as a standalone execution of the ItemProcessor with the
// same input orders them, and they read the child's context object. The parent's history holds
// only the Map and map run events, as when the processor is a single state.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine_test_support.h"

namespace sfn::testing {
namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using engine::TaskRequest;
using Strings = std::vector<std::string>;

// "Type id<prev name lane@attempt +ms" per event: the whole shape of a history, timestamps
// relative to its first event.
Strings shape(const std::vector<engine::HistoryEvent>& history) {
  Strings out;
  const std::int64_t start = history.empty() ? 0 : history.front().timestamp_ms;
  for (const auto& e : history) {
    out.push_back(std::string(engine::to_string(e.type)) + " " + std::to_string(e.id) + "<" +
                  std::to_string(e.previous_event_id) + " " + std::string(e.name) + " " +
                  std::to_string(e.lane) + "@" + std::to_string(e.attempt) + " +" +
                  std::to_string(e.timestamp_ms - start));
  }
  return out;
}

// The Task invoker of the table: `Echo` answers what the task saw of its execution; `Boom` fails.
engine::TaskInvoker echo_invoker() {
  return [](const TaskRequest& r) {
    if (r.resource->arn.find("Boom") != std::string::npos) {
      return TaskOutcome::failed("Boom", "it broke");
    }
    Json seen = Json::object();
    seen["input"] = r.execution_input ? *r.execution_input : Json(nullptr);
    if (r.context) seen["id"] = (*r.context)["Execution"]["Id"];
    return TaskOutcome::success(seen);
  };
}

std::string distributed(const std::string& processor, const std::string& map_fields = "") {
  return R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
    "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value"},)" +
         map_fields + R"( "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
    "ExecutionType": "STANDARD"}, )" +
         processor + R"(}, "End": true}}})";
}

const char* kTask =
    R"("Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Echo")";

struct Row {
  const char* what;
  std::string processor;  // "StartAt" and "States" of the ItemProcessor
  bool child_fails = false;
};

std::vector<Row> rows() {
  const std::string task = kTask;
  return {
      {"parallel", R"("StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                     {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]}})"},
      {"inline map", R"("StartAt": "S", "States": {
        "S": {"Type": "Pass", "Result": {"xs": [1, 2, 3]}, "Next": "I"},
        "I": {"Type": "Map", "ItemsPath": "$.xs",
        "ItemSelector": {"i.$": "$$.Map.Item.Index", "id.$": "$$.Execution.Id"},
        "ItemProcessor": {"StartAt": "T", "States": {"T": {)" +
                         task + R"(, "End": true}}}, "End": true}})"},
      {"context in a branch", R"("StartAt": "P", "States": {"P": {"Type": "Parallel",
        "End": true, "Branches": [
          {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true, "Parameters": {
             "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name",
             "input.$": "$$.Execution.Input", "start.$": "$$.Execution.StartTime",
             "state.$": "$$.State.Name"}}}},
          {"StartAt": "T", "States": {"T": {)" +
                                  task + R"(, "End": true}}}]}})"},
      {"failing branch caught", R"("StartAt": "P", "States": {"P": {"Type": "Parallel",
        "Next": "Never", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recovered"}],
        "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5,
                        "End": true}}},
                     {"StartAt": "F", "States": {"F": {"Type": "Task",
                        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Boom",
                        "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1,
                                   "IntervalSeconds": 1}], "End": true}}}]},
        "Never": {"Type": "Fail"}, "Recovered": {"Type": "Pass", "End": true}})"},
      {"failing branch fails the child", R"("StartAt": "P", "States": {"P": {"Type": "Parallel",
        "End": true, "Branches": [
          {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}},
          {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}]}})",
       true},
      {"wait in a branch", R"("StartAt": "P", "States": {"P": {"Type": "Parallel",
        "Next": "After", "Branches": [
          {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "Next": "T"},
                                      "T": {)" +
                               task + R"(, "End": true}}}]},
        "After": {"Type": "Wait", "Seconds": 2, "End": true}})"},
      {"map in a parallel", R"("StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": {"xs": [1, 2]}, "Next": "I"}, "I": {"Type": "Map", "ItemsPath": "$.xs",
          "ItemProcessor": {"StartAt": "T", "States": {"T": {)" +
                                task + R"(, "End": true}}}, "End": true}}}]}})"},
  };
}

const Json kItems = Json{{"items", Json::array({"a", "b"})}};

// The parent's history with `processor`'s children: only Map and map run events, the same as
// with a processor of one state that ends the child the same way.
TEST(EngineDistributedChild, ParentHistoryHoldsOnlyTheMapRun) {
  const std::string tolerate = R"("ToleratedFailureCount": 5,)";
  for (const Row& row : rows()) {
    SCOPED_TRACE(row.what);
    auto ex = run(distributed(row.processor, tolerate), kItems, echo_invoker());
    ASSERT_TRUE(ex);
    const char* single = row.child_fails
                             ? R"("StartAt": "X", "States": {"X": {"Type": "Fail"}})"
                             : R"("StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}})";
    auto reference = run(distributed(single, tolerate), kItems, echo_invoker());
    EXPECT_EQ(event_types(*ex), event_types(*reference));
    EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  }
}

// Each child's history is the history of a standalone execution of the ItemProcessor with the
// child's input: same events, ids, links, lanes, attempts and relative times.
TEST(EngineDistributedChild, ChildHistoryIsAStandaloneExecutionsHistory) {
  for (const Row& row : rows()) {
    SCOPED_TRACE(row.what);
    auto ex =
        run(distributed(row.processor, R"("ToleratedFailureCount": 5,)"), kItems, echo_invoker());
    ASSERT_TRUE(ex);
    ASSERT_EQ(ex->child_execution_count(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
      engine::ChildExecutionView child = ex->child_execution(i);
      EXPECT_EQ(child.status,
                row.child_fails ? ExecutionStatus::Failed : ExecutionStatus::Succeeded);
      auto alone = run("{" + row.processor + "}", *child.input, echo_invoker());
      ASSERT_TRUE(alone);
      EXPECT_EQ(alone->status(), child.status);
      EXPECT_EQ(shape(child.history), shape(alone->history()));
    }
  }
}

// What a child's branches read of their execution: the child's Id, Name, Input and StartTime.
TEST(EngineDistributedChild, BranchesReadTheChildsContextObject) {
  const Row row = rows()[2];
  auto ex = run(distributed(row.processor), kItems, echo_invoker());
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  for (std::size_t i = 0; i < 2; ++i) {
    engine::ChildExecutionView child = ex->child_execution(i);
    ASSERT_EQ(child.status, ExecutionStatus::Succeeded);
    const Json& out = *child.output;
    EXPECT_EQ(out[0]["id"], child.arn);
    EXPECT_EQ(out[0]["name"], child.name);
    EXPECT_EQ(out[0]["input"], *child.input);
    EXPECT_EQ(out[0]["state"], "C");
    EXPECT_EQ(out[0]["input"]["index"], static_cast<int>(i));
    EXPECT_EQ(out[1]["id"], child.arn);
    EXPECT_EQ(out[1]["input"], *child.input);
  }
  // The inline Map inside a child: its ItemSelector reads the child's $$.Execution.Id and its
  // own $$.Map.Item.Index; its Tasks the child's input.
  auto inner = run(distributed(rows()[1].processor), kItems, echo_invoker());
  ASSERT_TRUE(inner);
  ASSERT_EQ(inner->status(), ExecutionStatus::Succeeded);
  engine::ChildExecutionView child = inner->child_execution(1);
  ASSERT_EQ(child.output->size(), 3u);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_EQ((*child.output)[j]["input"], *child.input);
    EXPECT_EQ((*child.output)[j]["id"], child.arn);
  }
}

// A child failing in a branch beyond the tolerated failures: the run fails, the other children
// are aborted in their own histories, and the parent records only MapRunFailed and the Map's end.
TEST(EngineDistributedChild, ChildFailingBeyondToleranceAbortsOthersInTheirOwnHistories) {
  // Only item "b" fails, in a branch, while the other children's branches wait.
  const std::string processor = R"("StartAt": "P", "States": {"P": {"Type": "Parallel",
    "End": true, "Branches": [
      {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}},
      {"StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "Fine", "Choices": [
         {"Variable": "$.value", "StringEquals": "b", "Next": "F"}]},
         "F": {"Type": "Fail", "Error": "E", "Cause": "c"},
         "Fine": {"Type": "Wait", "Seconds": 10, "End": true}}}]}})";
  auto ex =
      run(distributed(processor), Json{{"items", Json::array({"a", "b", "c"})}}, echo_invoker());
  ASSERT_TRUE(ex);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(event_types(*ex),
            (Strings{"ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                     "MapRunFailed", "MapStateFailed", "ExecutionFailed"}));
  std::size_t failed = 0;
  std::size_t aborted = 0;
  for (std::size_t i = 0; i < ex->child_execution_count(); ++i) {
    engine::ChildExecutionView child = ex->child_execution(i);
    Strings types;
    for (const auto& e : child.history) types.emplace_back(engine::to_string(e.type));
    if (child.status == ExecutionStatus::Failed) {
      ++failed;
      continue;
    }
    ASSERT_EQ(child.status, ExecutionStatus::Aborted);
    ++aborted;
    // Its branches' aborts are in its own history, before its ExecutionAborted.
    EXPECT_EQ(types.back(), "ExecutionAborted");
    EXPECT_NE(std::find(types.begin(), types.end(), "WaitStateAborted"), types.end());
    EXPECT_NE(std::find(types.begin(), types.end(), "ParallelStateAborted"), types.end());
  }
  EXPECT_EQ(failed, 1u);
  EXPECT_EQ(aborted, 2u);
}

// Aborting the parent while the children's branches wait: nothing of the children reaches the
// parent's history.
TEST(EngineDistributedChild, AbortingTheParentLeavesItsHistoryToTheMapRun) {
  const Row row = rows()[5];  // a Wait of 30 s in a branch
  auto ex = make_execution(distributed(row.processor), kItems, echo_invoker());
  ASSERT_TRUE(ex);
  ex->run_until(1700000000000 + 10000);
  ASSERT_EQ(ex->status(), ExecutionStatus::Running);
  ex->stop(std::string("E"), std::string("c"), 1700000000000 + 10000);
  EXPECT_EQ(ex->status(), ExecutionStatus::Aborted);
  EXPECT_EQ(event_types(*ex), (Strings{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                       "MapRunStarted", "ExecutionAborted"}));
  ASSERT_EQ(ex->child_execution_count(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    Strings types;
    for (const auto& e : ex->child_execution(i).history) {
      types.emplace_back(engine::to_string(e.type));
    }
    // Up to the branch's Wait, as the child recorded it before the abort, then its own end
    // (P1: stopped with its parent, as StopExecution stops an execution).
    EXPECT_EQ(types, (Strings{"ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                              "WaitStateEntered", "ExecutionAborted"}));
    EXPECT_EQ(ex->child_execution(i).status, ExecutionStatus::Aborted);
  }
}

}  // namespace
}  // namespace sfn::testing
