// One test per validation rule: AWS's code, words and location for each.
#include <gtest/gtest.h>

#include "asl_test_util.h"

namespace sfn::asl {
namespace {

using testing::machine_with;
using testing::problems;
using testing::warnings;
using V = std::vector<std::string>;

const Json kPassEnd = {{"Type", "Pass"}, {"End", true}};

TEST(AslRulesTopLevel, NotAnObject) {
  EXPECT_EQ(problems(std::string(" ")),
            V{"SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object at null"});
  EXPECT_EQ(problems(std::string("[1]")),
            V{"SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object at null"});
  EXPECT_EQ(problems(std::string("\"x\"")),
            V{"SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object at null"});
}

TEST(AslRulesTopLevel, InvalidJsonIsReportedWithJacksonWords) {
  auto result = parse("not a definition");
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().size(), 1u);
  EXPECT_EQ(result.error()[0].code, "INVALID_JSON_DESCRIPTION");
  EXPECT_EQ(
      result.error()[0].message,
      "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token "
      "'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]");
  EXPECT_EQ(result.error()[0].location,
            "[Source: (String)\"not a definition\"; line: 1, column: 4]");
}

TEST(AslRulesTopLevel, RequiredFieldsInJavaSetOrder) {
  EXPECT_EQ(problems(Json::object()),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /"});
  EXPECT_EQ(problems(Json{{"States", {{"S", kPassEnd}}}}),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /"});
}

TEST(AslRulesTopLevel, UnknownFieldAndVersion) {
  Json d = machine_with(kPassEnd);
  d["Coment"] = "typo";
  d["Version"] = "2.0";
  EXPECT_EQ(
      problems(d),
      (V{"SCHEMA_VALIDATION_FAILED: Field 'Coment' is not supported at /",
         "SCHEMA_VALIDATION_FAILED: Value should be one of the following: [1.0] at /Version"}));
  d.erase("Coment");
  d["Version"] = "1.0";
  d["TimeoutSeconds"] = 0;
  EXPECT_EQ(problems(d), V{"SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /TimeoutSeconds"});
}

TEST(AslRulesTopLevel, WrongTypes) {
  EXPECT_EQ(problems(Json{{"StartAt", 1}, {"States", {{"S", kPassEnd}}}}),
            V{"SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] at /StartAt"});
  EXPECT_EQ(problems(Json{{"StartAt", "S"}, {"States", Json::array()}}),
            V{"SCHEMA_VALIDATION_FAILED: Expected value of type [OBJECT] at /States"});
  EXPECT_EQ(problems(machine_with("Pass")),
            V{"SCHEMA_VALIDATION_FAILED: Expected value of type [OBJECT] at /States/S"});
}

TEST(AslRulesState, TypeRequiredAndKnown) {
  EXPECT_EQ(problems(machine_with({{"End", true}})),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Sleep"}, {"End", true}})),
            V{"SCHEMA_VALIDATION_FAILED: Value should be one of the following: [Task, Choice, "
              "Pass, Parallel, "
              "Wait, Map, Succeed, Fail] at /States/S/Type"});
}

TEST(AslRulesState, FieldNotSupportedOnType) {
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", true}, {"TimeoutSeconds", 5}})),
            V{"SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Succeed"}, {"Next", "S"}})),
            V{"SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", true}, {"Catch", Json::array()}})),
            V{"SCHEMA_VALIDATION_FAILED: Field 'Catch' is not supported at /States/S"});
}

TEST(AslRulesState, NextAndEnd) {
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}})),
            V{"SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: "
              "[Next, End] at /States/S"});
  Json both =
      Json{{"StartAt", "S"},
           {"States", {{"S", {{"Type", "Pass"}, {"Next", "T"}, {"End", true}}}, {"T", kPassEnd}}}};
  EXPECT_EQ(problems(both), V{"SCHEMA_VALIDATION_FAILED: There should only be one of the following "
                              "fields: [Next, End] at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", "yes"}})),
            (V{"SCHEMA_VALIDATION_FAILED: Expected value of type [BOOLEAN] at /States/S/End",
               "SCHEMA_VALIDATION_FAILED: This object should have only one of the following "
               "fields: [Next, End] at /States/S"}));
}

