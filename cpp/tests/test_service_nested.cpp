// Nested executions: a Task states:startExecution[.sync|.sync:2] delegated by the task handler
// starts a real execution in the same service.
#include <string>

#include "asl/parser.h"
#include "engine/execution.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

const char* kAccountPrefix = "arn:aws:states:us-east-1:123456789012:";

// A task handler delegating nested executions to the service, as MemoryServices does; other
// callback tasks wait for their token.
service::CallContext delegating() {
  service::CallContext ctx;
  ctx.invoker = [](const engine::TaskRequest& request) {
    if (request.resource->service == "states") return engine::TaskOutcome::delegate();
    if (!request.task_token.empty()) return engine::TaskOutcome::pending();
    return engine::TaskOutcome::failed("NotMocked", "no handler");
  };
  return ctx;
}

// A parent whose only Task starts `child` (by name) with `resource`'s suffix.
std::string parent_definition(const std::string& suffix, const std::string& extra = "") {
  return R"({"StartAt":"Start","States":{"Start":{"Type":"Task",)"
         R"("Resource":"arn:aws:states:::states:startExecution)" +
         suffix +
         R"(","Parameters":{"StateMachineArn.$":"$.Arn","Input.$":"$.Input",)"
         R"("Name.$":"$.Name"})" +
         extra + R"(,"End":true}}})";
}

Json start_input(const std::string& child_arn, const Json& input, const std::string& name) {
  return Json{{"Arn", child_arn}, {"Input", input}, {"Name", name}};
}

Json run(Service& s, const std::string& machine, const Json& input,
         const std::string& name = "parent") {
  Json start =
      ok(s, "StartExecution",
         {{"stateMachineArn", machine}, {"name", name}, {"input", to_text(input)}}, delegating());
  return ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}});
}

Json history(Service& s, const std::string& arn) {
  return ok(s, "GetExecutionHistory", {{"executionArn", arn}})["events"];
}

const Json* find_event(const Json& events, const std::string& type) {
  for (const auto& e : events) {
    if (e["type"] == type) return &e;
  }
  return nullptr;
}

const char* kWaitHour = R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"Next":"P"},)"
                        R"("P":{"Type":"Pass","Result":{"done":true},"End":true}}})";
const char* kFails =
    R"({"StartAt":"F","States":{"F":{"Type":"Fail","Error":"SomeFailure","Cause":"boom"}}})";
const char* kCallback =
    R"({"StartAt":"T","States":{"T":{"Type":"Task",)"
    R"("Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",)"
    R"("Parameters":{"QueueUrl":"q","MessageBody.$":"$$.Task.Token"},"End":true}}})";

TEST(ServiceNested, RequestResponseStartsAChildAndReturnsTheStartResponse) {
  Service s;
  std::string child = create_machine(s, "child", kWaitHour);
  std::string parent = create_machine(s, "parent", parent_definition(""));
  Json d = run(s, parent, start_input(child, Json{{"Hello", "World"}}, "kid"));
  ASSERT_EQ(d["status"], "SUCCEEDED");
  Json out = Json::parse(d["output"].get<std::string>());
  std::string child_arn = std::string(kAccountPrefix) + "execution:child:kid";
  EXPECT_EQ(out["ExecutionArn"], child_arn);
  std::vector<std::string> keys;
  for (const auto& [k, v] : out.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"ExecutionArn", "SdkHttpMetadata",
                                            "SdkResponseMetadata", "StartDate"}));
  const Json& meta = out["SdkHttpMetadata"];
  EXPECT_EQ(meta["HttpStatusCode"], 200);
  EXPECT_EQ(meta["HttpHeaders"]["x-amzn-RequestId"], out["SdkResponseMetadata"]["RequestId"]);
  EXPECT_EQ(meta["AllHttpHeaders"]["Content-Type"][0], "application/x-amz-json-1.0");
  EXPECT_TRUE(out["StartDate"].is_number_integer());

  // The child is an ordinary execution; the parent's task did not wait for it.
  Json c = ok(s, "DescribeExecution", {{"executionArn", child_arn}});
  EXPECT_EQ(c["status"], "SUCCEEDED");  // the virtual clock ran its hour-long wait
  EXPECT_EQ(c["input"], R"({"Hello":"World"})");
  Json events = history(s, d["executionArn"]);
  const Json* started = find_event(events, "TaskStarted");
  const Json* succeeded = find_event(events, "TaskSucceeded");
  ASSERT_TRUE(started && succeeded);
  EXPECT_EQ(started->at("timestamp"), succeeded->at("timestamp"));
  EXPECT_EQ(find_event(events, "TaskSubmitted"), nullptr);
  EXPECT_EQ(static_cast<std::int64_t>(c["startDate"].get<double>() * 1000 + 0.5),
            out["StartDate"].get<std::int64_t>());
  Json listed = ok(s, "ListExecutions", {{"stateMachineArn", child}});
  ASSERT_EQ(listed["executions"].size(), 1u);
  EXPECT_EQ(listed["executions"][0]["executionArn"], child_arn);
}

