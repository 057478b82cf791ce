// The pieces under the validator: Java set order, RFC 3339, Resource ARNs, Map labels, the
// CreateStateMachine message.
#include <gtest/gtest.h>

#include "asl/diagnostics.h"
#include "asl/java_set_order.h"
#include "asl/parse_parts.h"
#include "asl/resource_arn.h"
#include "asl/rfc3339.h"

namespace sfn::asl {
namespace {

TEST(AslJavaSetOrder, OrdersAsAwsPrintsThem) {
  EXPECT_EQ(java_set_text({"StartAt", "States"}), "[States, StartAt]");
  EXPECT_EQ(java_set_text({"Seconds", "SecondsPath", "Timestamp", "TimestampPath"}),
            "[SecondsPath, Seconds, TimestampPath, Timestamp]");
  EXPECT_EQ(java_set_text({"NONE", "FULL"}), "[NONE, FULL]");
  EXPECT_EQ(java_set_text({"JSONPath", "JSONata"}), "[JSONPath, JSONata]");
  EXPECT_EQ(java_set_text({"x", "x"}), "[x]");
  // OpenJDK 17: a name added twice keeps one entry (tools/reference/JavaIntrinsicsReference.java).
  EXPECT_EQ(java_set_text({"StartAt", "States", "StartAt", "Comment"}),
            "[States, Comment, StartAt]");
}

TEST(AslRfc3339, AcceptsAwsTimestamps) {
  for (const char* ok :
       {"2016-03-14T01:59:00Z", "2016-03-05T21:29:29.243167252Z", "2024-02-29T00:00:00Z",
        "2016-03-14T01:59:00+01:00", "2016-03-14T01:59:00-05:30", "2016-03-14T01:59:00.5Z"})
    EXPECT_TRUE(is_rfc3339_timestamp(ok)) << ok;
}

TEST(AslRfc3339, RefusesTheRecordedBadOnes) {
  for (const char* bad : {"2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-13-05T21:29:29Z",
                          "2016-12-05T25:29:29Z", "05-12-2016T21:29:29Z", "2023-02-29T00:00:00Z",
                          "2016-03-14T01:59:00.Z", "2016-03-14t01:59:00Z", "2016-03-14T01:59:60Z",
                          "2016-03-14T01:59:00+1:00", "", "{% '2016-03-14T01:59:00Z' %}"})
    EXPECT_FALSE(is_rfc3339_timestamp(bad)) << bad;
}

TEST(AslResourceArn, HistoryResourceTypeAndResource) {
  struct Case {
    const char* arn;
    Resource::Kind kind;
    Resource::Pattern pattern;
    const char* service;
    const char* action;
  } cases[] = {
      {"arn:aws:states:::lambda:invoke", Resource::Kind::Service,
       Resource::Pattern::RequestResponse, "lambda", "invoke"},
      {"arn:aws:states:::aws-sdk:s3:getObject", Resource::Kind::Sdk,
       Resource::Pattern::RequestResponse, "aws-sdk:s3", "getObject"},
      {"arn:aws:states:::states:startExecution.sync:2", Resource::Kind::Service,
       Resource::Pattern::Sync2, "states", "startExecution.sync:2"},
      {"arn:aws:states:::states:startExecution.sync", Resource::Kind::Service,
       Resource::Pattern::Sync, "states", "startExecution.sync"},
      {"arn:aws:states:::sqs:sendMessage.waitForTaskToken", Resource::Kind::Service,
       Resource::Pattern::WaitForTaskToken, "sqs", "sendMessage.waitForTaskToken"},
      {"arn:aws:states:::http:invoke", Resource::Kind::Http, Resource::Pattern::RequestResponse,
       "http", "invoke"},
      {"arn:aws:states:::aws-sdk:dynamodb:putItem", Resource::Kind::Sdk,
       Resource::Pattern::RequestResponse, "aws-sdk:dynamodb", "putItem"},
  };
  for (const Case& c : cases) {
    Resource r = classify_resource(c.arn);
    EXPECT_EQ(r.kind, c.kind) << c.arn;
    EXPECT_EQ(r.pattern, c.pattern) << c.arn;
    EXPECT_EQ(r.service, c.service) << c.arn;
    EXPECT_EQ(r.action, c.action) << c.arn;
    EXPECT_EQ(r.arn, c.arn);
    EXPECT_FALSE(resource_problem(r)) << c.arn;
  }
}

TEST(AslResourceArn, LambdaFunctionsAndActivities) {
  Resource f = classify_resource("arn:aws:lambda:eu-west-1:111111111111:function:my-fn:prod");
  EXPECT_EQ(f.kind, Resource::Kind::LambdaFunction);
  EXPECT_EQ(f.function_name, "my-fn");
  EXPECT_EQ(f.region, "eu-west-1");
  Resource a = classify_resource("arn:aws:states:us-east-1:111111111111:activity:worker");
  EXPECT_EQ(a.kind, Resource::Kind::Activity);
  EXPECT_EQ(a.region, "us-east-1");
  EXPECT_FALSE(resource_problem(f));
  EXPECT_FALSE(resource_problem(a));
}

TEST(AslResourceArn, UnknownIntegrationsAndPatternsAreNotRecognized) {
  for (const char* arn :
       {"arn:aws:states:::dynamodb:query", "arn:aws:states:::lambda:invoke.sync",
        "arn:aws:states:::dynamodb:getItem.waitForTaskToken", "arn:aws:states:::sns:publish.sync:2",
        "arn:aws:states:::aws-sdk:s3:getObject.sync", "arn:aws:states:::nosuch:thing",
        "arn:aws:states:::lambda:invoke.later", "arn:aws:states:::lambda",
        "arn:aws:sqs:us-east-1:111111111111:queue"}) {
    auto problem = resource_problem(classify_resource(arn));
    ASSERT_TRUE(problem) << arn;
    EXPECT_EQ(*problem,
              std::string("The resource provided ") + arn +
                  " is not recognized. The value is not a valid resource ARN, or the resource is "
                  "not available in this region.");
  }
  EXPECT_EQ(resource_problem(classify_resource("not-an-arn")), "Value is not a valid resource ARN");
}

TEST(AslResourceArn, RefusedOnlyWithEvidence) {
  // Known services' unknown actions and patterns (recorded: dynamodb:query; AWS's integration
  // pages), SDK .sync (documented) and non-ARNs are refused; what AWS may have added is not.
  for (const char* arn :
       {"arn:aws:states:::dynamodb:query", "arn:aws:states:::lambda:invoke.sync",
        "arn:aws:states:::aws-sdk:s3:getObject.sync", "arn:aws:states:::lambda:invoke.later",
        "arn:aws:states:::lambda", "not-an-arn"})
    EXPECT_TRUE(resource_refusal_has_evidence(classify_resource(arn))) << arn;
  for (const char* arn : {"arn:aws:states:::nosuch:thing", "arn:aws:sqs:us-east-1:111111111111:q",
                          "arn:aws:states:::nosuch:thing.sync"})
    EXPECT_FALSE(resource_refusal_has_evidence(classify_resource(arn))) << arn;
}

TEST(AslResourceArn, RegionAccountAndPartitionsAreRecognized) {
  // AWS's sample script-generator deploys "arn:aws:states:us-east-1:<account>:aws-sdk:...".
  struct Case {
    const char* arn;
    Resource::Kind kind;
    const char* service;
    const char* region;
  } cases[] = {
      {"arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject", Resource::Kind::Sdk,
       "aws-sdk:s3", "us-east-1"},
      {"arn:aws:states:eu-west-1:123456789012:lambda:invoke", Resource::Kind::Service, "lambda",
       "eu-west-1"},
      {"arn:aws-cn:states:::lambda:invoke", Resource::Kind::Service, "lambda", ""},
      {"arn:aws-us-gov:states:::aws-sdk:s3:listBuckets", Resource::Kind::Sdk, "aws-sdk:s3", ""},
      {"arn:aws-iso:states:::sqs:sendMessage", Resource::Kind::Service, "sqs", ""},
  };
  for (const Case& c : cases) {
    Resource r = classify_resource(c.arn);
    EXPECT_EQ(r.kind, c.kind) << c.arn;
    EXPECT_EQ(r.service, c.service) << c.arn;
    EXPECT_EQ(r.region, c.region) << c.arn;
    EXPECT_FALSE(resource_problem(r)) << c.arn;
  }
}

TEST(AslResourceArn, RequiredRequestFields) {
  EXPECT_EQ(required_request_fields(
                classify_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken")),
            (std::vector<std::string_view>{"QueueUrl", "MessageBody"}));
  EXPECT_TRUE(required_request_fields(classify_resource("arn:aws:states:::aws-sdk:sqs:sendMessage"))
                  .empty());
  EXPECT_TRUE(requires_parameters(classify_resource("arn:aws:states:::http:invoke")));
  EXPECT_FALSE(requires_parameters(classify_resource("arn:aws:states:::aws-sdk:s3:listBuckets")));
}

TEST(AslMapLabel, AwsRulesInOrder) {
  EXPECT_FALSE(detail::label_problem("ok-label_1"));
  EXPECT_EQ(detail::label_problem(""), "Label cannot be empty");
  EXPECT_EQ(detail::label_problem(std::string(41, 'a')), "Label cannot exceed 40 characters");
  EXPECT_FALSE(detail::label_problem(std::string(40, 'a')));
  EXPECT_EQ(detail::label_problem("a*b c"), "Label contains invalid character: ' '");
  EXPECT_EQ(detail::label_problem("a\\b"), "Label contains invalid character: '\\\\'");
  EXPECT_EQ(detail::label_problem("a\tb"), "Label contains invalid character: '\\t'");
  EXPECT_EQ(detail::label_problem("a\x01"), "Label contains invalid character: '\\x01'");
  EXPECT_EQ(detail::label_problem("a\xC2\x85"), "Label contains invalid character: '\\x85'");
}

Diagnostic diag(std::string code, std::string message, std::string location,
                bool value_error = false) {
  Diagnostic d;
  d.code = std::move(code);
  d.message = std::move(message);
  d.location = std::move(location);
  d.reported_as_value_error = value_error;
  return d;
}

TEST(AslFormatInvalidDefinition, JoinsErrorsAndPrintsNullLocations) {
  Diagnostics ds{diag("SCHEMA_VALIDATION_FAILED", "A", "/States/X"),
                 diag("MISSING_END_STATE", "B", "")};
  EXPECT_EQ(format_invalid_definition(ds),
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: A at /States/X, "
            "MISSING_END_STATE: B at null'");
  ds[0].severity = "WARNING";
  EXPECT_EQ(format_invalid_definition(ds),
            "Invalid State Machine Definition: 'MISSING_END_STATE: B at null'");
  EXPECT_FALSE(has_errors({}));
  EXPECT_TRUE(has_errors(ds));
}

TEST(AslFormatInvalidDefinition, ValueErrorFormOnlyWhenAlone) {
  Diagnostics label{diag("SCHEMA_VALIDATION_FAILED", "Label cannot exceed 40 characters",
                         "/States/M/Label", true)};
  EXPECT_EQ(
      format_invalid_definition(label, "{\"a\": 1}"),
      "Error=ValueError Args=['Label cannot exceed 40 characters'] in definition '{\"a\": 1}'.");
  label.push_back(diag("SCHEMA_VALIDATION_FAILED", "Other", "/States/N"));
  EXPECT_EQ(format_invalid_definition(label, "{}"),
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Other at /States/N'");
  Diagnostics quote{
      diag("SCHEMA_VALIDATION_FAILED", "Label contains invalid character: '\\\\'", "/L", true)};
  EXPECT_EQ(format_invalid_definition(quote, "d"),
            "Error=ValueError Args=[\"Label contains invalid character: '\\\\\\\\'\"] in "
            "definition 'd'.");
}

}  // namespace
}  // namespace sfn::asl