TEST(AslRulesTransitions, MissingTargetAndUnreachable) {
  // The definition AWS answers with both diagnostics (localstack/localstack#11978).
  Json d =
      Json{{"StartAt", "pass1"},
           {"States", {{"pass1", {{"Type", "Pass"}, {"Next", "pass3"}}}, {"pass2", kPassEnd}}}};
  auto result = parse(d.dump());
  ASSERT_FALSE(result);
  EXPECT_EQ(format_invalid_definition(result.error()),
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: "
            "pass3 at "
            "/States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at "
            "/States/pass2'");
}

TEST(AslRulesTransitions, StartAtNotFoundSaysNext) {
  // CloudFormation's report of AWS's answer (aws-cloudformation/cfn-lint#4074).
  Json d = Json{{"StartAt", "Not sure"},
                {"States",
                 {{"Pass One", {{"Type", "Pass"}, {"Next", "Success"}}},
                  {"Success", {{"Type", "Succeed"}}}}}};
  EXPECT_EQ(
      problems(d),
      (V{"MISSING_TRANSITION_TARGET: Missing 'Next' target: Not sure at /StartAt",
         "MISSING_TRANSITION_TARGET: State \"Pass One\" is not reachable. at /States/Pass One"}));
}

TEST(AslRulesTransitions, DefaultAndCatchAndChoiceTargets) {
  Json d = Json::parse(R"({"StartAt":"C","States":{
    "C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"Nope"}],"Default":"Gone"},
    "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","End":true,
         "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Lost"}]}}})");
  EXPECT_EQ(
      problems(d),
      (V{"MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/C/Choices[0]/Next",
         "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone at /States/C/Default",
         "MISSING_TRANSITION_TARGET: Missing 'Next' target: Lost at /States/T/Catch[0]/Next",
         "MISSING_TRANSITION_TARGET: State \"T\" is not reachable. at /States/T"}));
}

TEST(AslRulesTransitions, NoTerminalState) {
  Json d =
      Json{{"StartAt", "A"},
           {"States",
            {{"A", {{"Type", "Pass"}, {"Next", "B"}}}, {"B", {{"Type", "Pass"}, {"Next", "A"}}}}}};
  auto result = parse(d.dump());
  ASSERT_FALSE(result);
  EXPECT_EQ(format_invalid_definition(result.error()),
            "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state "
            "at null'");
}

TEST(AslRulesTransitions, NotCheckedWhenTheSchemaFails) {
  EXPECT_EQ(problems(Json{{"States", {{"S", kPassEnd}}}}),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /"});
}

TEST(AslRulesTransitions, NestedGraphsAreSeparateScopes) {
  Json d = Json::parse(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
    {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Outer"}}}]},"Outer":{"Type":"Pass","End":true}}})");
  EXPECT_EQ(problems(d),
            (V{"MISSING_TRANSITION_TARGET: State \"Outer\" is not reachable. at /States/Outer",
               "MISSING_TRANSITION_TARGET: Missing 'Next' target: Outer at "
               "/States/P/Branches[0]/States/A/Next"}));
}

TEST(AslRulesStateNames, DuplicatesAcrossTheMachineAndInOneObject) {
  std::string text =
      R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"A":{"Type":"Succeed"}}})";
  EXPECT_EQ(problems(text), V{"DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A"});
  Json nested = Json::parse(R"({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
    "ItemProcessor":{"StartAt":"M","States":{"M":{"Type":"Pass","End":true}}}}}})");
  EXPECT_EQ(problems(nested),
            V{"DUPLICATE_STATE_NAME: Duplicate State name: M at /States/M/ItemProcessor/States/M"});
}