TEST(ServiceNested, SyncWaitsForTheChildAndReturnsItsDescription) {
  Service s;
  std::string child = create_machine(s, "child", kWaitHour);
  std::string parent = create_machine(s, "parent", parent_definition(".sync"));
  Json d = run(s, parent, start_input(child, nullptr, "kid"));
  ASSERT_EQ(d["status"], "SUCCEEDED");
  Json out = Json::parse(d["output"].get<std::string>());
  std::string child_arn = std::string(kAccountPrefix) + "execution:child:kid";
  EXPECT_EQ(out["ExecutionArn"], child_arn);
  EXPECT_EQ(out["Input"], "{}");
  EXPECT_EQ(out["InputDetails"], (Json{{"Included", true}}));
  EXPECT_EQ(out["Name"], "kid");
  EXPECT_EQ(out["Output"], R"({"done":true})");
  EXPECT_EQ(out["OutputDetails"], (Json{{"Included", true}}));
  EXPECT_EQ(out["RedriveCount"], 0);
  EXPECT_EQ(out["RedriveStatus"], "NOT_REDRIVABLE");
  EXPECT_EQ(out["RedriveStatusReason"], "Execution is SUCCEEDED and cannot be redriven");
  EXPECT_EQ(out["StateMachineArn"], child);
  EXPECT_EQ(out["Status"], "SUCCEEDED");
  EXPECT_EQ(out["StopDate"].get<std::int64_t>() - out["StartDate"].get<std::int64_t>(), 3600000);

  // Virtual clock: the parent's task ends when the child stops, an hour after it started.
  Json events = history(s, d["executionArn"]);
  const Json* submitted = find_event(events, "TaskSubmitted");
  const Json* succeeded = find_event(events, "TaskSucceeded");
  const Json* started = find_event(events, "TaskStarted");
  ASSERT_TRUE(submitted && succeeded && started);
  Json sub = submitted->at("taskSubmittedEventDetails");
  EXPECT_EQ(sub["resource"], "startExecution.sync");
  EXPECT_EQ(sub["resourceType"], "states");
  Json sub_out = Json::parse(sub["output"].get<std::string>());
  EXPECT_EQ(sub_out["ExecutionArn"], child_arn);
  EXPECT_DOUBLE_EQ(
      succeeded->at("timestamp").get<double>() - started->at("timestamp").get<double>(), 3600.0);
  Json c = ok(s, "DescribeExecution", {{"executionArn", child_arn}});
  EXPECT_DOUBLE_EQ(c["startDate"].get<double>(), started->at("timestamp").get<double>());
  EXPECT_DOUBLE_EQ(c["stopDate"].get<double>(), succeeded->at("timestamp").get<double>());
  EXPECT_EQ(history(s, child_arn).size(), 6u);
}

