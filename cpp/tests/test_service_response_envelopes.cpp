// The response envelopes of service integrations (service/response_envelopes.h): the SDK
// metadata's two header maps, and lambda:invoke's Content-Length as Python's json.dumps measures
// the payload. tests/test_service_integration_rules.py checks the same rules (R1-R3, L1)
// end to end against Python's own json.dumps.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "service/response_envelopes.h"

namespace sfn::testing {
namespace {

using service::HttpHeader;

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : object.items()) keys.push_back(k);
  return keys;
}

TEST(ResponseEnvelopes, HttpHeadersAreSortedIgnoringCaseAllHttpHeadersKeepTheirOrder) {
  Json out = Json{{"MessageId", "m"}};
  service::append_sdk_metadata(
      out, {{"b", "1"}, {"A", "2"}, {"x-amzn-RequestId", "r"}, {"a2", "3"}}, 200, "r");
  EXPECT_EQ(keys_of(out),
            (std::vector<std::string>{"MessageId", "SdkHttpMetadata", "SdkResponseMetadata"}));
  const Json& meta = out["SdkHttpMetadata"];
  EXPECT_EQ(keys_of(meta["AllHttpHeaders"]),
            (std::vector<std::string>{"b", "A", "x-amzn-RequestId", "a2"}));
  EXPECT_EQ(keys_of(meta["HttpHeaders"]),
            (std::vector<std::string>{"A", "a2", "b", "x-amzn-RequestId"}));
  EXPECT_EQ(meta["AllHttpHeaders"]["A"], Json::array({"2"}));
  EXPECT_EQ(meta["HttpHeaders"]["A"], "2");
  EXPECT_EQ(meta["HttpStatusCode"], 200);
  EXPECT_EQ(out["SdkResponseMetadata"], (Json{{"RequestId", "r"}}));
}

TEST(ResponseEnvelopes, LambdaInvokeHeadersInTheRecordedOrders) {
  Json out = service::lambda_invoke_response(Json{{"a", 1}}, "0123abcd-0000-0000-0000-000000000000",
                                             1700000000000);
  EXPECT_EQ(keys_of(out), (std::vector<std::string>{"ExecutedVersion", "Payload", "SdkHttpMetadata",
                                                    "SdkResponseMetadata", "StatusCode"}));
  const Json& meta = out["SdkHttpMetadata"];
  EXPECT_EQ(keys_of(meta["AllHttpHeaders"]),
            (std::vector<std::string>{"X-Amz-Executed-Version", "x-amzn-Remapped-Content-Length",
                                      "Connection", "x-amzn-RequestId", "Content-Length", "Date",
                                      "X-Amzn-Trace-Id", "Content-Type"}));
  EXPECT_EQ(keys_of(meta["HttpHeaders"]),
            (std::vector<std::string>{"Connection", "Content-Length", "Content-Type", "Date",
                                      "X-Amz-Executed-Version", "x-amzn-Remapped-Content-Length",
                                      "x-amzn-RequestId", "X-Amzn-Trace-Id"}));
  EXPECT_EQ(meta["HttpHeaders"]["Content-Length"], "8");  // {"a": 1}
  EXPECT_EQ(meta["HttpHeaders"]["Date"], "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(meta["HttpHeaders"]["X-Amzn-Trace-Id"],
            "Root=1-6553f100-0123abcd0000000000000000;Parent=0000000000000000;Sampled=0");
}

// What Python's json.dumps writes, its length the rule (ensure_ascii, ", " and ": ").
struct LengthCase {
  Json value;
  std::string python_text;
};

TEST(ResponseEnvelopes, PythonJsonLengthIsTheLengthOfJsonDumps) {
  const std::vector<LengthCase> cases = {
      {Json(nullptr), "null"},
      {Json(true), "true"},
      {Json(false), "false"},
      {Json(0), "0"},
      {Json(-12), "-12"},
      {Json(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808"},
      {Json(std::numeric_limits<std::uint64_t>::max()), "18446744073709551615"},
      {Json(2.5), "2.5"},
      {Json(-0.0), "-0.0"},
      {Json(1e15), "1000000000000000.0"},
      {Json(-1.5e15), "-1500000000000000.0"},
      {Json(1234567890123456.7), "1234567890123456.8"},
      {Json(1e16), "1e+16"},
      {Json(1e-5), "1e-05"},
      {Json(0.0001), "0.0001"},
      {Json("a\"\\\n\x01/"), R"("a\"\\\n\u0001/")"},
      {Json("\xC3\xA9\xF0\x9F\x98\x80"), R"("\u00e9\ud83d\ude00")"},
      {Json::array(), "[]"},
      {Json::object(), "{}"},
      {Json::parse(R"({"a":[1,{"b":null}],"c":"d"})"), R"({"a": [1, {"b": null}], "c": "d"})"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(service::python_json_length(c.value), c.python_text.size()) << c.python_text;
  }
}

TEST(ResponseEnvelopes, StartExecutionMeasuresItsBodyWithJavasDouble) {
  std::string arn = "arn:aws:states:us-east-1:123456789012:execution:child:kid";
  Json out = service::start_execution_response(arn, 10000000000, "r", 10000000000);
  EXPECT_EQ(keys_of(out), (std::vector<std::string>{"ExecutionArn", "SdkHttpMetadata",
                                                    "SdkResponseMetadata", "StartDate"}));
  std::string body = "{\"executionArn\":\"" + arn + "\",\"startDate\":1.0E7}";
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], std::to_string(body.size()));
  EXPECT_EQ(keys_of(out["SdkHttpMetadata"]["AllHttpHeaders"]),
            (std::vector<std::string>{"x-amzn-RequestId", "connection", "Content-Length", "Date",
                                      "Content-Type"}));
  EXPECT_EQ(out["StartDate"], 10000000000);
}

}  // namespace
}  // namespace sfn::testing
