// State machines, versions, aliases, tags and request validation through Service::dispatch.
#include "service/request_shapes.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

TEST(ServiceStateMachines, CreateDescribeListDelete) {
  Service s;
  std::string arn = create_machine(s, "orders");
  EXPECT_EQ(arn, "arn:aws:states:us-east-1:123456789012:stateMachine:orders");
  Json d = ok(s, "DescribeStateMachine", {{"stateMachineArn", arn}});
  EXPECT_EQ(d["name"], "orders");
  EXPECT_EQ(d["status"], "ACTIVE");
  EXPECT_EQ(d["type"], "STANDARD");
  EXPECT_EQ(d["definition"], kPassMachine);
  EXPECT_EQ(d["loggingConfiguration"], (Json{{"level", "OFF"}, {"includeExecutionData", false}}));
  EXPECT_EQ(d["tracingConfiguration"], (Json{{"enabled", false}}));
  EXPECT_TRUE(d["creationDate"].is_number());
  EXPECT_FALSE(d.contains("revisionId"));

  Json list = ok(s, "ListStateMachines", Json::object());
  ASSERT_EQ(list["stateMachines"].size(), 1u);
  EXPECT_EQ(list["stateMachines"][0]["stateMachineArn"], arn);

  ok(s, "DeleteStateMachine", {{"stateMachineArn", arn}});
  auto e = fails(s, "DescribeStateMachine", {{"stateMachineArn", arn}});
  EXPECT_EQ(e.code, "StateMachineDoesNotExist");
  EXPECT_EQ(e.message, "State Machine Does Not Exist: '" + arn + "'");
}

TEST(ServiceStateMachines, CreateIsIdempotentButNamesAreUnique) {
  Service s;
  std::string arn = create_machine(s, "m");
  EXPECT_EQ(create_machine(s, "m"), arn);
  auto e = fails(s, "CreateStateMachine",
                 {{"name", "m"},
                  {"definition", R"({"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}})"},
                  {"roleArn", kRole}});
  EXPECT_EQ(e.code, "StateMachineAlreadyExists");
  EXPECT_EQ(e.message, "State Machine Already Exists: '" + arn + "'");
}

TEST(ServiceStateMachines, InvalidNamesArnsAndDefinitions) {
  Service s;
  auto e = fails(s, "CreateStateMachine",
                 {{"name", "bad name"}, {"definition", kPassMachine}, {"roleArn", kRole}});
  EXPECT_EQ(e.code, "InvalidName");
  EXPECT_EQ(e.message, "Invalid Name: 'bad name'");

  e = fails(s, "DescribeStateMachine", {{"stateMachineArn", "not_a_valid_arn"}});
  EXPECT_EQ(e.code, "InvalidArn");
  EXPECT_EQ(e.message, "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'");

  e = fails(s, "CreateStateMachine",
            {{"name", "x"}, {"definition", R"({"StartAt":"A","States":{}})"}, {"roleArn", kRole}});
  EXPECT_EQ(e.code, "InvalidDefinition");
  EXPECT_TRUE(e.message.starts_with("Invalid State Machine Definition: ")) << e.message;
}

TEST(ServiceStateMachines, FrontEndValidationMessages) {
  Service s;
  auto e = fails(s, "DescribeStateMachine", Json::object());
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy "
            "constraint: Member must not be null");
  e = fails(s, "ListStateMachines", {{"maxResults", 1001}});
  EXPECT_EQ(e.message,
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy "
            "constraint: Member must have value less than or equal to 1000");
  e = fails(s, "ListExecutions",
            {{"stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:x"},
             {"statusFilter", "succeeded"}});
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy "
            "constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, "
            "PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
  e = fails(s, "ListStateMachines", {{"maxResults", 2000}, {"nextToken", std::string(1025, 'x')}});
  EXPECT_TRUE(e.message.starts_with("2 validation errors detected: ")) << e.message;
  e = fails(s, "ListStateMachines", {{"maxResults", "ten"}});
  EXPECT_EQ(e.code, "SerializationException");
  e = fails(s, "NoSuchOperation", Json::object());
  EXPECT_EQ(e.code, "UnknownOperationException");
  // Nested members and list elements are checked too, named by their path.
  e = fails(s, "CreateActivity",
            {{"name", "a"},
             {"tags", Json::array({{{"key", ""}}})},
             {"encryptionConfiguration", {{"type", "NONE"}}}});
  EXPECT_EQ(e.message,
            "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy "
            "constraint: Member must have length greater than or equal to 1; Value 'NONE' at "
            "'encryptionConfiguration.type' failed to satisfy constraint: Member must satisfy "
            "enum value set: [AWS_OWNED_KEY, CUSTOMER_MANAGED_KMS_KEY]");
  e = fails(s, "RedriveExecution", {{"executionArn", "x"}, {"clientToken", "a b"}});
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'a b' at 'clientToken' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [!-~]+");
}

