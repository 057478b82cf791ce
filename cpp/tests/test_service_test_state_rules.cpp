// TestState's rule table (docs/test-state.md), one test per row group: JSONata states, the
// Retry/Catch decision with stateConfiguration.retrierRetryCount, Map tolerance against
// mapIterationFailureCount, and the context object TestState makes or is given. TestState runs
// the engine's own steps, so these also pin where those steps report.
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

Json run(Service& s, const Json& definition, Json extra = Json::object()) {
  extra["definition"] = definition.dump();
  if (!extra.contains("inspectionLevel")) extra["inspectionLevel"] = "DEBUG";
  return ok(s, "TestState", extra);
}

Json parsed(const Json& text) { return Json::parse(text.get<std::string>()); }

// Mocked Task results are checked against service models, which these tests have none of
// (test_service_mock_validation.cpp).
Json unchecked(Json mock) {
  mock["fieldValidationMode"] = "NONE";
  return mock;
}

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (const auto& [k, v] : object.items()) out.push_back(k);
  return out;
}

const Json kLambdaJsonata = {
    {"Type", "Task"},
    {"QueryLanguage", "JSONata"},
    {"Resource", "arn:aws:states:::lambda:invoke"},
    {"Arguments", {{"FunctionName", "f"}, {"Payload", "{% $states.input.v %}"}}},
    {"Output", "{% {'got': $states.result.Payload} %}"},
    {"Retry", {{{"ErrorEquals", {"Throttled"}}, {"IntervalSeconds", 2}, {"MaxAttempts", 3}}}},
    {"Catch",
     {{{"ErrorEquals", {"States.ALL"}},
       {"Next", "Handle"},
       {"Output", "{% {'error': $states.errorOutput, 'in': $states.input} %}"}}}},
    {"Next", "After"}};

TEST(TestStateRules, AJsonataTaskReportsArgumentsAndResultOnly) {
  Service s;
  Json r = run(s, kLambdaJsonata,
               {{"input", R"({"v": 7})"}, {"mock", unchecked({{"result", R"({"Payload": 49})"}})}});
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_EQ(r["nextState"], "After");
  EXPECT_EQ(parsed(r["output"]), (Json{{"got", 49}}));
  EXPECT_EQ(keys(r["inspectionData"]),
            (std::vector<std::string>{"input", "afterArguments", "result"}));
  EXPECT_EQ(parsed(r["inspectionData"]["afterArguments"]),
            (Json{{"FunctionName", "f"}, {"Payload", 7}}));
}

TEST(TestStateRules, RetryIsReportedBeforeCatchWithItsBackoff) {
  Service s;
  Json mock = {{"errorOutput", {{"error", "Throttled"}, {"cause", "slow down"}}}};
  Json r = run(s, kLambdaJsonata,
               {{"input", R"({"v": 1})"},
                {"mock", mock},
                {"stateConfiguration", {{"retrierRetryCount", 1}}}});
  EXPECT_EQ(r["status"], "RETRIABLE");
  EXPECT_EQ(r["error"], "Throttled");
  EXPECT_EQ(r["cause"], "slow down");
  EXPECT_FALSE(r.contains("output"));
  EXPECT_FALSE(r.contains("nextState"));
  // IntervalSeconds x BackoffRate ^ retrierRetryCount = 2 x 2.0^1 (AWS's documented example)
  EXPECT_EQ(r["inspectionData"]["errorDetails"],
            (Json{{"retryBackoffIntervalSeconds", 4}, {"retryIndex", 0}}));
}

TEST(TestStateRules, SpentRetriesGoOnToCatch) {
  Service s;
  Json mock = {{"errorOutput", {{"error", "Throttled"}, {"cause", "c"}}}};
  Json r = run(s, kLambdaJsonata,
               {{"input", R"({"v": 1})"},
                {"mock", mock},
                {"stateConfiguration", {{"retrierRetryCount", 3}}}});
  EXPECT_EQ(r["status"], "CAUGHT_ERROR");
  EXPECT_EQ(r["nextState"], "Handle");
  EXPECT_EQ(r["error"], "Throttled");
  EXPECT_EQ(parsed(r["output"]),
            Json::parse(R"({"error": {"Error": "Throttled", "Cause": "c"}, "in": {"v": 1}})"));
  EXPECT_EQ(r["inspectionData"]["errorDetails"], (Json{{"catchIndex", 0}}));
}

