// Tasks that wait on the outside world: .waitForTaskToken callbacks, activities, jobs tracked
// by the invoker, heartbeats and timeouts on the clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "engine_test_support.h"

namespace sfn {
namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using engine::TaskRequest;
using testing::event_types;

constexpr std::int64_t kStart = 1700000000000;

std::unique_ptr<engine::Execution> start(const std::string& definition, engine::TaskInvoker invoker,
                                         const Json& input = Json::object()) {
  return testing::run(definition, input, std::move(invoker), kStart);
}

std::string callback_task(const std::string& extra = "") {
  return R"({"StartAt":"Wait","States":{"Wait":{"Type":"Task",
    "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters":{"QueueUrl":"q","MessageBody":{"Token.$":"$$.Task.Token"}})" +
         extra + R"(,"End":true}}})";
}

// An invoker that leaves the task waiting and remembers its token.
engine::TaskInvoker waiting(std::string& token, std::optional<Json> submitted = {}) {
  return [&token, submitted](const TaskRequest& r) {
    token = std::string(r.task_token);
    TaskOutcome o = TaskOutcome::pending();
    o.submitted = submitted;
    return o;
  };
}

TEST(EngineCallback, TokenIsInContextAndTaskWaitsUntilCompleted) {
  std::string token;
  Json seen;
  auto ex = start(callback_task(), [&](const TaskRequest& r) {
    token = std::string(r.task_token);
    seen = *r.parameters;
    TaskOutcome o = TaskOutcome::pending();
    o.submitted = Json{{"MessageId", "m-1"}};
    return o;
  });
  ASSERT_EQ(ex->status(), ExecutionStatus::Running);
  ASSERT_EQ(token.size(), 152u);
  EXPECT_EQ(seen["MessageBody"]["Token"], token);
  EXPECT_EQ(ex->pending_task_tokens(), std::vector<std::string>{token});
  EXPECT_EQ(ex->history().back().type, engine::EventType::TaskSubmitted);

  EXPECT_TRUE(ex->complete_task(token, TaskOutcome::success(Json{{"ok", true}}), kStart + 5000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"ok":true})"));
  EXPECT_EQ(event_types(*ex),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                                      "TaskStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(ex->history()[5].timestamp_ms, kStart + 5000);
  // The token is spent.
  EXPECT_FALSE(ex->complete_task(token, TaskOutcome::success(Json(1)), kStart + 6000));
  EXPECT_FALSE(ex->heartbeat_task(token, kStart + 6000));
}

TEST(EngineCallback, TheVirtualClockStopsBeforeAWaitingTasksDeadline) {
  std::string token;
  // The Wait branch runs its 3 s; the virtual clock then stops short of the callback's 10 s
  // timeout, since only the outside world can answer the callback.
  auto ex = start(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
    {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3,"End":true}}},
    {"StartAt":"T","States":{"T":{"Type":"Task","TimeoutSeconds":10,
     "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
     "Parameters":{"QueueUrl":"q","MessageBody":"m"},"End":true}}}]}}})",
                  waiting(token));
  EXPECT_EQ(ex->status(), ExecutionStatus::Running);
  EXPECT_EQ(ex->run_virtual(), kStart + 3000);
  EXPECT_EQ(ex->next_due_ms(), kStart + 10000);
  auto types = event_types(*ex);
  EXPECT_EQ(std::count(types.begin(), types.end(), "WaitStateExited"), 1);
  ASSERT_TRUE(ex->complete_task(token, TaskOutcome::success(Json(2)), kStart + 4000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"([{},2])"));
}

TEST(EngineCallback, FailureIsCaughtLikeAnyTaskFailure) {
  std::string token;
  auto ex = start(R"({"StartAt":"Wait","States":{"Wait":{"Type":"Task",
    "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters":{"QueueUrl":"q","MessageBody":"m"},
    "Catch":[{"ErrorEquals":["Rejected"],"Next":"No"}],"End":true},
    "No":{"Type":"Pass","End":true}}})",
                  waiting(token));
  ASSERT_TRUE(ex->complete_task(token, TaskOutcome::failed("Rejected", "by a human"), kStart));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_TRUE(testing::same_json(*ex->output(), R"({"Error":"Rejected","Cause":"by a human"})"));
}