TEST(ServiceNested, Sync2GivesInputAndOutputAsJson) {
  Service s;
  std::string child = create_machine(s, "child", kPassMachine);
  std::string parent = create_machine(s, "parent", parent_definition(".sync:2"));
  Json d = run(s, parent, start_input(child, Json{{"a", 1}}, "kid"));
  ASSERT_EQ(d["status"], "SUCCEEDED");
  Json out = Json::parse(d["output"].get<std::string>());
  EXPECT_EQ(out["Input"], (Json{{"a", 1}}));
  EXPECT_EQ(out["Output"], (Json{{"a", 1}}));
  Json events = history(s, d["executionArn"]);
  const Json* submitted = find_event(events, "TaskSubmitted");
  ASSERT_TRUE(submitted);
  EXPECT_EQ(submitted->at("taskSubmittedEventDetails")["resource"], "startExecution.sync:2");
}

TEST(ServiceNested, InputGivenAsTextIsSentAsItIs) {
  Service s;
  std::string child = create_machine(s, "child", kPassMachine);
  std::string parent = create_machine(s, "parent", parent_definition(".sync"));
  Json d = run(s, parent, start_input(child, R"({"x": [1, 2]})", "kid"));
  ASSERT_EQ(d["status"], "SUCCEEDED");
  Json out = Json::parse(d["output"].get<std::string>());
  EXPECT_EQ(out["Input"], R"({"x": [1, 2]})");
  EXPECT_EQ(out["Output"], R"({"x":[1,2]})");
}

TEST(ServiceNested, ChildFailureFailsTheTaskWithTheDescriptionAsCause) {
  Service s;
  std::string child = create_machine(s, "child", kFails);
  std::string parent = create_machine(
      s, "parent",
      R"({"StartAt":"Start","States":{"Start":{"Type":"Task",)"
      R"("Resource":"arn:aws:states:::states:startExecution.sync",)"
      R"("Parameters":{"StateMachineArn.$":"$.Arn","Name":"kid"},)"
      R"("Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"C"}],)"
      R"("End":true},"C":{"Type":"Pass","End":true}}})");
  Json d = run(s, parent, Json{{"Arn", child}});
  ASSERT_EQ(d["status"], "SUCCEEDED");
  Json out = Json::parse(d["output"].get<std::string>());
  EXPECT_EQ(out["err"]["Error"], "States.TaskFailed");
  Json cause = Json::parse(out["err"]["Cause"].get<std::string>());
  std::vector<std::string> keys;
  for (const auto& [k, v] : cause.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"Cause", "Error", "ExecutionArn", "Input",
                                            "InputDetails", "Name", "StartDate", "StateMachineArn",
                                            "Status", "StopDate"}));
  EXPECT_EQ(cause["Error"], "SomeFailure");
  EXPECT_EQ(cause["Cause"], "boom");
  EXPECT_EQ(cause["Status"], "FAILED");
  EXPECT_EQ(cause["Input"], "{}");
}

TEST(ServiceNested, ChildTimeoutFailsTheTask) {
  Service s;
  std::string child = create_machine(
      s, "child",
      R"({"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})");
  std::string parent = create_machine(s, "parent", parent_definition(".sync"));
  Json d = run(s, parent, start_input(child, Json{{"Payload", nullptr}}, "kid"));
  ASSERT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["error"], "States.TaskFailed");
  Json cause = Json::parse(d["cause"].get<std::string>());
  EXPECT_EQ(cause["Status"], "TIMED_OUT");
  EXPECT_EQ(cause["Error"], "States.Timeout");
  EXPECT_EQ(cause["Input"], R"({"Payload":null})");
  EXPECT_FALSE(cause.contains("Output"));
}

TEST(ServiceNested, CallErrorsAreTheIntegrationsExceptions) {
  Service s;
  std::string child = create_machine(s, "child", kPassMachine);
  std::string parent = create_machine(s, "parent", parent_definition(""));
  Json d = run(s, parent, start_input(child + "NoSuch", nullptr, "kid"), "p1");
  ASSERT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["error"], "StepFunctions.StateMachineDoesNotExistException");
  std::string cause = d["cause"];
  EXPECT_EQ(cause.rfind("State Machine Does Not Exist: '" + child +
                            "NoSuch' (Service: AWSStepFunctions; Status Code: 400; Error Code: "
                            "StateMachineDoesNotExist; Request ID: ",
                        0),
            0u)
      << cause;
  EXPECT_EQ(cause.substr(cause.size() - 14), "; Proxy: null)");

  ok(s, "StartExecution", {{"stateMachineArn", child}, {"name", "taken"}});
  d = run(s, parent, start_input(child, Json{{"other", 1}}, "taken"), "p2");
  EXPECT_EQ(d["error"], "StepFunctions.ExecutionAlreadyExistsException");

  d = run(s, parent, start_input(child, "{not json", "kid2"), "p3");
  EXPECT_EQ(d["error"], "StepFunctions.InvalidExecutionInputException");
  d = run(s, parent, start_input(child, nullptr, "bad name"), "p4");
  EXPECT_EQ(d["error"], "StepFunctions.InvalidNameException");
}

