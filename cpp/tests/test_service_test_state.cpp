// TestState through Service::dispatch: the pipeline's inspection data, statuses (SUCCEEDED,
// FAILED, RETRIABLE, CAUGHT_ERROR), nextState, mocks and AWS's request checks.
#include <random>

#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

Json test_state(Service& s, const Json& definition, Json extra = Json::object()) {
  extra["definition"] = definition.dump();
  return ok(s, "TestState", extra);
}

Json parsed(const Json& text) { return Json::parse(text.get<std::string>()); }

TEST(ServiceTestState, PassPipelineAtDebug) {
  Service s;
  Json def = {{"Type", "Pass"},
              {"InputPath", "$.initialData"},
              {"Parameters", {{"staticValue", "v"}, {"inputValue.$", "$.field"}}},
              {"ResultPath", "$.modified"},
              {"Next", "After"}};
  Json r = test_state(
      s, def,
      {{"input", R"({"initialData":{"field":"x"},"other":1})"}, {"inspectionLevel", "DEBUG"}});
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_EQ(r["nextState"], "After");
  const Json& d = r["inspectionData"];
  EXPECT_EQ(parsed(d["input"]), Json::parse(R"({"initialData":{"field":"x"},"other":1})"));
  EXPECT_EQ(parsed(d["afterInputPath"]), Json::parse(R"({"field":"x"})"));
  EXPECT_EQ(parsed(d["afterParameters"]), Json::parse(R"({"staticValue":"v","inputValue":"x"})"));
  EXPECT_EQ(parsed(d["afterResultSelector"]), parsed(d["afterParameters"]));
  EXPECT_EQ(parsed(d["afterResultPath"])["modified"]["inputValue"], "x");
  EXPECT_EQ(parsed(r["output"]), parsed(d["afterResultPath"]));
  EXPECT_FALSE(d.contains("result"));
}

TEST(ServiceTestState, PassWithResultReportsResultOnly) {
  Service s;
  Json r = test_state(s, {{"Type", "Pass"}, {"Result", {{"k", 1}}}, {"End", true}},
                      {{"inspectionLevel", "TRACE"}});
  const Json& d = r["inspectionData"];
  EXPECT_EQ(parsed(d["result"]), (Json{{"k", 1}}));
  EXPECT_FALSE(d.contains("afterInputPath"));
  EXPECT_FALSE(d.contains("afterParameters"));
  EXPECT_FALSE(r.contains("nextState"));
}

TEST(ServiceTestState, InfoLevelHasNoInspectionData) {
  Service s;
  Json r = test_state(s, {{"Type", "Succeed"}}, {{"input", R"({"a":1})"}});
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_EQ(parsed(r["output"]), (Json{{"a", 1}}));
  EXPECT_FALSE(r.contains("inspectionData"));
}

TEST(ServiceTestState, ChoiceGivesNextState) {
  Service s;
  Json def = Json::parse(R"({"Type":"Choice","Choices":[
      {"Variable":"$.v","NumericGreaterThan":10,"Next":"Big"}],"Default":"Small"})");
  EXPECT_EQ(test_state(s, def, {{"input", R"({"v":11})"}})["nextState"], "Big");
  EXPECT_EQ(test_state(s, def, {{"input", R"({"v":1})"}})["nextState"], "Small");
  Json none = Json::parse(R"({"Type":"Choice","Choices":[
      {"Variable":"$.v","NumericGreaterThan":10,"Next":"Big"}]})");
  Json r = test_state(s, none, {{"input", R"({"v":1})"}});
  EXPECT_EQ(r["status"], "FAILED");
  EXPECT_EQ(r["error"], "States.NoChoiceMatched");
}

TEST(ServiceTestState, FailState) {
  Service s;
  Json r = test_state(s, {{"Type", "Fail"}, {"Error", "E"}, {"Cause", "C"}},
                      {{"inspectionLevel", "DEBUG"}});
  EXPECT_EQ(r["status"], "FAILED");
  EXPECT_EQ(r["error"], "E");
  EXPECT_EQ(r["cause"], "C");
  EXPECT_FALSE(r.contains("output"));
  EXPECT_TRUE(r["inspectionData"].contains("afterInputPath"));
}