TEST(EngineCallback, UnknownTokenIsRefused) {
  std::string token;
  auto ex = start(callback_task(), waiting(token));
  EXPECT_FALSE(ex->complete_task("AQnot-a-token", TaskOutcome::success(Json(1)), kStart));
  EXPECT_FALSE(ex->heartbeat_task("AQnot-a-token", kStart));
  EXPECT_FALSE(ex->start_activity(token, "worker", kStart));  // not an activity
  EXPECT_EQ(ex->status(), ExecutionStatus::Running);
}

TEST(EngineCallback, TimeoutSecondsExpiresOnTheClock) {
  std::string token;
  auto ex = start(callback_task(R"(,"TimeoutSeconds":5)"), waiting(token));
  ASSERT_EQ(ex->status(), ExecutionStatus::Running);
  ASSERT_EQ(ex->next_due_ms(), kStart + 5000);
  ex->run_until(kStart + 4999);
  EXPECT_EQ(ex->status(), ExecutionStatus::Running);
  ex->run_until(kStart + 5000);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Timeout");
  EXPECT_FALSE(ex->failure().has_cause);
  EXPECT_EQ(event_types(*ex)[4], "TaskTimedOut");
  // A late answer finds nothing.
  EXPECT_FALSE(ex->complete_task(token, TaskOutcome::success(Json(1)), kStart + 6000));
}

TEST(EngineCallback, LateAnswerAfterTheDeadlineTimesOut) {
  std::string token;
  auto ex = start(callback_task(R"(,"TimeoutSeconds":5)"), waiting(token));
  // Delivered at 7 s: the 5 s timer fires first.
  EXPECT_FALSE(ex->complete_task(token, TaskOutcome::success(Json(1)), kStart + 7000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Timeout");
}

TEST(EngineHeartbeat, MissedHeartbeatTimesOutWithStatesTimeout) {
  std::string token;
  auto ex = start(callback_task(R"(,"TimeoutSeconds":600,"HeartbeatSeconds":5)"), waiting(token));
  ASSERT_EQ(ex->next_due_ms(), kStart + 5000);
  ex->run_until(kStart + 5000);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Timeout");
  EXPECT_EQ(*ex->stop_time_ms(), kStart + 5000);
  auto types = event_types(*ex);
  EXPECT_EQ(types[types.size() - 2], "TaskTimedOut");
}

TEST(EngineHeartbeat, HeartbeatsKeepTheTaskAliveUntilTheTimeout) {
  std::string token;
  auto ex = start(callback_task(R"(,"TimeoutSeconds":12,"HeartbeatSeconds":5)"), waiting(token));
  EXPECT_TRUE(ex->heartbeat_task(token, kStart + 4000));
  EXPECT_EQ(ex->next_due_ms(), kStart + 9000);
  EXPECT_TRUE(ex->heartbeat_task(token, kStart + 8000));
  // The next heartbeat would be due at 13 s, but TimeoutSeconds caps the task at 12 s.
  EXPECT_EQ(ex->next_due_ms(), kStart + 12000);
  ex->run_until(kStart + 11999);
  EXPECT_EQ(ex->status(), ExecutionStatus::Running);
  ex->run_until(kStart + 12000);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Timeout");
  EXPECT_FALSE(ex->heartbeat_task(token, kStart + 12001));
}

TEST(EngineHeartbeat, HeartbeatAfterExpiryIsRefused) {
  std::string token;
  auto ex = start(callback_task(R"(,"HeartbeatSeconds":5)"), waiting(token));
  EXPECT_FALSE(ex->heartbeat_task(token, kStart + 5000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
}

TEST(EngineHeartbeat, HeartbeatThenSuccess) {
  std::string token;
  auto ex = start(callback_task(R"(,"HeartbeatSeconds":5)"), waiting(token));
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(ex->heartbeat_task(token, kStart + i * 4000));
  ASSERT_TRUE(ex->complete_task(token, TaskOutcome::success(Json("done")), kStart + 43000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->output(), Json("done"));
}

TEST(EngineHeartbeat, RequestResponseTasksIgnoreHeartbeatSeconds) {
  TaskOutcome slow = TaskOutcome::success(Json(1));
  slow.duration_seconds = 8;
  auto ex = start(R"({"StartAt":"L","States":{"L":{"Type":"Task",
    "Resource":"arn:aws:states:::lambda:invoke","HeartbeatSeconds":5,
    "Parameters":{"FunctionName":"f"},"End":true}}})",
                  [slow](const TaskRequest&) { return slow; });
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->stop_time_ms(), kStart + 8000);
}

