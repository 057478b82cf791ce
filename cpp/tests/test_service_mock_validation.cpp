// mock.fieldValidationMode: mocked Task results checked against handmade output shapes (the
// botocore models are the Python package's; none is needed here). The recorded AWS messages come
// first, then sfnsim's choices where AWS recorded nothing.
#include "asl/resource_arn.h"
#include "service/errors.h"
#include "service/mock_validation.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::FieldValidationMode;
constexpr auto kStrict = FieldValidationMode::Strict;
constexpr auto kPresent = FieldValidationMode::Present;
constexpr auto kNone = FieldValidationMode::None;

// The problem with `mock` (JSON text) under `shape`, or "" when it conforms.
std::string problem(const char* shape, const char* mock, FieldValidationMode mode = kStrict) {
  auto found = service::check_against_shape(Json::parse(mock), Json::parse(shape), mode);
  return found ? *found : "";
}

// events:putEvents, as botocore models its output (references into a table of named shapes).
const char* kPutEvents = R"({"shape": "PutEventsResponse", "shapes": {
  "PutEventsResponse": {"type": "structure", "members": {
    "FailedEntryCount": {"shape": "Integer"}, "Entries": {"shape": "PutEventsResultEntryList"}}},
  "PutEventsResultEntryList": {"type": "list", "member": {"shape": "PutEventsResultEntry"}},
  "PutEventsResultEntry": {"type": "structure", "members": {
    "EventId": {"shape": "EventId"}, "ErrorCode": {"shape": "ErrorCode"}}},
  "EventId": {"type": "string"}, "ErrorCode": {"type": "string"}, "Integer": {"type": "integer"}}})";

// states:startExecution: model member names are camelCase.
const char* kStartExecution = R"({"type": "structure", "required": ["executionArn", "startDate"],
  "members": {"executionArn": {"type": "string", "min": 1, "max": 256},
              "startDate": {"type": "timestamp"}}})";

TEST(MockValidation, RecordedMessagesForTypes) {
  EXPECT_EQ(problem(kPutEvents, R"({"Entries": "not a list"})"),
            "Field 'Entries' must be an array");
  EXPECT_EQ(problem(kPutEvents, R"({"Entries": [{"EventId": ["x"]}]})"),
            "Field 'EventId' must be a string");
  // The leaf field is named, not where it sits.
  EXPECT_EQ(problem(kPutEvents, R"({"Entries": [{"EventId": "ok"}, {"EventId": ["x"]}]})"),
            "Field 'EventId' must be a string");
  const char* invoke = R"({"type": "structure", "members": {"StatusCode": {"type": "integer"},
      "Payload": {"type": "blob"}}})";
  EXPECT_EQ(problem(invoke, R"({"StatusCode": "200"})"), "Field 'StatusCode' must be a number");
  EXPECT_EQ(problem(invoke, R"({"StatusCode": 200, "Payload": "function output"})"), "");
  // A blob holding JSON is given as that JSON (AWS's guide mocks Payload as an object).
  EXPECT_EQ(problem(invoke, R"({"StatusCode": 200, "Payload": {"ok": true}})"), "");
  EXPECT_EQ(problem(invoke, R"({"Payload": [1, 2]})"), "");
  EXPECT_EQ(problem(invoke, R"({"Payload": 7})"), "Field 'Payload' must be a string");
  const char* put_item = R"({"type": "structure", "members": {"ConsumedCapacity": {
      "type": "structure", "members": {"CapacityUnits": {"type": "double"}}}}})";
  EXPECT_EQ(problem(put_item, R"({"ConsumedCapacity": {"CapacityUnits": "123.45"}})"),
            "Field 'CapacityUnits' must be a number");
  EXPECT_EQ(problem(put_item, R"({"ConsumedCapacity": {"CapacityUnits": 1}})"), "");
  const char* get_object = R"({"type": "structure", "members": {
      "ContentLength": {"type": "long"},
      "StorageClass": {"type": "string", "enum": ["STANDARD", "GLACIER"]}}})";
  EXPECT_EQ(problem(get_object, R"({"ContentLength": "9000"})"),
            "Field 'ContentLength' must be a number");
  EXPECT_EQ(problem(get_object, R"({"StorageClass": "Papyrus"})"),
            "Field 'StorageClass' is not an expected value");
  EXPECT_EQ(problem(get_object, R"({"StorageClass": "GLACIER", "ContentLength": 9000})"), "");
}