TEST(ServiceStateMachines, UpdatePublishesVersionsPerRevision) {
  Service s;
  std::string arn = create_machine(s, "m");
  Json u = ok(s, "UpdateStateMachine",
              {{"stateMachineArn", arn},
               {"definition", R"({"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}})"},
               {"publish", true},
               {"versionDescription", "first"}});
  EXPECT_TRUE(u.contains("revisionId"));
  EXPECT_EQ(u["stateMachineVersionArn"], arn + ":1");
  // Publishing the same revision again gives the same version.
  Json p = ok(s, "PublishStateMachineVersion", {{"stateMachineArn", arn}});
  EXPECT_EQ(p["stateMachineVersionArn"], arn + ":1");
  Json d = ok(s, "DescribeStateMachine", {{"stateMachineArn", arn + ":1"}});
  EXPECT_EQ(d["description"], "first");
  EXPECT_EQ(d["revisionId"], u["revisionId"]);
  // An update that changes nothing makes no revision: it answers the current one.
  Json same = ok(s, "UpdateStateMachine", {{"stateMachineArn", arn}, {"roleArn", kRole}});
  EXPECT_EQ(same["revisionId"], u["revisionId"]);

  auto e =
      fails(s, "PublishStateMachineVersion", {{"stateMachineArn", arn}, {"revisionId", "stale"}});
  EXPECT_EQ(e.code, "ConflictException");
  e = fails(s, "UpdateStateMachine", {{"stateMachineArn", arn}});
  EXPECT_EQ(e.code, "MissingRequiredParameter");
  e = fails(s, "UpdateStateMachine", {{"stateMachineArn", arn + ":1"}, {"roleArn", kRole}});
  EXPECT_EQ(e.code, "StateMachineDoesNotExist");
  e = fails(s, "CreateStateMachine",
            {{"name", "v"},
             {"definition", kPassMachine},
             {"roleArn", kRole},
             {"versionDescription", "x"}});
  EXPECT_EQ(e.message, "Version description can only be set when publish is true");

  Json versions = ok(s, "ListStateMachineVersions", {{"stateMachineArn", arn}});
  ASSERT_EQ(versions["stateMachineVersions"].size(), 1u);
  ok(s, "DeleteStateMachineVersion", {{"stateMachineVersionArn", arn + ":1"}});
  versions = ok(s, "ListStateMachineVersions", {{"stateMachineArn", arn}});
  EXPECT_TRUE(versions["stateMachineVersions"].empty());
}

TEST(ServiceStateMachines, AliasesRouteToVersions) {
  Service s;
  std::string arn = create_machine(s, "m");
  std::string v1 =
      ok(s, "PublishStateMachineVersion", {{"stateMachineArn", arn}})["stateMachineVersionArn"];
  Json route = Json::array({{{"stateMachineVersionArn", v1}, {"weight", 100}}});
  Json a = ok(s, "CreateStateMachineAlias", {{"name", "live"}, {"routingConfiguration", route}});
  EXPECT_EQ(a["stateMachineAliasArn"], arn + ":live");
  // Same request: same alias. Different description: conflict.
  EXPECT_EQ(ok(s, "CreateStateMachineAlias",
               {{"name", "live"}, {"routingConfiguration", route}})["stateMachineAliasArn"],
            arn + ":live");
  auto e = fails(s, "CreateStateMachineAlias",
                 {{"name", "live"}, {"routingConfiguration", route}, {"description", "d"}});
  EXPECT_EQ(e.code, "ConflictException");

  e = fails(s, "CreateStateMachineAlias",
            {{"name", "x"},
             {"routingConfiguration",
              Json::array({{{"stateMachineVersionArn", v1}, {"weight", 70}},
                           {{"stateMachineVersionArn", arn + ":2"}, {"weight", 29}}})}});
  EXPECT_EQ(e.message, "Sum of routing configuration weights must equal 100. Received: [70, 29]");
  e = fails(s, "CreateStateMachineAlias", {{"name", "123"}, {"routingConfiguration", route}});
  EXPECT_EQ(e.code, "ValidationException");

  // A version an alias routes to cannot go.
  e = fails(s, "DeleteStateMachineVersion", {{"stateMachineVersionArn", v1}});
  EXPECT_EQ(e.code, "ConflictException");

  Json start = ok(s, "StartExecution", {{"stateMachineArn", arn + ":live"}});
  Json d = ok(s, "DescribeExecution", {{"executionArn", start["executionArn"]}});
  EXPECT_EQ(d["stateMachineAliasArn"], arn + ":live");
  EXPECT_EQ(d["stateMachineVersionArn"], v1);

  Json described = ok(s, "DescribeStateMachineAlias", {{"stateMachineAliasArn", arn + ":live"}});
  EXPECT_EQ(described["routingConfiguration"], route);
  ok(s, "DeleteStateMachineAlias", {{"stateMachineAliasArn", arn + ":live"}});
  e = fails(s, "DescribeStateMachineAlias", {{"stateMachineAliasArn", arn + ":live"}});
  EXPECT_EQ(e.code, "ResourceNotFound");
}

