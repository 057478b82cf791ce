// RedriveExecution through Service::dispatch: which executions may be redriven, the re-run from
// the state that failed, the continued history and the redrive fields of Describe/List.
#include <memory>

#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

const char* kFlaky =
    R"({"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.a","Next":"T"},)"
    R"("T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",)"
    R"("Parameters":{"FunctionName":"f","Payload.$":"$"},"End":true}}})";

// Fails the first `failures` calls, then answers with the payload it was given.
service::CallContext flaky_context(std::shared_ptr<int> calls, int failures) {
  service::CallContext ctx;
  ctx.invoker = [calls, failures](const engine::TaskRequest& request) {
    if ((*calls)++ < failures) return engine::TaskOutcome::failed("Boom", "first try");
    return engine::TaskOutcome::success((*request.parameters)["Payload"]);
  };
  return ctx;
}

std::vector<std::string> types(const Json& events) {
  std::vector<std::string> out;
  for (const Json& e : events) out.push_back(e["type"]);
  return out;
}

TEST(ServiceRedrive, RerunsFromTheFailedStateAndContinuesTheHistory) {
  Service s;
  auto calls = std::make_shared<int>(0);
  service::CallContext ctx = flaky_context(calls, 1);
  std::string sm = create_machine(s, "m", kFlaky);
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}, {"input", R"({"in":0})"}},
                       ctx)["executionArn"];
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  ASSERT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["redriveStatus"], "REDRIVABLE");
  EXPECT_EQ(d["redriveCount"], 0);
  EXPECT_FALSE(d.contains("redriveDate"));
  std::size_t before = ok(s, "GetExecutionHistory", {{"executionArn", arn}})["events"].size();

  Json r = ok(s, "RedriveExecution", {{"executionArn", arn}});
  EXPECT_TRUE(r["redriveDate"].is_number());
  EXPECT_EQ(*calls, 2);

  d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(Json::parse(d["output"].get<std::string>()), Json::parse(R"({"in":0,"a":{"x":1}})"));
  EXPECT_EQ(d["redriveCount"], 1);
  EXPECT_EQ(d["redriveDate"], r["redriveDate"]);
  EXPECT_EQ(d["redriveStatus"], "NOT_REDRIVABLE");
  EXPECT_EQ(d["redriveStatusReason"], "Execution is SUCCEEDED and cannot be redriven");
  EXPECT_FALSE(d.contains("error"));

  Json events = ok(s, "GetExecutionHistory", {{"executionArn", arn}})["events"];
  std::vector<std::string> t = types(events);
  ASSERT_GT(t.size(), before + 2);
  EXPECT_EQ(t[before - 1], "ExecutionFailed");
  EXPECT_EQ(t[before], "ExecutionRedriven");
  EXPECT_EQ(events[before]["executionRedrivenEventDetails"]["redriveCount"], 1);
  EXPECT_EQ(events[before]["id"], static_cast<std::int64_t>(before) + 1);
  // The Pass state that succeeded is not run again: the Task is re-entered.
  EXPECT_EQ(t[before + 1], "TaskStateEntered");
  EXPECT_EQ(events[before + 1]["stateEnteredEventDetails"]["name"], "T");
  EXPECT_EQ(events[before + 1]["previousEventId"], events[before]["id"]);
  EXPECT_EQ(t.back(), "ExecutionSucceeded");

  auto e = fails(s, "RedriveExecution", {{"executionArn", arn}});
  EXPECT_EQ(e.code, "ExecutionNotRedrivable");
  EXPECT_EQ(e.message, "Execution is SUCCEEDED and cannot be redriven");

  Json redriven = ok(s, "ListExecutions", {{"stateMachineArn", sm}, {"redriveFilter", "REDRIVEN"}});
  ASSERT_EQ(redriven["executions"].size(), 1u);
  EXPECT_EQ(redriven["executions"][0]["redriveCount"], 1);
  EXPECT_TRUE(redriven["executions"][0].contains("redriveDate"));
  Json not_redriven =
      ok(s, "ListExecutions", {{"stateMachineArn", sm}, {"redriveFilter", "NOT_REDRIVEN"}});
  EXPECT_TRUE(not_redriven["executions"].empty());
}

TEST(ServiceRedrive, FailsAgainAndCountsEachRedrive) {
  Service s;
  auto calls = std::make_shared<int>(0);
  service::CallContext ctx = flaky_context(calls, 2);
  std::string sm = create_machine(s, "m", kFlaky);
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}}, ctx)["executionArn"];
  ok(s, "RedriveExecution", {{"executionArn", arn}});
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["error"], "Boom");
  EXPECT_EQ(d["redriveCount"], 1);
  ok(s, "RedriveExecution", {{"executionArn", arn}});
  d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["redriveCount"], 2);
}

TEST(ServiceRedrive, AbortedExecutionResumesItsState) {
  auto clock = std::make_shared<service::ManualClock>(1700000000000);
  service::ServiceOptions options;
  options.clock.kind = service::ClockKind::Manual;
  options.clock.manual = clock;
  Service s(options);
  const char* wait = R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}})";
  std::string sm = create_machine(s, "w", wait);
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  auto e = fails(s, "RedriveExecution", {{"executionArn", arn}});
  EXPECT_EQ(e.message, "Execution is RUNNING and cannot be redriven");
  ok(s, "StopExecution", {{"executionArn", arn}});
  ok(s, "RedriveExecution", {{"executionArn", arn}});
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["status"], "RUNNING");
  clock->advance(10 * 1000);
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(d["redriveCount"], 1);
  EXPECT_DOUBLE_EQ(d["redriveDate"].get<double>(), 1700000000.0);
}

TEST(ServiceRedrive, RedrivablePeriodIsFourteenDays) {
  auto clock = std::make_shared<service::ManualClock>(1700000000000);
  service::ServiceOptions options;
  options.clock.kind = service::ClockKind::Manual;
  options.clock.manual = clock;
  Service s(options);
  std::string sm = create_machine(s, "f", R"({"StartAt":"F","States":{"F":{"Type":"Fail"}}})");
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  clock->advance(14LL * 24 * 3600 * 1000);
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", arn}})["redriveStatus"], "REDRIVABLE");
  clock->advance(1000);
  Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
  EXPECT_EQ(d["redriveStatus"], "NOT_REDRIVABLE");
  EXPECT_EQ(d["redriveStatusReason"], "Execution redrivable period exceeded");
  auto e = fails(s, "RedriveExecution", {{"executionArn", arn}});
  EXPECT_EQ(e.code, "ExecutionNotRedrivable");
  EXPECT_EQ(e.message, "Execution redrivable period exceeded");
}

TEST(ServiceRedrive, ExpressAndUnknownExecutions) {
  Service s;
  std::string sm = create_machine(s, "x", kPassMachine, "EXPRESS");
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  EXPECT_FALSE(s.dispatch("RedriveExecution", {{"executionArn", arn}}, {}).ok());
  auto e = fails(s, "RedriveExecution",
                 {{"executionArn", "arn:aws:states:us-east-1:123456789012:execution:m:none"}});
  EXPECT_EQ(e.code, "ExecutionDoesNotExist");
}

}  // namespace
}  // namespace sfn::testing
