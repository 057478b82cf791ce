// What a Distributed Map child execution's states see and how a map run ends early
// (docs/semantics/distributed-map.md X2-X3 and P1-P4): each row of the tables, in both query
// languages and both child execution types, on processors made up for the row.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/timestamp.h"
#include "engine_test_support.h"

namespace sfn::testing {
namespace {

using engine::ExecutionStatus;
using Strings = std::vector<std::string>;

constexpr std::int64_t kStart = 1700000000000;

std::string distributed(const std::string& processor_states, const std::string& execution_type,
                        const std::string& map_fields = "") {
  return R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
    "Label": "Lbl", "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},)" +
         map_fields + R"( "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
    "ExecutionType": ")" +
         execution_type + R"("}, )" + processor_states + R"(}, "End": true}}})";
}

// A processor of one state that returns the whole context object it sees.
const char* kContextJsonPath =
    R"("StartAt": "C", "States": {"C": {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": true}})";
const char* kContextJsonata = R"("StartAt": "C", "States": {"C": {"Type": "Pass",
       "QueryLanguage": "JSONata", "Output": {"ctx": "{% $states.context %}"}, "End": true}})";

// X2: a child's states read the child's own execution and its map run's state machine; X3: no
// `Map` member (Map.Item is the ItemSelector's, in the parent).
TEST(EngineDistributedContext, ChildStatesReadTheChildsContextObject) {
  const Json items = Json{{"items", Json::array({"a", "b"})}};
  for (const char* type : {"STANDARD", "EXPRESS"}) {
    for (const char* processor : {kContextJsonPath, kContextJsonata}) {
      SCOPED_TRACE(std::string(type) + " " + processor);
      auto ex = run(distributed(processor, type), items);
      ASSERT_TRUE(ex);
      ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
      ASSERT_EQ(ex->child_execution_count(), 2u);
      for (std::size_t i = 0; i < 2; ++i) {
        engine::ChildExecutionView child = ex->child_execution(i);
        const Json& ctx = (*child.output)["ctx"];
        const Json& execution = ctx["Execution"];
        EXPECT_EQ(execution["Id"], child.arn);
        EXPECT_EQ(execution["Name"], child.name);
        EXPECT_EQ(execution["Input"], *child.input);
        EXPECT_EQ(execution["Input"]["index"], static_cast<int>(i));
        EXPECT_EQ(execution["StartTime"], engine::format_timestamp(child.start_ms));
        EXPECT_EQ(execution["RoleArn"], "arn:aws:iam::123456789012:role/r");
        EXPECT_EQ(execution["RedriveCount"], 0);
        // ...:execution:<machine>/<label>:<name>
        EXPECT_EQ(child.arn,
                  "arn:aws:states:us-east-1:123456789012:execution:sm/Lbl:" + child.name);
        EXPECT_EQ(ctx["StateMachine"]["Id"],
                  "arn:aws:states:us-east-1:123456789012:stateMachine:sm/Lbl");
        EXPECT_EQ(ctx["StateMachine"]["Name"], "sm/Lbl");
        EXPECT_EQ(ctx["State"]["Name"], "C");
        EXPECT_FALSE(ctx.contains("Map"));
        EXPECT_FALSE(ctx.contains("Task"));
      }
    }
  }
}

// X3: the ItemSelector, evaluated in the parent's Map state, reads the parent's execution, the
// Map state and Map.Item.
TEST(EngineDistributedContext, ItemSelectorReadsTheParentsContextAndMapItem) {
  const std::string definition = R"({"StartAt": "M", "States": {"M": {"Type": "Map",
    "ItemsPath": "$.items", "ItemSelector": {"id.$": "$$.Execution.Id", "state.$": "$$.State.Name",
    "machine.$": "$$.StateMachine.Name", "item.$": "$$.Map.Item"},
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})";
  auto ex = run(definition, Json{{"items", Json::array({"x"})}});
  ASSERT_TRUE(ex);
  ASSERT_EQ(ex->child_execution_count(), 1u);
  EXPECT_TRUE(same_json(*ex->child_execution(0).input,
                        R"({"id": "arn:aws:states:us-east-1:123456789012:execution:sm:ex",
                            "state": "M", "machine": "sm", "item": {"Index": 0, "Value": "x"}})"));
}