TEST(ServiceNested, StoppingTheParentStopsASyncChild) {
  Service s;
  std::string child = create_machine(s, "child", kCallback);
  std::string parent = create_machine(s, "parent", parent_definition(".sync"));
  Json start = ok(s, "StartExecution",
                  {{"stateMachineArn", parent},
                   {"name", "p"},
                   {"input", to_text(start_input(child, nullptr, "kid"))}},
                  delegating());
  std::string child_arn = std::string(kAccountPrefix) + "execution:child:kid";
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", child_arn}})["status"], "RUNNING");
  ok(s, "StopExecution", {{"executionArn", start["executionArn"]}});
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}})["status"],
            "ABORTED");
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", child_arn}})["status"], "ABORTED");
}

TEST(ServiceNested, ParentTaskTimeoutStopsTheChild) {
  auto clock = std::make_shared<service::ManualClock>(1700000000000);
  service::ServiceOptions options;
  options.clock.kind = service::ClockKind::Manual;
  options.clock.manual = clock;
  Service s(options);
  std::string child = create_machine(s, "child", kWaitHour);
  std::string parent =
      create_machine(s, "parent", parent_definition(".sync", R"(,"TimeoutSeconds":5)"));
  Json start = ok(s, "StartExecution",
                  {{"stateMachineArn", parent},
                   {"name", "p"},
                   {"input", to_text(start_input(child, nullptr, "kid"))}},
                  delegating());
  std::string child_arn = std::string(kAccountPrefix) + "execution:child:kid";
  EXPECT_EQ(ok(s, "DescribeExecution", {{"executionArn", child_arn}})["status"], "RUNNING");
  clock->advance(5000);
  Json d = ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}});
  EXPECT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d["error"], "States.Timeout");
  Json c = ok(s, "DescribeExecution", {{"executionArn", child_arn}});
  EXPECT_EQ(c["status"], "ABORTED");
  EXPECT_DOUBLE_EQ(c["stopDate"].get<double>(), 1700000005.0);
}

TEST(ServiceNested, TwoLevelsDeep) {
  Service s;
  std::string leaf = create_machine(s, "leaf", kWaitHour);
  std::string middle = create_machine(
      s, "middle",
      R"({"StartAt":"S","States":{"S":{"Type":"Task",)"
      R"("Resource":"arn:aws:states:::states:startExecution.sync:2",)"
      R"("Parameters":{"StateMachineArn":")" +
          leaf + R"(","Input":{"from":"middle"}},"OutputPath":"$.Output","End":true}}})");
  std::string top = create_machine(s, "top", parent_definition(".sync:2"));
  Json d = run(s, top, start_input(middle, Json::object(), "m1"));
  ASSERT_EQ(d["status"], "SUCCEEDED");
  Json out = Json::parse(d["output"].get<std::string>());
  EXPECT_EQ(out["Output"], (Json{{"done", true}}));
  EXPECT_EQ(out["StopDate"].get<std::int64_t>() - out["StartDate"].get<std::int64_t>(), 3600000);
  Json leaves = ok(s, "ListExecutions", {{"stateMachineArn", leaf}});
  ASSERT_EQ(leaves["executions"].size(), 1u);
  EXPECT_EQ(leaves["executions"][0]["status"], "SUCCEEDED");
}