TEST(EngineHeartbeat, SimulatedDurationPastTheHeartbeatTimesOut) {
  TaskOutcome slow = TaskOutcome::success(Json(1));
  slow.duration_seconds = 8;
  slow.submitted = Json{{"MessageId", "m"}};
  auto ex =
      start(callback_task(R"(,"HeartbeatSeconds":5)"), [slow](const TaskRequest&) { return slow; });
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(*ex->stop_time_ms(), kStart + 5000);
  EXPECT_EQ(event_types(*ex),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSubmitted", "TaskTimedOut",
                                      "ExecutionFailed"}));
}

TEST(EngineHeartbeat, InfiniteDurationRunsIntoTheTimeout) {
  TaskOutcome never = TaskOutcome::success(Json(1));
  never.duration_seconds = std::numeric_limits<double>::infinity();
  auto ex = start(R"({"StartAt":"L","States":{"L":{"Type":"Task","TimeoutSeconds":3,
    "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}})",
                  [never](const TaskRequest&) { return never; });
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(*ex->stop_time_ms(), kStart + 3000);
  EXPECT_EQ(event_types(*ex)[4], "LambdaFunctionTimedOut");
}

const char* kActivity = R"({"StartAt":"A","States":{"A":{"Type":"Task",
  "Resource":"arn:aws:states:us-east-1:123456789012:activity:work",
  "TimeoutSeconds":60,"HeartbeatSeconds":10,"End":true}}})";

TEST(EngineActivity, StartsWhenAWorkerTakesItAndHeartbeatsFromThen) {
  std::string token;
  std::string input;
  auto ex = start(
      kActivity,
      [&](const TaskRequest& r) {
        token = std::string(r.task_token);
        input = to_text(*r.parameters);
        return TaskOutcome::pending();
      },
      Json{{"job", 7}});
  ASSERT_EQ(token.size(), 152u);
  EXPECT_EQ(input, R"({"job":7})");
  EXPECT_EQ(event_types(*ex).back(), "ActivityScheduled");
  // The heartbeat clock runs from scheduling until a worker takes the task.
  EXPECT_EQ(ex->next_due_ms(), kStart + 10000);
  ASSERT_TRUE(ex->start_activity(token, "worker-1", kStart + 8000));
  EXPECT_EQ(ex->next_due_ms(), kStart + 18000);
  EXPECT_TRUE(ex->start_activity(token, "worker-2", kStart + 9000));  // already started
  ASSERT_TRUE(ex->complete_task(token, TaskOutcome::success(Json{{"done", 1}}), kStart + 9000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(event_types(*ex),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                      "ActivityStarted", "ActivitySucceeded", "TaskStateExited",
                                      "ExecutionSucceeded"}));
  Json started = engine::to_api_json(ex->history()[3]);
  EXPECT_EQ(started["activityStartedEventDetails"]["workerName"], "worker-1");
}

TEST(EngineActivity, AnsweredAtOnceRecordsTheWorkerGiven) {
  auto ex = start(kActivity, [](const TaskRequest&) {
    TaskOutcome o = TaskOutcome::success(Json{{"x", 1}});
    o.worker_name = "mock-worker";
    return o;
  });
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  Json started = engine::to_api_json(ex->history()[3]);
  EXPECT_EQ(started["type"], "ActivityStarted");
  EXPECT_EQ(started["activityStartedEventDetails"]["workerName"], "mock-worker");
}