// What the parent, the map run and the children show when the run ends early.
struct EndRow {
  const char* what;
  std::string definition;
  std::int64_t stop_at_ms;  // > 0: StopExecution then; 0: run on the virtual clock
  ExecutionStatus parent;
  Strings parent_tail;  // the parent's last events
  ExecutionStatus run;
  bool child_state_aborts;  // the children record their states' aborts before ExecutionAborted
};

// Children that wait 30 s in a Wait, started two at a time.
const char* kWaitingChildren =
    R"("StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}})";

std::vector<EndRow> end_rows() {
  const std::string map = distributed(kWaitingChildren, "STANDARD", R"("MaxConcurrency": 2,)");
  const std::string timed = R"({"TimeoutSeconds": 10,)" + map.substr(1);
  const std::string sibling = R"({"StartAt": "P", "States": {"P": {"Type": "Parallel",
    "End": true, "Branches": [
      {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        )" + std::string(kWaitingChildren) +
                              R"(}, "End": true}}},
      {"StartAt": "S", "States": {"S": {"Type": "Wait", "Seconds": 5, "Next": "F"},
        "F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}]}}})";
  return {
      {"P1 parent stopped",
       map,
       kStart + 10000,
       ExecutionStatus::Aborted,
       {"MapRunStarted", "ExecutionAborted"},
       ExecutionStatus::Aborted,
       false},
      {"P2 parent timed out",
       timed,
       0,
       ExecutionStatus::TimedOut,
       {"MapRunStarted", "ExecutionTimedOut"},
       ExecutionStatus::Aborted,
       false},
      {"P3 sibling branch failed",
       sibling,
       0,
       ExecutionStatus::Failed,
       {"MapRunAborted", "MapStateAborted", "ParallelStateFailed", "ExecutionFailed"},
       ExecutionStatus::Aborted,
       true},
  };
}

TEST(EngineDistributedContext, EndingEarlyAbortsTheRunAndItsRunningChildren) {
  const Json items = Json{{"items", Json::array({1, 2, 3})}};
  for (const EndRow& row : end_rows()) {
    SCOPED_TRACE(row.what);
    auto ex = make_execution(row.definition, items);
    ASSERT_TRUE(ex);
    if (row.stop_at_ms > 0) {
      ex->run_until(row.stop_at_ms);
      ASSERT_EQ(ex->status(), ExecutionStatus::Running);
      ex->stop(std::nullopt, std::nullopt, row.stop_at_ms);
    } else {
      ex->run_virtual();
    }
    EXPECT_EQ(ex->status(), row.parent);
    Strings types = event_types(*ex);
    ASSERT_GE(types.size(), row.parent_tail.size());
    EXPECT_EQ(
        Strings(types.end() - static_cast<std::ptrdiff_t>(row.parent_tail.size()), types.end()),
        row.parent_tail);
    ASSERT_EQ(ex->map_runs().size(), 1u);
    const engine::MapRunRecord& run = ex->map_runs()[0];
    EXPECT_EQ(run.status, row.run);
    ASSERT_TRUE(run.stop_ms.has_value());
    EXPECT_EQ(*run.stop_ms, ex->stop_time_ms().value_or(-1));
    // Two children had started (MaxConcurrency 2), the third item never did.
    ASSERT_EQ(ex->child_execution_count(), 2u);
    EXPECT_EQ(run.items_aborted, 2);
    EXPECT_EQ(run.items_succeeded + run.items_failed, 0);
    for (std::size_t i = 0; i < 2; ++i) {
      engine::ChildExecutionView child = ex->child_execution(i);
      EXPECT_EQ(child.status, ExecutionStatus::Aborted);
      ASSERT_TRUE(child.stop_ms.has_value());
      EXPECT_EQ(*child.stop_ms, *run.stop_ms);
      Strings child_types;
      for (const auto& e : child.history) child_types.emplace_back(engine::to_string(e.type));
      Strings expected = {"ExecutionStarted", "WaitStateEntered"};
      if (row.child_state_aborts) expected.emplace_back("WaitStateAborted");
      expected.emplace_back("ExecutionAborted");
      EXPECT_EQ(child_types, expected);
      // Stopped as StopExecution stops an execution: the end points at no event.
      if (!row.child_state_aborts) {
        EXPECT_EQ(child.history.back().previous_event_id, 0);
      }
    }
  }
}

}  // namespace
}  // namespace sfn::testing
