// Redriving a parent whose Distributed Map's run did not succeed (docs/semantics/distributed-map.md
// R1-R9): the same map run is redriven, only its unsuccessful children run again, STANDARD ones
// in place from the state they ended in, EXPRESS ones from the start; on processors made up for
// the rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine_test_support.h"

namespace sfn::testing {
namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using engine::TaskRequest;
using Strings = std::vector<std::string>;

constexpr std::int64_t kStart = 1700000000000;

std::string distributed(const std::string& processor, const std::string& execution_type,
                        const std::string& map_fields = "") {
  return R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",)" +
         map_fields + R"( "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
    "ExecutionType": ")" +
         execution_type + R"("}, )" + processor + R"(}, "End": true}}})";
}

// Pre (a Pass) then Work (a Task that fails for odd items while `broken` holds).
const char* kFlaky = R"("StartAt": "Pre", "States": {"Pre": {"Type": "Pass", "Next": "Work"},
  "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Flaky",
           "End": true}})";

engine::TaskInvoker flaky(std::shared_ptr<bool> broken) {
  return [broken](const TaskRequest& r) {
    const Json& item = *r.parameters;
    if (*broken && item.is_number_integer() && item.get<int>() % 2 == 1) {
      return TaskOutcome::failed("Boom", "it broke");
    }
    return TaskOutcome::success(Json{{"done", item}});
  };
}

Strings types_of(const std::vector<engine::HistoryEvent>& history) {
  Strings out;
  for (const auto& e : history) out.emplace_back(engine::to_string(e.type));
  return out;
}

std::size_t count(const Strings& types, const std::string& type) {
  return static_cast<std::size_t>(std::count(types.begin(), types.end(), type));
}