TEST(AslRulesStateNames, LongerThan80Characters) {
  std::string name(81, 'n');
  EXPECT_EQ(problems(Json{{"StartAt", name}, {"States", {{name, kPassEnd}}}}),
            V{"INVALID_STATE_NAME: Invalid State name: State '" + name +
              "' exceeds the 80-character limit allowed by the service at /States/" + name});
  EXPECT_EQ(warnings(Json{{"StartAt", ""}, {"States", {{"", kPassEnd}}}}),
            V{"INVALID_STATE_NAME: Invalid State name: the name is empty at /States/ (WARNING)"});
}

TEST(AslRulesQueryLanguage, DowngradeAndOtherLanguageFields) {
  Json down = Json::parse(
      R"({"StartAt":"Pass","QueryLanguage":"JSONata","States":{"Pass":{"Type":"Pass","End":true,"QueryLanguage":"JSONPath"}}})");
  ParseOptions jsonata;
  jsonata.allow_jsonata = true;
  EXPECT_EQ(problems(down, jsonata),
            V{"SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' "
              "for whole state machine at /States/Pass"});
  Json output = machine_with({{"Type", "Pass"}, {"End", true}, {"Output", 1}});
  EXPECT_EQ(problems(output),
            V{"SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field "
              "'Output' is only supported for the 'JSONata' QueryLanguage at /States/S"});
  Json input_path = machine_with(
      {{"Type", "Pass"}, {"End", true}, {"InputPath", "$"}, {"QueryLanguage", "JSONata"}});
  EXPECT_EQ(problems(input_path, jsonata),
            V{"SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field "
              "'InputPath' is only supported for the 'JSONPath' QueryLanguage at /States/S"});
}

TEST(AslRulesQueryLanguage, BadValuesAndProcessorField) {
  ParseOptions jsonata;
  jsonata.allow_jsonata = true;
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", true}, {"QueryLanguage", "jsonata"}}),
                     jsonata),
            V{"SCHEMA_VALIDATION_FAILED: Value should be one of the following: [JSONPath, JSONata] "
              "at /States/S/QueryLanguage"});
  Json map = Json::parse(R"({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
    "ItemProcessor":{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}})");
  EXPECT_EQ(problems(map), V{"SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported at "
                             "/States/M/ItemProcessor"});
}

TEST(AslRulesQueryLanguage, JsonataAllowedUnlessRefused) {
  Json d = machine_with({{"Type", "Pass"}, {"End", true}, {"Output", "{% $states.input %}"}});
  d["QueryLanguage"] = "JSONata";
  EXPECT_EQ(problems(d), V{});
  ParseOptions refuse;
  refuse.allow_jsonata = false;
  EXPECT_EQ(problems(d, refuse),
            V{"SCHEMA_VALIDATION_FAILED: JSONata definitions are not allowed here "
              "(ParseOptions::allow_jsonata is false) at /QueryLanguage"});
}

TEST(AslRulesPaths, InputOutputResultPaths) {
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", true}, {"InputPath", "input"}})),
            V{"SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid "
              "JSONPath at /States/S/InputPath"});
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", true}, {"ResultPath", "$.a[*]"}})),
            V{"SCHEMA_VALIDATION_FAILED: Value is not a Reference Path at /States/S/ResultPath"});
  EXPECT_EQ(
      problems(machine_with({{"Type", "Pass"}, {"End", true}, {"ResultPath", "$$.Execution"}})),
      V{"SCHEMA_VALIDATION_FAILED: Value is not a Reference Path at /States/S/ResultPath"});
  EXPECT_EQ(
      problems(machine_with(
          {{"Type", "Pass"}, {"End", true}, {"ResultPath", nullptr}, {"OutputPath", nullptr}})),
      V{});
}

TEST(AslRulesPaths, ReferencePathFields) {
  EXPECT_EQ(problems(machine_with({{"Type", "Wait"}, {"End", true}, {"SecondsPath", "secs"}})),
            V{"SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference path didn't "
              "start with '$' at /States/S/SecondsPath"});
  Json map = Json::parse(
      R"({"StartAt":"M","States":{"M":{"Type":"Map","End":true,"MaxConcurrencyPath":"$$.Execution.Input.n",
    "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}})");
  EXPECT_EQ(
      problems(map),
      V{"SCHEMA_VALIDATION_FAILED: Value is not a Reference Path at /States/M/MaxConcurrencyPath"});
}