TEST(MockValidation, RecordedMessagesForConstraints) {
  const char* encrypt = R"({"type": "structure", "members": {
      "CiphertextBlob": {"type": "blob", "min": 1, "max": 6144}}})";
  EXPECT_EQ(problem(encrypt, R"({"CiphertextBlob": 123})"),
            "Field 'CiphertextBlob' must be a string");
  EXPECT_EQ(problem(encrypt, R"({"CiphertextBlob": ""})"),
            "Field 'CiphertextBlob' is smaller than the minimum length");
  const char* get_function = R"({"type": "structure", "members": {"Configuration": {
      "type": "structure", "members": {"MemorySize": {"type": "integer", "min": 128,
      "max": 10240}}}}})";
  EXPECT_EQ(problem(get_function, R"({"Configuration": {"MemorySize": 127}})"),
            "Field 'MemorySize' is less than the minimum value");
  EXPECT_EQ(problem(get_function, R"({"Configuration": {"MemorySize": 10241}})"),
            "Field 'MemorySize' exceeds the maximum value");
  EXPECT_EQ(problem(get_function, R"({"Configuration": {"MemorySize": 128}})"), "");
}

TEST(MockValidation, StrictRequiresRequiredMembersInStepFunctionsCasing) {
  EXPECT_EQ(problem(kStartExecution, "{}"), "Required field 'ExecutionArn' is missing");
  // The API's own spelling is not Step Functions': an unknown field, so the member is missing.
  EXPECT_EQ(problem(kStartExecution, R"({"executionArn": "a", "startDate": "d"})"),
            "Required field 'ExecutionArn' is missing");
  EXPECT_EQ(problem(kStartExecution, R"({"ExecutionArn": "a"})"),
            "Required field 'StartDate' is missing");
  EXPECT_EQ(problem(kStartExecution, R"({"ExecutionArn": "a", "StartDate": "2025-01-01"})"), "");
  // Timestamps are text.
  EXPECT_EQ(problem(kStartExecution, R"({"ExecutionArn": "a", "StartDate": true})"),
            "Field 'StartDate' must be a string");
  EXPECT_EQ(problem(kStartExecution, R"({"ExecutionArn": "a", "StartDate": 1764103483})"),
            "Field 'StartDate' must be a string");
}

TEST(MockValidation, PresentChecksOnlyWhatIsThere) {
  EXPECT_EQ(problem(kStartExecution, "{}", kPresent), "");
  EXPECT_EQ(problem(kStartExecution, R"({"executionArn": 1, "startDate": 2})", kPresent), "");
  EXPECT_EQ(problem(kStartExecution, R"({"StartDate": true})", kPresent),
            "Field 'StartDate' must be a string");
  EXPECT_EQ(problem(kStartExecution, R"({"ExecutionArn": 1764103483})", kPresent),
            "Field 'ExecutionArn' must be a string");
  EXPECT_EQ(problem(kPutEvents, R"({"Entries": "x"})", kPresent),
            "Field 'Entries' must be an array");
}

TEST(MockValidation, NoneChecksNothing) {
  EXPECT_EQ(problem(kStartExecution, "{}", kNone), "");
  EXPECT_EQ(problem(kStartExecution, R"({"ExecutionArn": "a", "StartDate": true})", kNone), "");
  EXPECT_EQ(problem(kStartExecution, "[1]", kNone), "");
}

TEST(MockValidation, FieldsNotInTheModelAreIgnored) {
  EXPECT_EQ(problem(kPutEvents, R"({"random": "json"})"), "");
  EXPECT_EQ(problem(kPutEvents, "{}"), "");
  EXPECT_EQ(problem(kPutEvents, R"({"SdkHttpMetadata": {"HttpStatusCode": 200}})"), "");
  EXPECT_EQ(problem(kPutEvents, R"({"Entries": [{"EventId": "e", "Extra": [1]}]})"), "");
}