TEST(TestStateRules, SpentRetriesWithoutCatchFailWithTheRetryIndex) {
  Service s;
  Json def = {{"Type", "Task"},
              {"Resource", "arn:aws:states:::lambda:invoke"},
              {"Parameters", {{"FunctionName", "f"}}},
              {"Retry", {{{"ErrorEquals", {"States.ALL"}}, {"MaxAttempts", 2}}}},
              {"End", true}};
  Json r = run(s, def,
               {{"mock", {{"errorOutput", {{"error", "E"}}}}},
                {"stateConfiguration", {{"retrierRetryCount", 2}}}});
  EXPECT_EQ(r["status"], "FAILED");
  EXPECT_EQ(r["error"], "E");
  EXPECT_FALSE(r.contains("cause"));
  EXPECT_EQ(r["inspectionData"]["errorDetails"], (Json{{"retryIndex", 0}}));
}

TEST(TestStateRules, JsonataParallelAndFailReportOnlyTheirInput) {
  Service s;
  Json parallel = {{"Type", "Parallel"},
                   {"QueryLanguage", "JSONata"},
                   {"Branches",
                    {{{"StartAt", "A"}, {"States", {{"A", {{"Type", "Pass"}, {"End", true}}}}}},
                     {{"StartAt", "B"}, {"States", {{"B", {{"Type", "Pass"}, {"End", true}}}}}}}},
                   {"Output", "{% {'in': $states.input, 'out': $states.result} %}"},
                   {"End", true}};
  Json r = run(s, parallel, {{"input", R"({"x": 1})"}, {"mock", {{"result", "[1, 2]"}}}});
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_EQ(parsed(r["output"]), Json::parse(R"({"in": {"x": 1}, "out": [1, 2]})"));
  EXPECT_EQ(keys(r["inspectionData"]), (std::vector<std::string>{"input"}));
  Json fail = {{"Type", "Fail"}, {"QueryLanguage", "JSONata"}, {"Error", "{% 'E' & 'rr' %}"}};
  r = run(s, fail);
  EXPECT_EQ(r["status"], "FAILED");
  EXPECT_EQ(r["error"], "Err");
  EXPECT_EQ(keys(r["inspectionData"]), (std::vector<std::string>{"input"}));
}

TEST(TestStateRules, AMapFailureCountFailsOnlyPastADeclaredTolerance) {
  Service s;
  Json map = {
      {"Type", "Map"},
      {"QueryLanguage", "JSONata"},
      {"Items", "{% $states.input.items %}"},
      {"MaxConcurrency", 2},
      {"ItemProcessor", {{"StartAt", "P"}, {"States", {{"P", {{"Type", "Pass"}, {"End", true}}}}}}},
      {"End", true}};
  Json request = {{"input", R"({"items": [1, 2, 3]})"},
                  {"mock", {{"result", "[1, 1, 1]"}}},
                  {"stateConfiguration", {{"mapIterationFailureCount", 2}}}};
  Json r = run(s, map, request);
  EXPECT_EQ(r["status"], "SUCCEEDED");  // no tolerance declared (recorded on AWS)
  EXPECT_EQ(r["inspectionData"]["maxConcurrency"], 2);
  EXPECT_FALSE(r["inspectionData"].contains("toleratedFailureCount"));
  map["ToleratedFailureCount"] = 1;
  r = run(s, map, request);
  EXPECT_EQ(r["status"], "FAILED");
  EXPECT_EQ(r["error"], "States.ExceedToleratedFailureThreshold");
  EXPECT_EQ(r["cause"], "The specified tolerated failure threshold was exceeded");
  EXPECT_EQ(r["inspectionData"]["toleratedFailureCount"], 1);
  request["stateConfiguration"]["mapIterationFailureCount"] = 1;
  EXPECT_EQ(run(s, map, request)["status"], "SUCCEEDED");
}

TEST(TestStateRules, TheDefaultContextAndAGivenOne) {
  Service s;
  Json pass = {{"Type", "Pass"}, {"Parameters", {{"c.$", "$$"}}}, {"End", true}};
  Json r = run(s, pass);
  Json context = parsed(r["output"])["c"];
  EXPECT_EQ(context["State"]["Name"], "StateName");
  EXPECT_FALSE(context["State"].contains("RetryCount"));  // a Pass has none
  EXPECT_FALSE(context["Execution"].contains("RedriveCount"));
  EXPECT_TRUE(context["Execution"]["RoleArn"].is_null());  // no roleArn in the request
  EXPECT_NE(context["Execution"]["Id"].get<std::string>().find(":express:"), std::string::npos);

  Json task = {{"Type", "Task"},
               {"Resource", "arn:aws:states:::lambda:invoke"},
               {"Parameters", {{"FunctionName", "f"}, {"C.$", "$$"}}},
               {"ResultPath", "$.r"},
               {"End", true}};
  Json given = {{"Execution", Json::object()}, {"State", Json::object()}};
  r = run(s, task, {{"context", given.dump()}, {"mock", unchecked({{"result", "{}"}})}});
  EXPECT_EQ(parsed(r["inspectionData"]["afterParameters"])["C"], given);
}

}  // namespace
}  // namespace sfn::testing