TEST(AslRulesWait, ExactlyOneTimingField) {
  EXPECT_EQ(problems(machine_with({{"Type", "Wait"},
                                   {"End", true},
                                   {"Seconds", 1},
                                   {"Timestamp", "2016-03-14T01:59:00Z"}})),
            V{"SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
              "[SecondsPath, Seconds, TimestampPath, Timestamp] at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Wait"}, {"End", true}})),
            V{"SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: "
              "[SecondsPath, Seconds, TimestampPath, Timestamp] at /States/S"});
}

TEST(AslRulesWait, SecondsAndTimestampValues) {
  EXPECT_EQ(problems(machine_with({{"Type", "Wait"}, {"End", true}, {"Seconds", -1}})),
            V{"SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/S/Seconds"});
  EXPECT_EQ(problems(machine_with({{"Type", "Wait"}, {"End", true}, {"Seconds", 1.5}})),
            V{"SCHEMA_VALIDATION_FAILED: Expected value of type [INTEGER] at /States/S/Seconds"});
  EXPECT_EQ(problems(machine_with(
                {{"Type", "Wait"}, {"End", true}, {"Timestamp", "2016-12-05 21:29:29Z"}})),
            V{"SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at "
              "/States/S/Timestamp"});
  // A JSONata expression is a plain (invalid) timestamp in a JSONPath state, as recorded.
  EXPECT_EQ(problems(machine_with(
                {{"Type", "Wait"}, {"End", true}, {"Timestamp", "{% '2016-03-14T01:59:00Z' %}"}})),
            V{"SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at "
              "/States/S/Timestamp"});
}

TEST(AslRulesTask, ResourceRequiredAndRecognized) {
  EXPECT_EQ(problems(machine_with({{"Type", "Task"}, {"End", true}})),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Task"}, {"End", true}, {"Resource", "lambda"}})),
            V{"SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN at /States/S/Resource"});
  EXPECT_EQ(problems(machine_with({{"Type", "Task"},
                                   {"End", true},
                                   {"Resource", "arn:aws:states:::lambda:invoke.sync"},
                                   {"Parameters", {{"FunctionName", "f"}}}})),
            V{"SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::lambda:invoke.sync "
              "is not recognized. The "
              "value is not a valid resource ARN, or the resource is not available in this region. "
              "at /States/S/Resource"});
}

TEST(AslRulesTask, ParametersAndRequiredRequestFields) {
  EXPECT_EQ(problems(machine_with(
                {{"Type", "Task"}, {"End", true}, {"Resource", "arn:aws:states:::sns:publish"}})),
            V{"SCHEMA_VALIDATION_FAILED: Parameters field is required for resource ARN: "
              "arn:aws:states:::sns:publish at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Task"},
                                   {"End", true},
                                   {"Resource", "arn:aws:states:::lambda:invoke"},
                                   {"Parameters", {{"Payload.$", "$"}}}})),
            V{"SCHEMA_VALIDATION_FAILED: The field 'FunctionName' is required but was missing at "
              "/States/S/Parameters"});
  EXPECT_EQ(problems(machine_with({{"Type", "Task"},
                                   {"End", true},
                                   {"Resource", "arn:aws:states:::lambda:invoke"},
                                   {"Parameters", {{"FunctionName.$", "$.f"}}}})),
            V{});
}

TEST(AslRulesTask, TimeoutsAndHeartbeats) {
  Json task = {{"Type", "Task"},
               {"End", true},
               {"Resource", "arn:aws:lambda:us-east-1:111111111111:function:f"}};
  Json t = task;
  t["TimeoutSeconds"] = 0;
  EXPECT_EQ(problems(machine_with(t)),
            V{"SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /States/S/TimeoutSeconds"});
  t = task;
  t["TimeoutSeconds"] = 10;
  t["TimeoutSecondsPath"] = "$.t";
  EXPECT_EQ(problems(machine_with(t)),
            V{"SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
              "[TimeoutSeconds, TimeoutSecondsPath] at /States/S"});
  t = task;
  t["HeartbeatSeconds"] = 100000000;
  EXPECT_EQ(problems(machine_with(t)),
            V{"SCHEMA_VALIDATION_FAILED: Maximum value is 99999999 at /States/S/HeartbeatSeconds"});
}