TEST(MockValidation, RecursiveShapesThroughTheTable) {
  // DynamoDB's AttributeValue holds maps and lists of itself.
  const char* get_item = R"({"shape": "Out", "shapes": {
    "Out": {"type": "structure", "members": {"Item": {"shape": "AttributeMap"}}},
    "AttributeMap": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "AttributeValue"}},
    "AttributeValue": {"type": "structure", "union": true, "members": {
      "S": {"shape": "Text"}, "N": {"shape": "Text"}, "BOOL": {"shape": "Bool"},
      "M": {"shape": "AttributeMap"}, "L": {"shape": "List"}}},
    "List": {"type": "list", "member": {"shape": "AttributeValue"}},
    "Name": {"type": "string"}, "Text": {"type": "string"}, "Bool": {"type": "boolean"}}})";
  EXPECT_EQ(problem(get_item, R"({"Item": {"a": {"M": {"b": {"L": [{"S": "x"}, {"N": "1"}]}}}}})"),
            "");
  EXPECT_EQ(problem(get_item, R"({"Item": {"a": {"M": {"b": {"L": [{"S": "x"}, {"N": 1}]}}}}})"),
            "Field 'N' must be a string");
  // Map values are reported under the map's field.
  EXPECT_EQ(problem(get_item, R"({"Item": {"a": "x"}})"), "Field 'Item' must be an object");
  // An unresolvable reference constrains nothing.
  EXPECT_EQ(problem(R"({"shape": "Missing", "shapes": {}})", R"({"a": 1})"), "");
}

// Where AWS recorded nothing: the obvious analogues of its messages (docs/test-state.md).
TEST(MockValidation, SfnsimChoices) {
  const char* shape = R"({"type": "structure", "required": ["Name"], "members": {
      "Name": {"type": "string", "min": 1, "max": 3},
      "Enabled": {"type": "boolean"},
      "Count": {"type": "integer"},
      "Ratio": {"type": "float", "min": 0, "max": 1},
      "Tags": {"type": "map", "key": {"type": "string"}, "value": {"type": "string"}, "max": 1},
      "Ids": {"type": "list", "member": {"type": "string"}, "min": 1},
      "Detail": {"type": "structure", "members": {}},
      "Doc": {"type": "document"}}})";
  EXPECT_EQ(problem(shape, R"({"Name": "abcd"})"), "Field 'Name' exceeds the maximum length");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Enabled": "true"})"),
            "Field 'Enabled' must be a boolean");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Count": 1.5})"), "Field 'Count' must be an integer");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Count": 2.0})"), "");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Ratio": 1.5})"),
            "Field 'Ratio' exceeds the maximum value");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Tags": []})"), "Field 'Tags' must be an object");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Tags": {"a": "1", "b": "2"}})"),
            "Field 'Tags' exceeds the maximum length");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Tags": {"a": 1}})"), "Field 'Tags' must be a string");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Ids": []})"),
            "Field 'Ids' is smaller than the minimum length");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Detail": "x"})"), "Field 'Detail' must be an object");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Doc": [1, {"any": null}]})"), "");
  // null is a value of the wrong type, not an absent member.
  EXPECT_EQ(problem(shape, R"({"Name": null})"), "Field 'Name' must be a string");
  // Required members first, then the present ones in the mock's order.
  EXPECT_EQ(problem(shape, R"({"Count": "x"})"), "Required field 'Name' is missing");
  EXPECT_EQ(problem(shape, R"({"Name": "ab", "Count": "x", "Enabled": 1})"),
            "Field 'Count' must be a number");
  // An API's output is an object.
  EXPECT_EQ(problem(shape, R"(["Name"])"), "The mocked result must be a JSON object");
  EXPECT_EQ(problem(shape, R"("text")", kPresent), "The mocked result must be a JSON object");
}

std::string operation_of(const char* arn) {
  auto found = service::mock_shape_operation(asl::classify_resource(arn));
  return found ? found->service + " " + found->operation : "-";
}

TEST(MockValidation, WhichOperationAResourceIsCheckedAgainst) {
  EXPECT_EQ(operation_of("arn:aws:states:::lambda:invoke"), "lambda invoke");
  EXPECT_EQ(operation_of("arn:aws:states:::events:putEvents"), "events putEvents");
  EXPECT_EQ(operation_of("arn:aws:states:::aws-sdk:s3:getObject"), "aws-sdk:s3 getObject");
  // A job is checked against the API Step Functions polls.
  EXPECT_EQ(operation_of("arn:aws:states:::states:startExecution.sync:2"),
            "states describeExecution");
  EXPECT_EQ(operation_of("arn:aws:states:::states:startExecution.sync"),
            "states describeExecution");
  EXPECT_EQ(operation_of("arn:aws:states:::batch:submitJob.sync"), "-");
  // Not checked on AWS.
  EXPECT_EQ(operation_of("arn:aws:states:::http:invoke"), "-");
  EXPECT_EQ(operation_of("arn:aws:states:::apigateway:invoke"), "-");
  EXPECT_EQ(operation_of("arn:aws:states:::eks:call"), "-");
  EXPECT_EQ(operation_of("arn:aws:states:::eks:runJob.sync"), "-");
  EXPECT_EQ(operation_of("arn:aws:states:::eks:createCluster"), "eks createCluster");
  // No API's output: a callback's answer, a function's own result, an activity worker's.
  EXPECT_EQ(operation_of("arn:aws:states:::sqs:sendMessage.waitForTaskToken"), "-");
  EXPECT_EQ(operation_of("arn:aws:lambda:us-east-1:123456789012:function:f"), "-");
  EXPECT_EQ(operation_of("arn:aws:states:us-east-1:123456789012:activity:a"), "-");
}

