// Executions through Service::dispatch: start, describe, list, history, stop, callbacks,
// Express semantics and the clocks.
#include <atomic>
#include <thread>

#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

const char* kWaitMachine =
    R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"P"},)"
    R"("P":{"Type":"Pass","End":true}}})";
const char* kCallbackMachine =
    R"({"StartAt":"T","States":{"T":{"Type":"Task",)"
    R"("Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",)"
    R"("Parameters":{"QueueUrl":"q","MessageBody":{"Token.$":"$$.Task.Token"}},"End":true}}})";

TEST(ServiceExecutions, StartDescribeHistory) {
  Service s;
  std::string sm = create_machine(s, "m");
  Json start =
      ok(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "e1"}, {"input", R"({"a":1})"}});
  std::string arn = start["executionArn"];
  EXPECT_EQ(arn, "arn:aws:states:us-east-1:123456789012:execution:m:e1");
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["input"], R"({"a":1})");
  EXPECT_EQ(d["output"], R"({"a":1})");
  EXPECT_EQ(d["outputDetails"], (Json{{"included", true}}));
  EXPECT_EQ(d["redriveStatus"], "NOT_REDRIVABLE");
  EXPECT_EQ(d["redriveStatusReason"], "Execution is SUCCEEDED and cannot be redriven");
  EXPECT_EQ(d["startDate"], start["startDate"]);

  Json h = ok(s, "GetExecutionHistory", {{"executionArn", arn}});
  ASSERT_EQ(h["events"].size(), 4u);
  EXPECT_EQ(h["events"][0]["type"], "ExecutionStarted");
  EXPECT_EQ(h["events"][3]["type"], "ExecutionSucceeded");
  Json r = ok(s, "GetExecutionHistory",
              {{"executionArn", arn}, {"reverseOrder", true}, {"maxResults", 3}});
  ASSERT_EQ(r["events"].size(), 3u);
  EXPECT_EQ(r["events"][0]["type"], "ExecutionSucceeded");
  Json rest = ok(s, "GetExecutionHistory",
                 {{"executionArn", arn}, {"reverseOrder", true}, {"nextToken", r["nextToken"]}});
  ASSERT_EQ(rest["events"].size(), 1u);
  EXPECT_EQ(rest["events"][0]["type"], "ExecutionStarted");
  Json nodata =
      ok(s, "GetExecutionHistory", {{"executionArn", arn}, {"includeExecutionData", false}});
  EXPECT_FALSE(nodata["events"][0]["executionStartedEventDetails"].contains("input"));

  Json sm_for = ok(s, "DescribeStateMachineForExecution", {{"executionArn", arn}});
  EXPECT_EQ(sm_for["definition"], kPassMachine);
  EXPECT_EQ(sm_for["stateMachineArn"], sm);
}

TEST(ServiceExecutions, ErrorsAndInputs) {
  Service s;
  std::string sm = create_machine(s, "m");
  auto e = fails(s, "StartExecution", {{"stateMachineArn", sm + "x"}});
  EXPECT_EQ(e.code, "StateMachineDoesNotExist");
  e = fails(s, "StartExecution", {{"stateMachineArn", sm}, {"input", "{bad"}});
  EXPECT_EQ(e.code, "InvalidExecutionInput");
  e = fails(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "a b"}});
  EXPECT_EQ(e.code, "InvalidName");
  e = fails(s, "DescribeExecution",
            {{"executionArn", "arn:aws:states:us-east-1:123456789012:execution:m:none"}});
  EXPECT_EQ(e.code, "ExecutionDoesNotExist");
  e = fails(s, "DescribeExecution", {{"executionArn", "invalid_state_machine_arn"}});
  EXPECT_EQ(e.message, "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'");
  e = fails(s, "StartSyncExecution", {{"stateMachineArn", sm}});
  EXPECT_EQ(e.code, "StateMachineTypeNotSupported");
  e = fails(s, "ListExecutions", Json::object());
  EXPECT_EQ(e.code, "ValidationException");
}