TEST(AslRulesTask, Credentials) {
  Json task = {{"Type", "Task"},
               {"End", true},
               {"Resource", "arn:aws:lambda:us-east-1:111111111111:function:f"},
               {"Credentials", Json::object()}};
  EXPECT_EQ(problems(machine_with(task)), V{"SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is "
                                            "required but was missing at /States/S/Credentials"});
  task["Credentials"] = {{"RoleArn.$", "$.role"}};
  EXPECT_EQ(problems(machine_with(task)), V{});
  task["Resource"] = "arn:aws:states:us-east-1:111111111111:activity:a";
  EXPECT_EQ(problems(machine_with(task)),
            V{"SCHEMA_VALIDATION_FAILED: The field 'Credentials' is not supported for activities "
              "at /States/S/Credentials"});
}

TEST(AslRulesExpress, CallbacksSyncActivitiesAndDistributedMapRefused) {
  ParseOptions express;
  express.express = true;
  auto task = [](const char* resource) {
    return machine_with(
        {{"Type", "Task"},
         {"End", true},
         {"Resource", resource},
         {"Parameters", {{"StateMachineArn", "a"}, {"TopicArn", "t"}, {"Message", "m"}}}});
  };
  EXPECT_EQ(problems(task("arn:aws:states:::states:startExecution.sync"), express),
            V{"SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service "
              "integration at /States/S/Resource"});
  EXPECT_EQ(problems(task("arn:aws:states:::sns:publish.waitForTaskToken"), express),
            V{"SCHEMA_VALIDATION_FAILED: Express state machine does not support "
              "'.waitForTaskToken' service integration  at /States/S/Resource"});
  EXPECT_EQ(problems(task("arn:aws:states:us-east-1:111111111111:activity:a"), express),
            V{"SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at "
              "/States/S/Resource"});
  EXPECT_EQ(problems(task("arn:aws:states:::states:startExecution.sync")), V{});
}

TEST(AslRulesRetry, RangesAndJitter) {
  Json task = {{"Type", "Task"},
               {"End", true},
               {"Resource", "arn:aws:lambda:us-east-1:111111111111:function:f"}};
  task["Retry"] =
      Json::parse(R"([{"ErrorEquals":["E"],"IntervalSeconds":0,"MaxAttempts":-1,"BackoffRate":0.5,
    "MaxDelaySeconds":0,"JitterStrategy":"SOME","Other":1}])");
  EXPECT_EQ(problems(machine_with(task)),
            (V{"SCHEMA_VALIDATION_FAILED: Field 'Other' is not supported at /States/S/Retry[0]",
               "SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /States/S/Retry[0]/IntervalSeconds",
               "SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/S/Retry[0]/MaxAttempts",
               "SCHEMA_VALIDATION_FAILED: Minimum value is 1.0 at /States/S/Retry[0]/BackoffRate",
               "SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /States/S/Retry[0]/MaxDelaySeconds",
               "SCHEMA_VALIDATION_FAILED: Value should be one of the following: [NONE, FULL] at "
               "/States/S/Retry[0]/JitterStrategy"}));
}

TEST(AslRulesRetry, NumberBoundsPrintAsJavaDoubles) {
  // The validator prints the bounds of number fields with Double.toString, as the recorded
  // "Minimum value is 1.0" and "Maximum value is 100.0" show: BackoffRate's upper bound 1e9 is
  // "1.0E9" (Java switches to E notation from 10^7 on), never "1000000000".
  Json task = {{"Type", "Task"},
               {"End", true},
               {"Resource", "arn:aws:lambda:us-east-1:111111111111:function:f"}};
  task["Retry"] = Json::parse(R"([{"ErrorEquals":["E"],"BackoffRate":2e9}])");
  EXPECT_EQ(
      problems(machine_with(task)),
      V{"SCHEMA_VALIDATION_FAILED: Maximum value is 1.0E9 at /States/S/Retry[0]/BackoffRate"});
}