const char* kTask = R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
  "Parameters":{"FunctionName":"f","Payload.$":"$"},"ResultSelector":{"p.$":"$.Payload"},
  "ResultPath":"$.out","Next":"N",
  "Retry":[{"ErrorEquals":["Retry.Me"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":2}],
  "Catch":[{"ErrorEquals":["Other"],"Next":"Z"},{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}]})";

TEST(ServiceTestState, TaskWithMockedResult) {
  Service s;
  Json r = test_state(
      s, Json::parse(kTask),
      {{"input", R"({"a":1})"},
       {"inspectionLevel", "DEBUG"},
       // No service models here (test_service_mock_validation.cpp)
       {"mock", {{"result", R"({"Payload":{"x":2}})"}, {"fieldValidationMode", "NONE"}}}});
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_EQ(r["nextState"], "N");
  const Json& d = r["inspectionData"];
  EXPECT_EQ(parsed(d["afterParameters"]), Json::parse(R"({"FunctionName":"f","Payload":{"a":1}})"));
  EXPECT_EQ(parsed(d["result"]), Json::parse(R"({"Payload":{"x":2}})"));
  EXPECT_EQ(parsed(d["afterResultSelector"]), Json::parse(R"({"p":{"x":2}})"));
  EXPECT_EQ(parsed(r["output"]), Json::parse(R"({"a":1,"out":{"p":{"x":2}}})"));
}

TEST(ServiceTestState, TaskErrorsRetriableCaughtFailed) {
  Service s;
  Json def = Json::parse(kTask);
  auto run = [&](const char* error, Json config = Json()) {
    Json req = {{"inspectionLevel", "DEBUG"},
                {"input", R"({"a":1})"},
                {"mock", {{"errorOutput", {{"error", error}, {"cause", "why"}}}}}};
    if (!config.is_null()) req["stateConfiguration"] = config;
    return test_state(s, def, req);
  };
  Json retry = run("Retry.Me");
  EXPECT_EQ(retry["status"], "RETRIABLE");
  EXPECT_EQ(retry["error"], "Retry.Me");
  EXPECT_EQ(retry["inspectionData"]["errorDetails"],
            (Json{{"retryBackoffIntervalSeconds", 2}, {"retryIndex", 0}}));
  Json second = run("Retry.Me", {{"retrierRetryCount", 1}});
  EXPECT_EQ(second["inspectionData"]["errorDetails"]["retryBackoffIntervalSeconds"], 6);
  // Retries used up: the catchers take it.
  Json exhausted = run("Retry.Me", {{"retrierRetryCount", 2}});
  EXPECT_EQ(exhausted["status"], "CAUGHT_ERROR");
  EXPECT_EQ(exhausted["nextState"], "H");
  EXPECT_EQ(exhausted["inspectionData"]["errorDetails"], (Json{{"catchIndex", 1}}));
  EXPECT_EQ(parsed(exhausted["output"]),
            Json::parse(R"({"a":1,"err":{"Error":"Retry.Me","Cause":"why"}})"));
  Json other = run("Other");
  EXPECT_EQ(other["nextState"], "Z");
  Json runtime = run("States.Runtime");
  EXPECT_EQ(runtime["status"], "FAILED");
  EXPECT_FALSE(runtime.contains("nextState"));
}

TEST(ServiceTestState, TaskWithoutMockUsesTheCallersInvoker) {
  Service s;
  service::CallContext ctx;
  ctx.invoker = [](const engine::TaskRequest& request) {
    return engine::TaskOutcome::success(Json{{"Payload", (*request.parameters)["Payload"]}});
  };
  Json req = {{"definition", kTask}, {"roleArn", kRole}, {"input", R"({"a":1})"}};
  Json r = ok(s, "TestState", req, ctx);
  EXPECT_EQ(parsed(r["output"]), Json::parse(R"({"a":1,"out":{"p":{"a":1}}})"));
  // No handler: the task fails as an execution's would.
  Json none = ok(s, "TestState", req);
  EXPECT_EQ(none["status"], "CAUGHT_ERROR");
  EXPECT_EQ(none["error"], "States.TaskFailed");
}

TEST(ServiceTestState, StateNameInAWholeMachine) {
  Service s;
  const char* machine = R"({"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},
    "B":{"Type":"Pass","Result":"b","End":true}}})";
  Json r = ok(s, "TestState", {{"definition", machine}, {"stateName", "A"}});
  EXPECT_EQ(r["nextState"], "B");
  Json b = ok(s, "TestState", {{"definition", machine}, {"stateName", "B"}});
  EXPECT_EQ(parsed(b["output"]), "b");
  auto e = fails(s, "TestState", {{"definition", machine}, {"stateName", "Nope"}});
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message, "State not found in definition");
}