// R1, R2, R4-R7: the run fails (odd items), the parent is redriven once the task is mended: the
// same map run goes on, the succeeded children keep their one attempt, the others run again.
TEST(EngineDistributedRedrive, RedrivesTheSameRunAndOnlyItsUnsuccessfulChildren) {
  const Json items = Json{{"items", Json::array({0, 1, 2, 3})}};
  for (const char* type : {"STANDARD", "EXPRESS"}) {
    SCOPED_TRACE(type);
    const bool express = std::string(type) == "EXPRESS";
    auto broken = std::make_shared<bool>(true);
    auto ex = make_execution(distributed(kFlaky, type), items, flaky(broken));
    ASSERT_TRUE(ex);
    ex->run_virtual();
    ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
    EXPECT_EQ(ex->failure().error, "States.ExceedToleratedFailureThreshold");
    ASSERT_EQ(ex->map_runs().size(), 1u);
    const std::string run_arn = ex->map_runs()[0].arn;
    const std::size_t children = ex->child_execution_count();
    ASSERT_EQ(children, 4u);
    std::set<std::size_t> succeeded;
    std::vector<std::size_t> history_sizes;
    std::vector<ExecutionStatus> first_status;
    for (std::size_t i = 0; i < children; ++i) {
      first_status.push_back(ex->child_execution(i).status);
      if (ex->child_execution(i).status == ExecutionStatus::Succeeded) succeeded.insert(i);
      history_sizes.push_back(ex->child_execution(i).history.size());
    }
    ASSERT_LT(succeeded.size(), children);
    const std::size_t before = ex->history().size();

    *broken = false;
    ASSERT_TRUE(ex->redrive(kStart + 60000));
    ex->run_virtual();
    ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
    // R2: the same run, redriven once; no new run, no new child.
    ASSERT_EQ(ex->map_runs().size(), 1u);
    const engine::MapRunRecord& run = ex->map_runs()[0];
    EXPECT_EQ(run.arn, run_arn);
    EXPECT_EQ(run.status, ExecutionStatus::Succeeded);
    EXPECT_EQ(run.redrive_count, 1);
    EXPECT_EQ(run.redrive_ms.value_or(-1), kStart + 60000);
    ASSERT_EQ(ex->child_execution_count(), children);
    // R7: the counters follow each child's last attempt.
    EXPECT_EQ(run.items_succeeded, 4);
    EXPECT_EQ(run.items_failed, 0);
    EXPECT_EQ(run.items_aborted, 0);
    // The parent: re-entered, MapRunRedriven in place of MapRunStarted.
    const Strings all = types_of(ex->history());
    Strings parent(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    EXPECT_EQ(parent, (Strings{"ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                               "MapRunRedriven", "MapRunSucceeded", "MapStateSucceeded",
                               "MapStateExited", "ExecutionSucceeded"}));
    const engine::HistoryEvent& redriven = ex->history()[before + 3];
    ASSERT_TRUE(redriven.details);
    EXPECT_EQ(redriven.details->map_run_arn, run_arn);
    EXPECT_EQ(redriven.details->redrive_count.value_or(-1), 1);
    // The Map's result: every item's, in item order.
    Json expected = Json::array();
    for (int i = 0; i < 4; ++i) expected.push_back(Json{{"done", i}});
    EXPECT_EQ(*ex->output(), expected);
    for (std::size_t i = 0; i < children; ++i) {
      engine::ChildExecutionView child = ex->child_execution(i);
      EXPECT_EQ(child.status, ExecutionStatus::Succeeded);
      Strings t = types_of(child.history);
      if (succeeded.count(i)) {
        // R4: not run again.
        EXPECT_EQ(child.history.size(), history_sizes[i]);
        EXPECT_EQ(child.redrive_count, 0);
      } else if (express) {
        // R6: started over from the processor's first state, under the same ARN.
        EXPECT_EQ(child.redrive_count, 0);
        EXPECT_EQ(t.front(), "ExecutionStarted");
        EXPECT_EQ(count(t, "ExecutionRedriven"), 0u);
        EXPECT_EQ(count(t, "ExecutionFailed") + count(t, "ExecutionAborted"), 0u);
        EXPECT_EQ(count(t, "PassStateEntered"), 1u);
        EXPECT_EQ(child.start_ms, kStart + 60000);
      } else {
        // R5: redriven in place, from the state it ended in (Pre is not entered again).
        EXPECT_EQ(child.redrive_count, 1);
        EXPECT_EQ(child.redrive_ms.value_or(-1), kStart + 60000);
        EXPECT_EQ(count(t, "ExecutionRedriven"), 1u);
        EXPECT_EQ(t.back(), "ExecutionSucceeded");
        EXPECT_EQ(child.start_ms, kStart);
        if (first_status[i] != ExecutionStatus::Failed) continue;  // aborted wherever it was
        EXPECT_EQ(count(t, "PassStateEntered"), 1u);
        auto at = std::find(t.begin(), t.end(), "ExecutionRedriven");
        ASSERT_NE(at, t.end());
        ASSERT_NE(at + 1, t.end());
        EXPECT_EQ(*(at + 1), "TaskStateEntered");
        // ids go on, each event pointing at the one before it in the redriven attempt
        const auto k = static_cast<std::size_t>(at - t.begin());
        EXPECT_EQ(child.history[k].id, static_cast<std::int64_t>(k + 1));
        EXPECT_EQ(child.history[k].previous_event_id, static_cast<std::int64_t>(k));
      }
    }
  }
}

// R1, R8: a parent stopped while its run runs (P1): the redrive runs the aborted children again
// and then starts the items no child had taken, within MaxConcurrency.
TEST(EngineDistributedRedrive, StoppedParentRedrivesAbortedChildrenThenTheRest) {
  const char* waiting =
      R"("StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}})";
  auto ex = make_execution(distributed(waiting, "STANDARD", R"("MaxConcurrency": 2,)"),
                           Json{{"items", Json::array({1, 2, 3})}});
  ASSERT_TRUE(ex);
  ex->run_until(kStart + 10000);
  ex->stop(std::nullopt, std::nullopt, kStart + 10000);
  ASSERT_EQ(ex->status(), ExecutionStatus::Aborted);
  ASSERT_EQ(ex->child_execution_count(), 2u);
  ASSERT_TRUE(ex->redrive(kStart + 20000));
  ex->run_virtual();
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  ASSERT_EQ(ex->map_runs().size(), 1u);
  const engine::MapRunRecord& run = ex->map_runs()[0];
  EXPECT_EQ(run.redrive_count, 1);
  EXPECT_EQ(run.items_succeeded, 3);
  EXPECT_EQ(run.items_aborted, 0);
  ASSERT_EQ(ex->child_execution_count(), 3u);
  for (std::size_t i = 0; i < 2; ++i) {
    engine::ChildExecutionView child = ex->child_execution(i);
    EXPECT_EQ(
        types_of(child.history),
        (Strings{"ExecutionStarted", "WaitStateEntered", "ExecutionAborted", "ExecutionRedriven",
                 "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"}));
    EXPECT_EQ(child.redrive_count, 1);
  }
  // The third item's child starts once a redriven one has ended (MaxConcurrency 2).
  engine::ChildExecutionView third = ex->child_execution(2);
  EXPECT_EQ(third.redrive_count, 0);
  EXPECT_EQ(third.start_ms, kStart + 20000 + 30000);
  EXPECT_EQ(*ex->output(), Json::array({1, 2, 3}));
}