namespace sfn::testing {
namespace {

TEST(TestStateRules, RequestChecksAsAwsMakesThem) {
  Service s;
  auto refused = [&](Json extra, const Json& definition) {
    extra["definition"] = definition.dump();
    return fails(s, "TestState", extra);
  };
  Json task = {{"Type", "Task"},
               {"Resource", "arn:aws:states:::lambda:invoke"},
               {"Parameters", {{"FunctionName", "f"}}},
               {"End", true}};
  auto e = refused({{"mock", {{"result", "{}"}, {"errorOutput", {{"error", "E"}}}}}}, task);
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message,
            "A test mock should have only one of the following fields: [result, errorOutput].");
  Json with_mock = {{"mock", {{"result", "{}"}}}};
  auto context_error = [&](const Json& context) {
    Json extra = with_mock;
    extra["context"] = context.dump();
    return refused(extra, task).message;
  };
  EXPECT_EQ(context_error({{"Pokedex", 1}}),
            "Invalid Context object provided: Field 'Pokedex' is not allowed");
  EXPECT_EQ(context_error({{"Execution", {{"pokemon", "x"}}}}),
            "Invalid Context object provided: Field 'pokemon' is not allowed");
  EXPECT_EQ(context_error({{"Execution", {{"Id", 1}}}}),
            "Invalid Context object provided: Execution.Id must be a string");
  EXPECT_EQ(context_error({{"Map", {{"Item", {{"Index", 0}}}}}}),
            "Invalid Context object provided: 'Map' field is not supported when mocking a "
            "Context object");
  Json choice = {{"Type", "Choice"},
                 {"Choices", {{{"Variable", "$.a"}, {"IsPresent", true}, {"Next", "X"}}}},
                 {"Default", "Y"}};
  EXPECT_EQ(refused(with_mock, choice).message,
            "State type 'Choice' is not supported when a mock is specified");
}

}  // namespace
}  // namespace sfn::testing

namespace sfn::testing {
namespace {

TEST(TestStateRules, AMapFailureCountIsCountedAgainstTheItemsItWouldIterate) {
  Service s;
  Json inline_map = {
      {"Type", "Map"},
      {"ItemsPath", "$.Values"},
      {"ToleratedFailureCount", 1},
      {"ItemProcessor", {{"StartAt", "P"}, {"States", {{"P", {{"Type", "Pass"}, {"End", true}}}}}}},
      {"End", true}};
  Json request = {{"definition", inline_map.dump()},
                  {"input", R"({"Values": [1, 1, 1]})"},
                  {"mock", {{"result", "[1, 1, 1]"}}},
                  {"stateConfiguration", {{"mapIterationFailureCount", 4}}}};
  // [recorded] test_map_iteration_failure_count_exceeds_mock_result_items
  EXPECT_EQ(fails(s, "TestState", request).message,
            "Map iteration failure count must be less than or equal to the number of Map "
            "iterations");

  Json reader_map = {
      {"Type", "Map"},
      {"ToleratedFailureCount", 1},
      {"ItemReader",
       {{"Resource", "arn:aws:states:::s3:getObject"},
        {"ReaderConfig", {{"InputType", "JSON"}}},
        {"Parameters", {{"Bucket", "b"}, {"Key", "k"}}}}},
      {"ItemProcessor",
       {{"ProcessorConfig", {{"Mode", "DISTRIBUTED"}, {"ExecutionType", "STANDARD"}}},
        {"StartAt", "P"},
        {"States", {{"P", {{"Type", "Pass"}, {"End", true}}}}}}},
      {"End", true}};
  request = {{"definition", reader_map.dump()},
             {"mock", {{"result", "[1, 1, 1]"}}},
             {"stateConfiguration",
              {{"mapIterationFailureCount", 2}, {"mapItemReaderData", "[1, 2, 3]"}}}};
  Json r = ok(s, "TestState", request);
  EXPECT_EQ(r["status"], "FAILED");
  EXPECT_EQ(r["error"], "States.ExceedToleratedFailureThreshold");
  request["stateConfiguration"]["mapIterationFailureCount"] = 4;
  EXPECT_EQ(fails(s, "TestState", request).code, "ValidationException");
}

}  // namespace
}  // namespace sfn::testing