TEST(EngineActivity, NeverTakenTimesOutAtTheHeartbeat) {
  std::string token;
  auto ex = start(kActivity, waiting(token));
  ex->run_until(kStart + 10000);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(event_types(*ex),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ActivityScheduled",
                                      "ActivityTimedOut", "ExecutionFailed"}));
}

TEST(EngineActivity, CompletedWithoutBeingTakenStillRecordsStarted) {
  std::string token;
  auto ex = start(kActivity, waiting(token));
  ASSERT_TRUE(ex->complete_task(token, TaskOutcome::failed("Nope", "no"), kStart + 1000));
  EXPECT_EQ(event_types(*ex)[3], "ActivityStarted");
  EXPECT_EQ(event_types(*ex)[4], "ActivityFailed");
  Json started = engine::to_api_json(ex->history()[3]);
  EXPECT_FALSE(started["activityStartedEventDetails"].contains("workerName"));
}

std::string job_task() {
  return R"({"StartAt":"Run","States":{"Run":{"Type":"Task",
    "Resource":"arn:aws:states:::states:startExecution.sync:2",
    "Parameters":{"StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:child",
      "Input":{"Token.$":"$$.Task.Token"}},
    "End":true}}})";
}

// A job the invoker tracks: pending on its own key, with the task's token beside it.
engine::TaskInvoker job(std::string& token, Json& seen) {
  return [&token, &seen](const TaskRequest& r) {
    token = std::string(r.task_token);
    seen = *r.parameters;
    TaskOutcome o = TaskOutcome::pending("job-1");
    o.submitted = Json{{"ExecutionArn", "child-arn"}};
    return o;
  };
}

TEST(EngineJob, PendingWithAJobKeyIsCompletedLater) {
  std::string token;
  Json seen;
  auto ex = start(job_task(), job(token, seen));
  ASSERT_EQ(ex->status(), ExecutionStatus::Running);
  auto pending = ex->pending_task_tokens();
  std::sort(pending.begin(), pending.end());
  std::vector<std::string> expected{token, "job-1"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(pending, expected);
  ASSERT_TRUE(ex->complete_task("job-1", TaskOutcome::success(Json{{"Status", "SUCCEEDED"}}),
                                kStart + 30000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(*ex->stop_time_ms(), kStart + 30000);
  EXPECT_FALSE(ex->complete_task(token, TaskOutcome::success(Json(1)), kStart + 31000));
}

// docs/semantics/service-integrations.md S1: a job (.sync) has a task token, which ends it
// as SendTaskSuccess/Failure would; its heartbeats are accepted; the job's own key is spent.
TEST(EngineJob, TheTaskTokenOfAJobEndsIt) {
  std::string token;
  Json seen;
  auto ex = start(job_task(), job(token, seen));
  ASSERT_EQ(token.size(), 152u);
  EXPECT_EQ(seen["Input"]["Token"], token);
  EXPECT_TRUE(ex->heartbeat_task(token, kStart + 1000));
  ASSERT_TRUE(ex->complete_task(token, TaskOutcome::failed("Stopped", "by hand"), kStart + 2000));
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "Stopped");
  EXPECT_TRUE(ex->pending_task_tokens().empty());
  EXPECT_FALSE(ex->complete_task("job-1", TaskOutcome::success(Json(1)), kStart + 3000));
}

TEST(EngineJob, RequestResponseTasksHaveNoToken) {
  bool asked = false;
  auto ex = start(R"({"StartAt":"P","States":{"P":{"Type":"Task",
    "Resource":"arn:aws:states:::sns:publish","Parameters":{"Message":"m"},"End":true}}})",
                  [&](const TaskRequest& r) {
                    asked = true;
                    EXPECT_TRUE(r.task_token.empty());
                    return TaskOutcome::success(Json::object());
                  });
  EXPECT_TRUE(asked);
  EXPECT_EQ(ex->status(), ExecutionStatus::Succeeded);
}