TEST(ServiceTestState, ParallelNeedsAMockOfTheRightShape) {
  Service s;
  Json def = Json::parse(R"({"Type":"Parallel","End":true,"Branches":[
    {"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true}}},
    {"StartAt":"B2","States":{"B2":{"Type":"Pass","End":true}}}]})");
  auto e = fails(s, "TestState", {{"definition", def.dump()}});
  EXPECT_EQ(e.code, "InvalidDefinition");
  EXPECT_EQ(e.message,
            "TestState API does not support Map or Parallel states. Supported state types "
            "include: [Task, Wait, Pass, Succeed, Fail, Choice]");
  e = fails(s, "TestState", {{"definition", def.dump()}, {"mock", {{"result", "{}"}}}});
  EXPECT_EQ(e.message, "Mocked result must be an array.");
  e = fails(s, "TestState", {{"definition", def.dump()}, {"mock", {{"result", "[1]"}}}});
  EXPECT_EQ(e.message,
            "Mocked result must contain the same number of items as number of Parallel "
            "branches.");
  Json r = test_state(s, def, {{"mock", {{"result", "[1,2]"}}}});
  EXPECT_EQ(parsed(r["output"]), Json::parse("[1,2]"));
}

TEST(ServiceTestState, RequestChecks) {
  Service s;
  std::string task = kTask;
  auto e = fails(s, "TestState", {{"definition", task}});
  EXPECT_EQ(e.message, "RoleArn must be specified when testing a Task state");
  e = fails(s, "TestState",
            {{"definition", task}, {"revealSecrets", true}, {"mock", {{"result", "{}"}}}});
  EXPECT_EQ(e.message, "TestState does not support RevealSecrets when a mock is specified.");
  e = fails(s, "TestState", {{"definition", task}, {"mock", {{"result", "not json"}}}});
  EXPECT_EQ(e.message, "Mocked result must be valid JSON");
  e = fails(s, "TestState",
            {{"definition", R"({"Type":"Pass","End":true})"}, {"mock", {{"result", "{}"}}}});
  EXPECT_EQ(e.message, "State type 'Pass' is not supported when a mock is specified");
  // botocore: a context only with a mock; an errorOutput always with its error.
  e = fails(s, "TestState", {{"definition", R"({"Type":"Pass","End":true})"}, {"context", "{}"}});
  EXPECT_EQ(e.message, "TestState accepts a context only together with a mock.");
  e = fails(s, "TestState",
            {{"definition", task}, {"mock", {{"errorOutput", {{"cause", "only a cause"}}}}}});
  EXPECT_EQ(e.message,
            "1 validation error detected: Value null at 'mock.errorOutput.error' failed to "
            "satisfy constraint: Member must not be null");
  e = fails(s, "TestState", {{"definition", "{not json"}});
  EXPECT_EQ(e.code, "InvalidDefinition");
  e = fails(s, "TestState", {{"definition", R"({"Type":"Nope"})"}});
  EXPECT_EQ(e.code, "InvalidDefinition");
  e = fails(s, "TestState", {{"definition", R"({"Type":"Pass","End":true})"}, {"input", "{"}});
  EXPECT_EQ(e.code, "InvalidExecutionInput");
}