TEST(AslRulesRetry, ErrorEqualsRules) {
  Json task = {{"Type", "Task"},
               {"End", true},
               {"Resource", "arn:aws:lambda:us-east-1:111111111111:function:f"}};
  task["Retry"] = Json::parse(
      R"([{"ErrorEquals":[]},{"ErrorEquals":["States.ALL","E"]},{"ErrorEquals":["States.ALL"]},
    {"ErrorEquals":["States.Made.Up"]},{}])");
  EXPECT_EQ(problems(machine_with(task)),
            (V{"SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/S/Retry[0]/ErrorEquals",
               "SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list at "
               "/States/S/Retry[1]/ErrorEquals",
               "SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list at "
               "/States/S/Retry[2]/ErrorEquals",
               "SCHEMA_VALIDATION_FAILED: Custom error names must not start with 'States.': "
               "'States.Made.Up' at /States/S/Retry[3]/ErrorEquals[0] (WARNING)",
               "SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at "
               "/States/S/Retry[4]"}));
}

TEST(AslRulesCatch, RequiredFieldsAndResultPath) {
  Json d = Json::parse(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f",
    "End":true,"Catch":[{},{"ErrorEquals":["E"],"Next":"H","ResultPath":"$.a..b"}]},"H":{"Type":"Succeed"}}})");
  EXPECT_EQ(problems(d), (V{"SCHEMA_VALIDATION_FAILED: These fields are required: [Next, "
                            "ErrorEquals] at /States/T/Catch[0]",
                            "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path at "
                            "/States/T/Catch[1]/ResultPath"}));
}

TEST(AslRulesFail, ExclusiveFieldsAndReservedNames) {
  EXPECT_EQ(problems(machine_with({{"Type", "Fail"},
                                   {"Error", "E"},
                                   {"ErrorPath", "$.e"},
                                   {"Cause", "c"},
                                   {"CausePath", "$.c"}})),
            (V{"SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
               "[Error, ErrorPath] at /States/S",
               "SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
               "[Cause, CausePath] at /States/S"}));
  // Reserved by AWS's documentation, deployed by AWS's samples: accepted, with a warning.
  EXPECT_EQ(problems(machine_with({{"Type", "Fail"}, {"Error", "States.MyError"}})), V{});
  EXPECT_EQ(warnings(machine_with({{"Type", "Fail"}, {"Error", "States.MyError"}})),
            V{"SCHEMA_VALIDATION_FAILED: Custom error names must not start with 'States.': "
              "'States.MyError' at /States/S/Error (WARNING)"});
  EXPECT_EQ(problems(machine_with({{"Type", "Fail"}, {"Error", "States.TaskFailed"}})), V{});
  EXPECT_EQ(problems(machine_with({{"Type", "Fail"}, {"ErrorPath", "States.MathAdd(1, 2)"}})),
            V{"SCHEMA_VALIDATION_FAILED: The value for the field 'ErrorPath' must be a valid "
              "JSONPath or a valid intrinsic function call at /States/S/ErrorPath"});
  EXPECT_EQ(problems(machine_with({{"Type", "Fail"},
                                   {"ErrorPath", "States.Format('{}', $.e)"},
                                   {"CausePath", "$$.Execution.Id"}})),
            V{});
}