TEST(EngineTimeouts, SimultaneousTimeoutsAreAllRecordedBeforeTheMapFails) {
  TaskOutcome never = TaskOutcome::success(Json(1));
  never.duration_seconds = std::numeric_limits<double>::infinity();
  auto ex = start(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{
    "ProcessorConfig":{"Mode":"INLINE"},"StartAt":"L","States":{"L":{"Type":"Task",
    "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,
    "Parameters":{"FunctionName":"f"},"End":true}}},"End":true}}})",
      [never](const TaskRequest&) { return never; }, Json::array({1, 2, 3}));
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  auto types = event_types(*ex);
  // As AWS recorded it (test_service_lambda_map_timeout): every timeout first, then the
  // failed iteration, each other iteration aborted, and the failed iteration's own state.
  ASSERT_GE(types.size(), 11u);
  EXPECT_EQ(std::vector<std::string>(types.end() - 11, types.end()),
            (std::vector<std::string>{
                "TaskTimedOut", "TaskTimedOut", "TaskTimedOut", "MapIterationFailed",
                "TaskStateAborted", "MapIterationAborted", "TaskStateAborted",
                "MapIterationAborted", "TaskStateAborted", "MapStateFailed", "ExecutionFailed"}));
}

TEST(EngineSimulatorErrors, AreNeitherRetriedNorCaught) {
  int calls = 0;
  auto ex = start(R"({"StartAt":"T","States":{"T":{"Type":"Task",
    "Resource":"arn:aws:states:::sns:publish","Parameters":{"Message":"m"},
    "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],
    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},
    "C":{"Type":"Pass","End":true}}})",
                  [&](const TaskRequest&) {
                    ++calls;
                    return TaskOutcome::failed("sfnsim.TaskNotMocked", "no mock");
                  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "sfnsim.TaskNotMocked");
}

// Random interleavings of callbacks, heartbeats, activity starts and clock moves never crash,
// never hang, and leave the execution in a consistent state.
TEST(EngineCallbackFuzz, RandomOperationSequences) {
  std::mt19937_64 rng(42);
  const char* definitions[] = {
      R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"W","States":{"W":{"Type":"Task","HeartbeatSeconds":3,"TimeoutSeconds":20,
         "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
         "Parameters":{"QueueUrl":"q","MessageBody":"m"},
         "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":2}],"End":true}}},
        {"StartAt":"A","States":{"A":{"Type":"Task","HeartbeatSeconds":4,
         "Resource":"arn:aws:states:us-east-1:123456789012:activity:a",
         "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},
         "F":{"Type":"Pass","End":true}}}]}}})",
      R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"ItemProcessor":{
        "ProcessorConfig":{"Mode":"INLINE"},"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","TimeoutSeconds":9,
        "Parameters":{"FunctionName":"f","Payload":{"t.$":"$$.Task.Token"}},"End":true}}},
        "End":true}}})"};
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> tokens;
    auto invoker = [&](const TaskRequest& r) {
      tokens.emplace_back(r.task_token);
      return TaskOutcome::pending();
    };
    auto ex = start(definitions[round % 2], invoker, Json::array({1, 2, 3, 4}));
    std::int64_t now = kStart;
    for (int step = 0; step < 60 && ex->status() == ExecutionStatus::Running; ++step) {
      now += static_cast<std::int64_t>(rng() % 4000);
      std::string token = tokens.empty() ? "AQx" : tokens[rng() % tokens.size()];
      switch (rng() % 5) {
        case 0:
          ex->complete_task(token, TaskOutcome::success(Json(step)), now);
          break;
        case 1:
          ex->complete_task(token, TaskOutcome::failed("E", "c"), now);
          break;
        case 2:
          ex->heartbeat_task(token, now);
          break;
        case 3:
          ex->start_activity(token, "w", now);
          break;
        default:
          ex->run_until(now);
      }
      for (const std::string& t : ex->pending_task_tokens()) ASSERT_FALSE(t.empty());
    }
    ex->run_virtual();
    if (ex->status() == ExecutionStatus::Running) {
      // Only a task waiting without a deadline may hold it (none here has none).
      ASSERT_FALSE(ex->pending_task_tokens().empty());
    }
  }
}

}  // namespace
}  // namespace sfn