// R3: a run that started no child (its ItemReader failed) is started anew: a second map run.
TEST(EngineDistributedRedrive, RunWithoutChildrenStartsAnew) {
  const std::string definition = R"({"StartAt": "M", "States": {"M": {"Type": "Map",
    "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                   "ReaderConfig": {"InputType": "JSON"},
                   "Parameters": {"Bucket": "b", "Key": "k"}},
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})";
  auto missing = [](const TaskRequest&) {
    return TaskOutcome::failed("S3.NoSuchKey", "The specified key does not exist.");
  };
  auto ex = make_execution(definition, Json::object(), missing);
  ASSERT_TRUE(ex);
  ex->run_virtual();
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  ASSERT_EQ(ex->map_runs().size(), 1u);
  ASSERT_TRUE(ex->redrive(kStart + 1000));
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  ASSERT_EQ(ex->map_runs().size(), 2u);
  EXPECT_NE(ex->map_runs()[0].arn, ex->map_runs()[1].arn);
  EXPECT_EQ(ex->map_runs()[1].redrive_count, 0);
  EXPECT_EQ(count(event_types(*ex), "MapRunRedriven"), 0u);
  EXPECT_EQ(count(event_types(*ex), "MapRunStarted"), 2u);
}

// R9: a map run is redriven at most 1000 times; the next redrive fails the Map state with
// States.Runtime and records no MapRunRedriven.
TEST(EngineDistributedRedrive, AtMostAThousandRedrivesOfARun) {
  const char* failing = R"("StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}})";
  auto ex = make_execution(distributed(failing, "STANDARD"), Json{{"items", Json::array({1})}});
  ASSERT_TRUE(ex);
  ex->run_virtual();
  std::int64_t now = kStart;
  for (int i = 1; i <= 1000; ++i) {
    now += 1000;
    ASSERT_TRUE(ex->redrive(now));
    ex->run_virtual();
    ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
    ASSERT_EQ(ex->failure().error, "States.ExceedToleratedFailureThreshold");
  }
  ASSERT_EQ(ex->map_runs().size(), 1u);
  EXPECT_EQ(ex->map_runs()[0].redrive_count, 1000);
  EXPECT_EQ(ex->child_execution(0).redrive_count, 1000);
  const std::size_t redriven = count(event_types(*ex), "MapRunRedriven");
  ASSERT_TRUE(ex->redrive(now + 1000));
  ex->run_virtual();
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Runtime");
  EXPECT_EQ(count(event_types(*ex), "MapRunRedriven"), redriven);
  EXPECT_EQ(ex->map_runs()[0].redrive_count, 1000);
}

// R1: a Map caught by its Catch and a later state failing: the redrive re-enters that later
// state; the map run is not redriven.
TEST(EngineDistributedRedrive, OnlyTheStateTheExecutionEndedInIsRedriven) {
  const std::string definition = R"({"StartAt": "M", "States": {"M": {"Type": "Map",
    "ItemsPath": "$.items", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}],
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "X", "States": {"X": {"Type": "Fail", "Error": "E"}}}, "End": true},
    "F": {"Type": "Fail", "Error": "Last"}}})";
  auto ex = make_execution(definition, Json{{"items", Json::array({1})}});
  ASSERT_TRUE(ex);
  ex->run_virtual();
  ASSERT_EQ(ex->failure().error, "Last");
  ASSERT_TRUE(ex->redrive(kStart + 1000));
  ex->run_virtual();
  EXPECT_EQ(ex->failure().error, "Last");
  EXPECT_EQ(ex->map_runs()[0].redrive_count, 0);
  EXPECT_EQ(count(event_types(*ex), "MapRunRedriven"), 0u);
}

}  // namespace
}  // namespace sfn::testing