TEST(ServiceNested, SelfRecursionStopsAtTheDepthLimit) {
  Service s;
  std::string arn = std::string(kAccountPrefix) + "stateMachine:rec";
  std::string rec = create_machine(s, "rec",
                                   R"({"StartAt":"S","States":{"S":{"Type":"Task",)"
                                   R"("Resource":"arn:aws:states:::states:startExecution.sync",)"
                                   R"("Parameters":{"StateMachineArn":")" +
                                       arn + R"("},"End":true}}})");
  Json d = run(s, rec, Json::object());
  EXPECT_EQ(d["status"], "FAILED");
  // Each level quotes its child's failure in its cause; the quoting stays bounded.
  EXPECT_LT(d["cause"].get<std::string>().size(), 80000u);
  Json listed = ok(s, "ListExecutions", {{"stateMachineArn", rec}, {"maxResults", 1000}});
  EXPECT_EQ(listed["executions"].size(), 33u);
}

TEST(ServiceNested, OtherDelegatedResourcesFailClearly) {
  Service s;
  service::CallContext ctx;
  ctx.invoker = [](const engine::TaskRequest&) { return engine::TaskOutcome::delegate(); };
  std::string lambda = create_machine(
      s, "l",
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",)"
      R"("Parameters":{"FunctionName":"f"},"End":true}}})");
  Json start = ok(s, "StartExecution", {{"stateMachineArn", lambda}}, ctx);
  Json d = ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}});
  EXPECT_EQ(d["status"], "FAILED");
  EXPECT_NE(d["cause"].get<std::string>().find("performs only nested executions"),
            std::string::npos);
}

TEST(EngineNested, ADelegateWithoutAServiceFailsClearly) {
  auto parsed = asl::parse(parent_definition(".sync"));
  ASSERT_TRUE(parsed.ok());
  engine::ExecutionInfo info;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:m:e";
  engine::Execution ex(parsed.value(), info, share(start_input("x", nullptr, "kid")),
                       [](const engine::TaskRequest&) { return engine::TaskOutcome::delegate(); });
  ex.run_virtual();
  EXPECT_EQ(ex.status(), engine::ExecutionStatus::Failed);
  EXPECT_EQ(ex.failure().error, "States.TaskFailed");
  EXPECT_NE(ex.failure().cause.find("sfnsim.client"), std::string::npos);
}

}  // namespace
}  // namespace sfn::testing

namespace sfn::testing {
namespace {

// Whatever the task's parameters hold, a nested start answers with a result or a task failure.
TEST(ServiceNested, FuzzedParametersNeverCrash) {
  Service s;
  std::string child = create_machine(s, "child", kPassMachine);
  std::string parent =
      create_machine(s, "parent",
                     R"({"StartAt":"Start","States":{"Start":{"Type":"Task",)"
                     R"("Resource":"arn:aws:states:::states:startExecution.sync:2",)"
                     R"("Parameters":{"StateMachineArn.$":"$.StateMachineArn","Input.$":"$.Input",)"
                     R"("Name.$":"$.Name"},)"
                     R"("Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},)"
                     R"("C":{"Type":"Pass","End":true}}})");
  std::vector<Json> values = {nullptr,
                              true,
                              1.5,
                              -3,
                              "",
                              "x",
                              child,
                              child + ":1",
                              std::string(kAccountPrefix) + "stateMachine:none",
                              "{\"a\":",
                              "[1,2]",
                              std::string(300, 'n'),
                              "na\xc3\xa9me",
                              Json::array({1, "a"}),
                              Json{{"k", Json{{"deep", Json::array()}}}}};
  std::uint64_t state = 12345;
  auto next = [&state](std::size_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  const char* keys[] = {"StateMachineArn", "Input", "Name"};
  for (int i = 0; i < 300; ++i) {
    Json params = Json::object();
    for (const char* key : keys) params[key] = values[next(values.size())];
    Json start = ok(s, "StartExecution", {{"stateMachineArn", parent}, {"input", to_text(params)}},
                    delegating());
    Json d = ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}});
    EXPECT_EQ(d["status"], "SUCCEEDED") << params.dump();
  }
}

}  // namespace
}  // namespace sfn::testing