TEST(AslRulesChoice, RuleShapes) {
  Json d = Json::parse(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Default":"D","Choices":[
    {"Variable":"$.x","StringEquals":"a","NumericEquals":1,"Next":"D"},
    {"Variable":"$.x","Next":"D"},
    {"StringEquals":"a","Next":"D"},
    {"Variable":"$.x","StringEquals":"a"},
    {"Not":{"Variable":"$.x","IsNull":true,"Next":"D"},"Next":"D"},
    {"And":[],"Next":"D"}]},"D":{"Type":"Succeed"}}})");
  // The 39 operators in the order java.util.HashSet iterates them.
  auto ops = std::string(
      "[StringEquals, IsBoolean, StringLessThan, IsNumeric, StringLessThanEqualsPath, "
      "BooleanEquals, StringMatches, NumericLessThan, NumericLessThanPath, "
      "NumericGreaterThan, TimestampLessThanEqualsPath, NumericEquals, "
      "TimestampGreaterThan, StringGreaterThanEqualsPath, "
      "TimestampGreaterThanEqualsPath, TimestampLessThanEquals, "
      "NumericLessThanEqualsPath, TimestampEquals, BooleanEqualsPath, IsTimestamp, "
      "StringLessThanEquals, NumericLessThanEquals, StringLessThanPath, "
      "TimestampGreaterThanPath, StringGreaterThan, StringGreaterThanPath, IsString, "
      "StringEqualsPath, TimestampEqualsPath, TimestampLessThan, "
      "StringGreaterThanEquals, NumericGreaterThanPath, NumericEqualsPath, "
      "NumericGreaterThanEquals, TimestampLessThanPath, IsNull, IsPresent, "
      "TimestampGreaterThanEquals, NumericGreaterThanEqualsPath]");
  auto got = problems(d);
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0], "SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: " +
                        ops + " at /States/C/Choices[0]");
  EXPECT_EQ(got[1],
            "SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: " +
                ops + " at /States/C/Choices[1]");
  EXPECT_EQ(got[2],
            "SCHEMA_VALIDATION_FAILED: The object must have only one of the following fields, "
            "[And, Or, Not, Variable, Condition] at /States/C/Choices[2]");
  EXPECT_EQ(got[3],
            "SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[3]");
  EXPECT_EQ(got[4],
            "SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/C/Choices[4]/Not");
  EXPECT_EQ(got[5], "SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/C/Choices[5]/And");
}

TEST(AslRulesChoice, OperandTypes) {
  Json d = Json::parse(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Default":"D","Choices":[
    {"Variable":"$.x","StringEquals":1,"Next":"D"},
    {"Variable":"$.x","NumericLessThan":"1","Next":"D"},
    {"Variable":"$.x","BooleanEquals":"true","Next":"D"},
    {"Variable":"$.x","TimestampEquals":"yesterday","Next":"D"},
    {"Variable":"$.x","IsNull":1,"Next":"D"},
    {"Variable":"$.x","StringEqualsPath":"y","Next":"D"},
    {"Variable":"x","IsPresent":true,"Next":"D"}]},"D":{"Type":"Succeed"}}})");
  EXPECT_EQ(problems(d), (V{"SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] at "
                            "/States/C/Choices[0]/StringEquals",
                            "SCHEMA_VALIDATION_FAILED: Expected value of type [NUMBER] at "
                            "/States/C/Choices[1]/NumericLessThan",
                            "SCHEMA_VALIDATION_FAILED: Expected value of type [BOOLEAN] at "
                            "/States/C/Choices[2]/BooleanEquals",
                            "SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at "
                            "/States/C/Choices[3]/TimestampEquals",
                            "SCHEMA_VALIDATION_FAILED: Expected value of type [BOOLEAN] at "
                            "/States/C/Choices[4]/IsNull",
                            "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference "
                            "path didn't start with '$' at /States/C/Choices[5]/StringEqualsPath",
                            "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference "
                            "path didn't start with '$' at /States/C/Choices[6]/Variable"}));
}