TEST(ServiceTestState, VariablesAreVisibleAndReported) {
  Service s;
  Json def =
      Json::parse(R"({"Type":"Pass","Parameters":{"x.$":"$x"},"Assign":{"y.$":"$.x"},"End":true})");
  Json r = test_state(s, def, {{"variables", R"({"x":5})"}, {"inspectionLevel", "TRACE"}});
  EXPECT_EQ(parsed(r["output"]), (Json{{"x", 5}}));
  EXPECT_EQ(parsed(r["inspectionData"]["variables"]), (Json{{"x", 5}, {"y", 5}}));
}

// Robustness: generated states (plausible and broken fields) with random requests. Every call
// answers with a response or a modeled error, never an internal failure.
TEST(ServiceTestState, GeneratedStatesNeverCrash) {
  Service s;
  std::mt19937_64 rng(2024);
  auto below = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  const std::vector<Json> values = {
      nullptr,
      true,
      3,
      -1,
      2.5,
      "",
      "$",
      "$.a",
      "$.a[0]",
      "$$.Execution.Id",
      "$x",
      "$.nope",
      "States.Format('{}', $.a)",
      "N",
      "arn:aws:states:::lambda:invoke",
      "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      Json::array(),
      Json::object(),
      Json{{"a.$", "$.a"}},
      Json{{"b.$", "$.nope"}},
      Json::array({Json{{"ErrorEquals", {"States.ALL"}}, {"Next", "N"}}}),
      Json::array({Json{{"Variable", "$.a"}, {"NumericEquals", 1}, {"Next", "N"}}}),
      Json::array({Json{{"StartAt", "B"}, {"States", {{"B", {{"Type", "Pass"}, {"End", true}}}}}}}),
      Json{{"StartAt", "B"}, {"States", {{"B", {{"Type", "Pass"}, {"End", true}}}}}}};
  const std::vector<std::string> types = {"Pass", "Task",     "Choice", "Wait", "Succeed",
                                          "Fail", "Parallel", "Map",    "Nope"};
  const std::vector<std::string> fields = {
      "InputPath", "OutputPath", "Parameters",    "ResultPath",    "ResultSelector", "Result",
      "Next",      "End",        "Choices",       "Default",       "Retry",          "Catch",
      "Error",     "Cause",      "Branches",      "ItemProcessor", "ItemsPath",      "Resource",
      "Seconds",   "Assign",     "MaxConcurrency"};
  const std::vector<std::string> texts = {"{}",   R"({"a":[1,2]})",           "[1,2]", "1", "{",
                                          "null", R"({"Task":{"Token":"t"}})"};
  int answered = 0;
  for (int i = 0; i < 3000; ++i) {
    Json state = Json::object();
    state["Type"] = types[below(types.size())];
    for (std::size_t k = below(6); k > 0; --k)
      state[fields[below(fields.size())]] = values[below(values.size())];
    if (below(2) == 0) state["End"] = true;
    Json request = {{"definition", below(20) == 0 ? std::string("{") : state.dump()}};
    if (below(2) == 0) request["input"] = texts[below(texts.size())];
    if (below(3) == 0) request["variables"] = texts[below(texts.size())];
    if (below(4) == 0) request["context"] = texts[below(texts.size())];
    if (below(2) == 0) request["roleArn"] = kRole;
    if (below(2) == 0) request["inspectionLevel"] = below(2) == 0 ? "DEBUG" : "TRACE";
    if (below(3) == 0) {
      request["mock"] = below(2) == 0
                            ? Json{{"result", texts[below(texts.size())]}}
                            : Json{{"errorOutput", {{"error", "States.ALL"}, {"cause", "c"}}}};
    }
    if (below(4) == 0) request["stateConfiguration"] = {{"retrierRetryCount", below(5)}};
    if (below(10) == 0) request["stateName"] = "B";
    auto r = s.dispatch("TestState", request, {});
    if (!r.ok()) {
      EXPECT_NE(r.error().code, "InternalFailure") << r.error().message;
    }
    ++answered;
  }
  EXPECT_EQ(answered, 3000);
}

}  // namespace
}  // namespace sfn::testing