TEST(ServiceExecutions, NamesAreIdempotentOnlyWhileRunningWithTheSameInput) {
  Service s;
  std::string sm = create_machine(s, "cb", kCallbackMachine);
  Json first = ok(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "n"}, {"input", "{}"}});
  Json again = ok(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "n"}, {"input", "{ }"}});
  EXPECT_EQ(first, again);
  auto e = fails(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "n"}, {"input", "[1]"}});
  EXPECT_EQ(e.code, "ExecutionAlreadyExists");
  EXPECT_EQ(e.message,
            "Execution Already Exists: '" + first["executionArn"].get<std::string>() + "'");
  ok(s, "StopExecution", {{"executionArn", first["executionArn"]}, {"error", "E"}, {"cause", "C"}});
  Json d = ok(s, "DescribeExecution", {{"executionArn", first["executionArn"]}});
  EXPECT_EQ(d["status"], "ABORTED");
  EXPECT_EQ(d["error"], "E");
  EXPECT_EQ(d["cause"], "C");
  EXPECT_EQ(d["redriveStatus"], "REDRIVABLE");
  e = fails(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "n"}, {"input", "{}"}});
  EXPECT_EQ(e.code, "ExecutionAlreadyExists");
}

TEST(ServiceExecutions, CallbackTokensCompleteTasks) {
  Service s;
  std::string sm = create_machine(s, "cb", kCallbackMachine);
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["status"], "RUNNING");
  // The token is in the history (TaskScheduled parameters).
  Json h = ok(s, "GetExecutionHistory", {{"executionArn", arn}});
  Json params =
      Json::parse(h["events"][2]["taskScheduledEventDetails"]["parameters"].get<std::string>());
  std::string token = params["MessageBody"]["Token"];
  ok(s, "SendTaskHeartbeat", {{"taskToken", token}});
  ok(s, "SendTaskSuccess", {{"taskToken", token}, {"output", R"({"done":true})"}});
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["output"], R"({"done":true})");
  auto e = fails(s, "SendTaskSuccess", {{"taskToken", token}, {"output", "{}"}});
  EXPECT_EQ(e.code, "TaskTimedOut");
  e = fails(s, "SendTaskFailure", {{"taskToken", "nonsense"}});
  EXPECT_EQ(e.code, "InvalidToken");
}

TEST(ServiceExecutions, ActivityWorkersGetTasks) {
  Service s;
  std::string activity = ok(s, "CreateActivity", {{"name", "work"}})["activityArn"];
  std::string sm = create_machine(s, "act",
                                  R"({"StartAt":"A","States":{"A":{"Type":"Task","Resource":")" +
                                      activity + R"(","End":true}}})");
  std::string arn =
      ok(s, "StartExecution", {{"stateMachineArn", sm}, {"input", R"({"n":1})"}})["executionArn"];
  Json task = ok(s, "GetActivityTask", {{"activityArn", activity}, {"workerName", "w"}});
  EXPECT_EQ(task["input"], R"({"n":1})");
  EXPECT_TRUE(ok(s, "GetActivityTask", {{"activityArn", activity}}).empty());
  ok(s, "SendTaskFailure", {{"taskToken", task["taskToken"]}, {"error", "Boom"}});
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["error"], "Boom");
  EXPECT_FALSE(d.contains("cause"));
}