TEST(ServiceStateMachines, Tags) {
  Service s;
  std::string arn = create_machine(s, "m");
  ok(s, "TagResource",
     {{"resourceArn", arn},
      {"tags", Json::array({{{"key", "a"}, {"value", "1"}}, {{"key", "b"}, {"value", "2"}}})}});
  ok(s, "TagResource",
     {{"resourceArn", arn}, {"tags", Json::array({{{"key", "a"}, {"value", "3"}}})}});
  ok(s, "UntagResource", {{"resourceArn", arn}, {"tagKeys", Json::array({"b"})}});
  Json tags = ok(s, "ListTagsForResource", {{"resourceArn", arn}});
  EXPECT_EQ(tags["tags"], Json::array({{{"key", "a"}, {"value", "3"}}}));
  auto e = fails(s, "TagResource", {{"resourceArn", arn + ":1"}, {"tags", Json::array()}});
  EXPECT_EQ(e.code, "ResourceNotFound");
  EXPECT_EQ(e.message, "Resource not found: '" + arn + ":1'");
}

TEST(ServiceStateMachines, PaginationWithTokens) {
  Service s;
  for (int i = 0; i < 7; ++i) create_machine(s, "m" + std::to_string(i));
  std::vector<std::string> names;
  Json request = {{"maxResults", 3}};
  for (int page = 0; page < 5; ++page) {
    Json r = ok(s, "ListStateMachines", request);
    for (const auto& m : r["stateMachines"]) names.push_back(m["name"]);
    if (!r.contains("nextToken")) break;
    request["nextToken"] = r["nextToken"];
  }
  EXPECT_EQ(names, (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4", "m5", "m6"}));
  auto e = fails(s, "ListStateMachines", {{"nextToken", "garbage"}});
  EXPECT_EQ(e.code, "InvalidToken");
}

TEST(ServiceStateMachines, ValidateDefinition) {
  Service s;
  Json r = ok(s, "ValidateStateMachineDefinition", {{"definition", kPassMachine}});
  EXPECT_EQ(r, (Json{{"result", "OK"}, {"diagnostics", Json::array()}, {"truncated", false}}));
  r = ok(s, "ValidateStateMachineDefinition", {{"definition", " "}});
  EXPECT_EQ(r["result"], "FAIL");
  ASSERT_EQ(r["diagnostics"].size(), 1u);
  EXPECT_EQ(r["diagnostics"][0]["code"], "SCHEMA_VALIDATION_FAILED");
}

TEST(ServiceStateMachines, ActivitiesAreNamedResources) {
  Service s;
  Json a = ok(s, "CreateActivity", {{"name", "work"}});
  std::string arn = a["activityArn"];
  EXPECT_EQ(arn, "arn:aws:states:us-east-1:123456789012:activity:work");
  EXPECT_EQ(ok(s, "CreateActivity", {{"name", "work"}})["activityArn"], arn);
  EXPECT_EQ(ok(s, "DescribeActivity", {{"activityArn", arn}})["name"], "work");
  EXPECT_EQ(fails(s, "CreateActivity", {{"name", "a:b"}}).message, "Invalid Name: 'a:b'");
  ok(s, "DeleteActivity", {{"activityArn", arn}});
  EXPECT_EQ(fails(s, "DescribeActivity", {{"activityArn", arn}}).code, "ActivityDoesNotExist");
}

}  // namespace
}  // namespace sfn::testing

// The service answers exactly the operations of botocore's model (request_shapes.cpp is
// generated from it): one list of operations, checked against the other, not kept twice.
TEST(ServiceOperations, DispatchTableMatchesTheModel) {
  std::vector<std::string_view> modelled;
  for (const auto& op : sfn::service::operation_shapes()) modelled.push_back(op.name);
  EXPECT_EQ(sfn::service::operation_names(), modelled);
}