TEST(AslRulesChoice, ChoicesRequiredAndNotEmpty) {
  EXPECT_EQ(problems(machine_with({{"Type", "Choice"}, {"Default", "S"}})),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [Choices] at /States/S"});
  EXPECT_EQ(problems(machine_with({{"Type", "Choice"}, {"Choices", Json::array()}})),
            V{"SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/S/Choices"});
}

TEST(AslRulesMap, ProcessorAndLimits) {
  EXPECT_EQ(problems(machine_with({{"Type", "Map"}, {"End", true}})),
            V{"SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: "
              "[ItemProcessor, Iterator] at /States/S"});
  Json map =
      Json::parse(R"({"Type":"Map","End":true,"MaxConcurrency":-1,"ToleratedFailurePercentage":101,
    "ToleratedFailureCount":2,"ToleratedFailureCountPath":"$.n",
    "ItemProcessor":{"ProcessorConfig":{"Mode":"FAST"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}})");
  EXPECT_EQ(problems(machine_with(map)),
            (V{"SCHEMA_VALIDATION_FAILED: Value should be one of the following: [INLINE, "
               "DISTRIBUTED] at /States/S/ItemProcessor/ProcessorConfig/Mode",
               "SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: "
               "[ToleratedFailureCountPath, ToleratedFailureCount] at /States/S",
               "SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/S/MaxConcurrency",
               "SCHEMA_VALIDATION_FAILED: Maximum value is 100.0 at "
               "/States/S/ToleratedFailurePercentage"}));
}

TEST(AslRulesMap, ItemReaderResource) {
  Json map = Json::parse(
      R"({"Type":"Map","End":true,"ItemReader":{"Resource":"arn:aws:states:::s3:unknownOperation",
    "ReaderConfig":{"InputType":"XML"}},
    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}})");
  auto got = problems(machine_with(map));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].substr(got[0].rfind(" at ")), " at /States/S/ItemReader/Resource");
  EXPECT_EQ(got[1].substr(got[1].rfind(" at ")), " at /States/S/ItemReader/ReaderConfig/InputType");
}

TEST(AslRulesMap, LabelIsReportedAsAValueError) {
  std::string text =
      R"({"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "a b", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})";
  auto result = parse(text);
  ASSERT_FALSE(result);
  EXPECT_EQ(format_invalid_definition(result.error(), text),
            "Error=ValueError Args=[\"Label contains invalid character: ' '\"] in definition '" +
                text + "'.");
}

TEST(AslRulesMap, DistributedRefusedInExpress) {
  ParseOptions express;
  express.express = true;
  Json map = Json::parse(R"({"Type":"Map","End":true,
    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}})");
  EXPECT_EQ(
      problems(machine_with(map), express),
      V{"SCHEMA_VALIDATION_FAILED: The field 'Mode' with value 'DISTRIBUTED' is not supported "
        "inside 'EXPRESS' state machines at /States/S/ItemProcessor/ProcessorConfig/Mode"});
}

TEST(AslRulesParallel, BranchesRequiredAndShaped) {
  EXPECT_EQ(problems(machine_with({{"Type", "Parallel"}, {"End", true}})),
            V{"SCHEMA_VALIDATION_FAILED: These fields are required: [Branches] at /States/S"});
  EXPECT_EQ(
      problems(machine_with(
          {{"Type", "Parallel"}, {"End", true}, {"Branches", Json::array({Json::object()})}})),
      V{"SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at "
        "/States/S/Branches[0]"});
}

TEST(AslRulesPayload, TemplateProblemsAndVariables) {
  EXPECT_EQ(
      problems(machine_with({{"Type", "Pass"}, {"End", true}, {"Parameters", {{"a.$", "nope"}}}})),
      V{"SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a "
        "valid intrinsic function call at /States/S/Parameters/a.$"});
  EXPECT_EQ(problems(machine_with({{"Type", "Pass"}, {"End", true}, {"Parameters", "text"}})),
            V{"SCHEMA_VALIDATION_FAILED: Expected value of type [OBJECT] at /States/S/Parameters"});
  EXPECT_EQ(problems(machine_with(
                {{"Type", "Pass"}, {"End", true}, {"Assign", {{"states", 1}, {"bad-name", 2}}}})),
            (V{"RESERVED_VARIABLE_NAME: Cannot assign to reserved variable '$states'. at "
               "/States/S/Assign/states",
               "INVALID_VARIABLE_NAME: Invalid variable name 'bad-name': the variable name "
               "contains invalid characters. at /States/S/Assign/bad-name"}));
}

}  // namespace
}  // namespace sfn::asl