TEST(ServiceExecutions, ExpressExecutionsAreSyncAndNotDescribable) {
  Service s;
  std::string sm = create_machine(s, "x", kPassMachine, "EXPRESS");
  Json r = ok(s, "StartSyncExecution", {{"stateMachineArn", sm}, {"input", R"({"k":2})"}});
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_EQ(r["output"], R"({"k":2})");
  EXPECT_EQ(r["billingDetails"]["billedMemoryUsedInMB"], 64);
  std::string arn = r["executionArn"];
  EXPECT_TRUE(arn.starts_with("arn:aws:states:us-east-1:123456789012:express:x:"));
  auto e = fails(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(e.message, "Invalid Arn: 'Resource type not valid in this context: express'");
  e = fails(s, "ListExecutions", {{"stateMachineArn", sm}});
  EXPECT_EQ(e.code, "StateMachineTypeNotSupported");
  Json async = ok(s, "StartExecution", {{"stateMachineArn", sm}});
  EXPECT_TRUE(async["executionArn"].get<std::string>().find(":express:") != std::string::npos);
  e = fails(s, "StopExecution", {{"executionArn", async["executionArn"]}});
  EXPECT_EQ(e.code, "InvalidArn");
}

TEST(ServiceExecutions, VirtualClockRunsWaitsAtOnce) {
  Service s;
  std::string sm = create_machine(s, "w", kWaitMachine);
  Json start = ok(s, "StartExecution", {{"stateMachineArn", sm}});
  Json d = ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_DOUBLE_EQ(d["stopDate"].get<double>() - d["startDate"].get<double>(), 3600.0);
}

TEST(ServiceExecutions, ManualClockHoldsWaitsUntilAdvanced) {
  auto clock = std::make_shared<service::ManualClock>(1700000000000);
  service::ServiceOptions options;
  options.clock.kind = service::ClockKind::Manual;
  options.clock.manual = clock;
  Service s(options);
  std::string sm = create_machine(s, "w", kWaitMachine);
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["status"], "RUNNING");
  clock->advance(3599 * 1000);
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["status"], "RUNNING");
  clock->advance(1000);
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_DOUBLE_EQ(d["stopDate"].get<double>(), 1700003600.0);
}

TEST(ServiceExecutions, ListFiltersAndPages) {
  Service s;
  std::string sm = create_machine(s, "cb", kCallbackMachine);
  for (int i = 0; i < 5; ++i) {
    ok(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "e" + std::to_string(i)}});
  }
  ok(s, "StopExecution",
     {{"executionArn", "arn:aws:states:us-east-1:123456789012:execution:cb:e2"}});
  Json running = ok(s, "ListExecutions", {{"stateMachineArn", sm}, {"statusFilter", "RUNNING"}});
  EXPECT_EQ(running["executions"].size(), 4u);
  std::vector<std::string> names;
  Json request = {{"stateMachineArn", sm}, {"maxResults", 2}};
  while (true) {
    Json page = ok(s, "ListExecutions", request);
    for (const auto& e : page["executions"]) names.push_back(e["name"]);
    if (!page.contains("nextToken")) break;
    request["nextToken"] = page["nextToken"];
  }
  EXPECT_EQ(names, (std::vector<std::string>{"e4", "e3", "e2", "e1", "e0"}));  // newest first
}

TEST(ServiceExecutions, TaskHandlersMayCallBackIntoTheService) {
  Service s;
  std::string sm = create_machine(
      s, "t",
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",)"
      R"("Parameters":{"FunctionName":"f","Payload.$":"$"},"End":true}}})");
  service::CallContext ctx;
  std::atomic<int> calls{0};
  ctx.invoker = [&](const engine::TaskRequest& request) {
    ++calls;
    // Reading its own execution from inside the task neither deadlocks nor sees the end.
    Json d = ok(s, "DescribeExecution", {{"executionArn", std::string(request.execution_arn)}});
    EXPECT_EQ(d["status"], "RUNNING");
    Json h = ok(s, "GetExecutionHistory", {{"executionArn", std::string(request.execution_arn)}});
    EXPECT_GE(h["events"].size(), 3u);
    return engine::TaskOutcome::success(Json{{"Payload", 7}});
  };
  Json start = ok(s, "StartExecution", {{"stateMachineArn", sm}}, ctx);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}})["status"],
            "SUCCEEDED");
}

