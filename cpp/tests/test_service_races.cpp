// Calls that race a running execution: a stop or a callback queued while a task handler runs is
// applied before the execution takes another step, a token is answered once, an interrupted
// call leaves its execution where it stood.
#include <atomic>
#include <thread>
#include <vector>

#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

const char* kLambdaThenPass =
    R"({"StartAt":"T","States":{"T":{"Type":"Task",)"
    R"("Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Next":"P"},)"
    R"("P":{"Type":"Pass","End":true}}})";

std::vector<std::string> types(Service& s, const std::string& arn) {
  std::vector<std::string> out;
  Json history = ok(s, "GetExecutionHistory", {{"executionArn", arn}});
  for (const Json& e : history["events"]) out.push_back(e["type"]);
  return out;
}

TEST(ServiceRaces, AStopQueuedByTheRunningHandlerLandsBeforeItsResult) {
  Service s;
  std::string sm = create_machine(s, "m", kLambdaThenPass);
  std::string arn = "arn:aws:states:us-east-1:123456789012:execution:m:e";
  service::CallContext ctx;
  ctx.invoker = [&](const engine::TaskRequest&) {
    ok(s, "StopExecution", {{"executionArn", arn}, {"error", "E"}});
    return engine::TaskOutcome::success(Json::object());
  };
  ok(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "e"}}, ctx);
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "ABORTED");
  EXPECT_EQ(d["error"], "E");
  EXPECT_EQ(types(s, arn), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered",
                                                     "LambdaFunctionScheduled",
                                                     "LambdaFunctionStarted", "ExecutionAborted"}));
}

TEST(ServiceRaces, AHandlerAnsweringItsOwnTokenCompletesTheTaskWithTheCallback) {
  Service s;
  std::string sm = create_machine(
      s, "cb",
      R"({"StartAt":"T","States":{"T":{"Type":"Task",)"
      R"("Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",)"
      R"("Parameters":{"FunctionName":"f","Payload":{"t.$":"$$.Task.Token"}},"End":true}}})");
  service::CallContext ctx;
  ctx.invoker = [&](const engine::TaskRequest& request) {
    ok(s, "SendTaskSuccess",
       {{"taskToken", std::string(request.task_token)}, {"output", R"({"via":"callback"})"}});
    return engine::TaskOutcome::success(Json{{"via", "return"}});
  };
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}}, ctx)["executionArn"];
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["output"], R"({"via":"callback"})");
}

TEST(ServiceRaces, ATokenIsAcceptedOnce) {
  Service s;
  std::string sm = create_machine(
      s, "cb",
      R"({"StartAt":"T","States":{"T":{"Type":"Task",)"
      R"("Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",)"
      R"("Parameters":{"QueueUrl":"q","MessageBody":{"t.$":"$$.Task.Token"}},"End":true}}})");
  for (int round = 0; round < 50; ++round) {
    std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
    Json h = ok(s, "GetExecutionHistory", {{"executionArn", arn}});
    std::string token = Json::parse(h["events"][2]["taskScheduledEventDetails"]["parameters"]
                                        .get<std::string>())["MessageBody"]["t"];
    std::atomic<int> accepted{0}, timed_out{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        auto r = s.dispatch("SendTaskSuccess", {{"taskToken", token}, {"output", "{}"}}, {});
        if (r.ok()) {
          ++accepted;
        } else if (r.error().code == "TaskTimedOut") {
          ++timed_out;
        }
      });
    }
    for (auto& t : threads) t.join();
    ASSERT_EQ(accepted, 1);
    ASSERT_EQ(timed_out, 7);
  }
}

TEST(ServiceRaces, AnInterruptedCallLeavesTheExecutionWhereItStood) {
  Service s;
  std::string sm = create_machine(s, "m", kLambdaThenPass);
  std::atomic<bool> interrupt{false};
  service::CallContext ctx;
  ctx.invoker = [&](const engine::TaskRequest&) {
    interrupt = true;  // as Ctrl-C in a Python handler does
    return engine::TaskOutcome::success(Json{{"ok", 1}});
  };
  ctx.interrupted = [&] { return interrupt.load(); };
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}}, ctx)["executionArn"];
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["status"], "RUNNING");
  EXPECT_EQ(types(s, arn).back(), "LambdaFunctionStarted");
  interrupt = false;
  ok(s, "StopExecution", {{"executionArn", arn}});
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["status"], "ABORTED");
}

TEST(ServiceRaces, AnEndlessStandardLoopFailsAtTheHistoryLimitAndExpressAtFiveMinutes) {
  Service s;
  const char* loop =
      R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"Next":"C"},)"
      R"("C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"E"}],)"
      R"("Default":"W"},"E":{"Type":"Succeed"}}})";
  std::string standard = create_machine(s, "std", loop);
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", standard}})["executionArn"];
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["cause"], "The execution reached the maximum number of history events (25000).");
  EXPECT_EQ(d["redriveStatus"], "NOT_REDRIVABLE");
  std::string express = create_machine(s, "exp", loop, "EXPRESS");
  Json sync = ok(s, "StartSyncExecution", {{"stateMachineArn", express}});
  EXPECT_EQ(sync["status"], "TIMED_OUT");
  EXPECT_EQ(sync["stopDate"].get<double>() - sync["startDate"].get<double>(), 300.0);
}

}  // namespace
}  // namespace sfn::testing