TEST(MockValidation, ModeOfAMock) {
  EXPECT_EQ(service::field_validation_mode(Json::object()), kStrict);
  EXPECT_EQ(service::field_validation_mode({{"fieldValidationMode", "PRESENT"}}), kPresent);
  EXPECT_EQ(service::field_validation_mode({{"fieldValidationMode", "NONE"}}), kNone);
  EXPECT_EQ(service::field_validation_mode({{"fieldValidationMode", "STRICT"}}), kStrict);
}

// TestState end to end: the service asks the caller for the shape.
class MockValidationService : public ::testing::Test {
 protected:
  using Response = service::Response;
  service::Service s;
  std::vector<std::string> asked;
  service::CallContext ctx;

  void SetUp() override {
    ctx.output_shape = [this](std::string_view svc, std::string_view op) -> std::optional<Json> {
      asked.push_back(std::string(svc) + " " + std::string(op));
      if (svc == "states" && op == "startExecution") return Json::parse(kStartExecution);
      return std::nullopt;
    };
  }

  Response call(const char* resource, Json mock) {
    // Optimized integrations need their Parameters; aws-sdk ones take any.
    Json parameters = {{"StateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:m"}};
    Json state = {
        {"Type", "Task"}, {"Resource", resource}, {"Parameters", parameters}, {"End", true}};
    return s.dispatch("TestState", {{"definition", state.dump()}, {"mock", std::move(mock)}}, ctx);
  }
};

TEST_F(MockValidationService, RejectsWithAwsMessage) {
  auto r = call("arn:aws:states:::states:startExecution", {{"result", "{}"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ValidationException");
  EXPECT_EQ(r.error().message,
            "Mock result schema validation error: Required field 'ExecutionArn' is missing");
  EXPECT_EQ(asked, std::vector<std::string>{"states startExecution"});
  r = call("arn:aws:states:::states:startExecution",
           {{"result", "{}"}, {"fieldValidationMode", "PRESENT"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value()["status"], "SUCCEEDED");
}

TEST_F(MockValidationService, WithoutAModelSaysSo) {
  auto r = call("arn:aws:states:::aws-sdk:s3:getObject", {{"result", "{}"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ValidationException");
  EXPECT_NE(r.error().message.find("Install botocore, or set mock.fieldValidationMode to NONE"),
            std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("aws-sdk:s3:getObject"), std::string::npos);
  // NONE and the unchecked resources never need one.
  EXPECT_TRUE(call("arn:aws:states:::aws-sdk:s3:getObject",
                   {{"result", "[1]"}, {"fieldValidationMode", "NONE"}})
                  .ok());
  EXPECT_TRUE(call("arn:aws:states:::http:invoke", {{"result", "[1]"}}).ok());
  // An error mock has no result to check.
  EXPECT_TRUE(
      call("arn:aws:states:::aws-sdk:s3:getObject", {{"errorOutput", {{"error", "E"}}}}).ok());
  // Invalid JSON is reported whatever the mode.
  r = call("arn:aws:states:::aws-sdk:s3:getObject",
           {{"result", "not json"}, {"fieldValidationMode", "NONE"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Mocked result must be valid JSON");
}

TEST_F(MockValidationService, UnknownModeIsAConstraintViolation) {
  auto r = call("arn:aws:states:::states:startExecution",
                {{"result", "{}"}, {"fieldValidationMode", "LAX"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "1 validation error detected: Value 'LAX' at 'mock.fieldValidationMode' failed to "
            "satisfy constraint: Member must satisfy enum value set: [STRICT, PRESENT, NONE]");
}

}  // namespace
}  // namespace sfn::testing