TEST(ServiceExecutions, ManyThreadsStartManyExecutions) {
  Service s;
  std::string sm = create_machine(s, "par");
  constexpr int kThreads = 8;
  constexpr int kEach = 200;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = s.dispatch(
            "StartExecution",
            {{"stateMachineArn", sm}, {"name", "t" + std::to_string(t) + "-" + std::to_string(i)}},
            {});
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  std::size_t count = 0;
  Json request = {{"stateMachineArn", sm}, {"statusFilter", "SUCCEEDED"}, {"maxResults", 1000}};
  while (true) {
    Json page = ok(s, "ListExecutions", request);
    count += page["executions"].size();
    if (!page.contains("nextToken")) break;
    request["nextToken"] = page["nextToken"];
  }
  EXPECT_EQ(count, static_cast<std::size_t>(kThreads * kEach));
}

TEST(ServiceExecutions, WireFormRoundTrips) {
  Service s;
  auto [status, body] = s.dispatch_text(
      "CreateStateMachine",
      R"({"name":"w","definition":")" +
          std::string(
              R"({\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}})") +
          R"(","roleArn":"arn:aws:iam::123456789012:role/r"})",
      {});
  EXPECT_EQ(status, 200) << body;
  auto [bad_status, bad_body] = s.dispatch_text("DescribeStateMachine", "{nope", {});
  EXPECT_EQ(bad_status, 400);
  EXPECT_EQ(Json::parse(bad_body)["__type"], "SerializationException");
  auto [e_status, e_body] =
      s.dispatch_text("DescribeStateMachine", R"({"stateMachineArn":"x"})", {});
  EXPECT_EQ(e_status, 400);
  EXPECT_EQ(Json::parse(e_body),
            (Json{{"__type", "InvalidArn"}, {"message", "Invalid Arn: 'Invalid ARN prefix: x'"}}));
}

}  // namespace
}  // namespace sfn::testing

namespace sfn::testing {
namespace {

TEST(ServiceExecutions, DistributedMapRunsAndChildExecutions) {
  service::Service s;
  std::string sm = create_machine(
      s, "dm",
      R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",)"
      R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},)"
      R"("StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})");
  std::string arn =
      ok(s, "StartExecution",
         {{"stateMachineArn", sm}, {"input", R"({"items":[1,2,3]})"}})["executionArn"];
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["output"], "[1,2,3]");
  Json runs = ok(s, "ListMapRuns", {{"executionArn", arn}});
  ASSERT_EQ(runs["mapRuns"].size(), 1u);
  std::string run = runs["mapRuns"][0]["mapRunArn"];
  EXPECT_TRUE(run.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:dm/")) << run;
  Json described = ok(s, "DescribeMapRun", {{"mapRunArn", run}});
  EXPECT_EQ(described["status"], "SUCCEEDED");
  EXPECT_EQ(described["itemCounts"]["succeeded"], 3);
  EXPECT_EQ(described["itemCounts"]["total"], 3);
  EXPECT_EQ(described["executionArn"], arn);
  Json children = ok(s, "ListExecutions", {{"mapRunArn", run}});
  ASSERT_EQ(children["executions"].size(), 3u);
  std::string child = children["executions"][0]["executionArn"];
  Json d = ok(s, "DescribeExecution", {{"executionArn", child}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["mapRunArn"], run);
  Json h = ok(s, "GetExecutionHistory", {{"executionArn", child}});
  EXPECT_EQ(h["events"][0]["type"], "ExecutionStarted");
  EXPECT_EQ(fails(s, "UpdateMapRun", {{"mapRunArn", run}, {"maxConcurrency", 2}}).fields["reason"],
            "CANNOT_UPDATE_COMPLETED_MAP_RUN");
  EXPECT_EQ(fails(s, "DescribeMapRun", {{"mapRunArn", run + "x"}}).code, "ResourceNotFound");
}

}  // namespace
}  // namespace sfn::testing
