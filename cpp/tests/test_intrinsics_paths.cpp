// Intrinsic arguments taken from paths: the input ($), the context object ($$) and variables.
#include <gtest/gtest.h>

#include "intrinsics_test_support.h"

namespace sfn {
namespace {

using testing::Documents;
using testing::run_intrinsic;

Documents docs() {
  Documents d;
  d.input = Json::parse(R"({
    "name": "Arnav", "template": "Hello, my name is {}.", "n": 41, "items": [1, 2, 3, 2],
    "nested": {"list": ["a", "b"], "weird key": 7, "obj": {"foo": "bar", "num": 1.5}},
    "ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123:image-recipe/my.recipe.name/1.0.0"},
    "escapedJsonString": "{\"foo\": \"bar\"}", "people": [{"age": 30}, {"age": 20}]
  })");
  d.context = Json::parse(R"({"Execution": {"Name": "exec-1", "Input": {"v": "in"}},
                              "StateMachine": {"Id": "arn:sm", "Name": "sm"}})");
  d.lookup = [](std::string_view name) -> const Json* {
    static const Json kCount = 5;
    static const Json kRecord = Json::parse(R"({"id": "r-1", "tags": ["x", "y"]})");
    if (name == "count") return &kCount;
    if (name == "record") return &kRecord;
    return nullptr;
  };
  return d;
}

Json ok(std::string_view text) {
  auto r = run_intrinsic(text, docs());
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().error + " " + r.error().cause);
  return r.ok() ? r.value() : Json("<failed>");
}

TEST(IntrinsicPaths, ReadTheInput) {
  EXPECT_EQ(ok("States.Format('Hello, my name is {}.', $.name)"), "Hello, my name is Arnav.");
  EXPECT_EQ(ok("States.Format($.template, $.name)"), "Hello, my name is Arnav.");
  EXPECT_EQ(ok("States.MathAdd($.n, 1)"), 42);
  EXPECT_EQ(ok("States.ArrayLength($.items)"), 4);
  EXPECT_EQ(ok("States.ArrayUnique($.items)"), Json::parse("[1,2,3]"));
  EXPECT_EQ(ok("States.ArrayGetItem($.nested.list, 1)"), "b");
  EXPECT_EQ(ok("States.Array($['nested']['weird key'], $.nested.list[0])"),
            Json::parse("[7,\"a\"]"));
  EXPECT_EQ(ok("States.StringToJson($.escapedJsonString)"), Json::parse(R"({"foo":"bar"})"));
  EXPECT_EQ(ok("States.Array($)").at(0).at("n"), 41);
}

TEST(IntrinsicPaths, ReadTheContextObjectAndVariables) {
  EXPECT_EQ(ok("States.Format('{} {}', $$.Execution.Name, $$.StateMachine)"),
            "exec-1 {Id=arn:sm, Name=sm}");
  EXPECT_EQ(ok("States.Array($$.Execution.Input.v)"), Json::parse(R"(["in"])"));
  EXPECT_EQ(ok("States.MathAdd($count, 1)"), 6);
  EXPECT_EQ(ok("States.Format('{}:{}', $record.id, $record.tags[1])"), "r-1:y");
}

TEST(IntrinsicPaths, JsonToStringRendersCompactJson) {
  // Recorded on AWS: compact, keys in document order.
  EXPECT_EQ(ok("States.JsonToString($.nested.obj)"), R"({"foo":"bar","num":1.5})");
  EXPECT_EQ(ok("States.JsonToString($.items)"), "[1,2,3,2]");
  EXPECT_EQ(ok("States.JsonToString($.name)"), R"("Arnav")");
  EXPECT_EQ(ok("States.JsonToString($.n)"), "41");
  EXPECT_EQ(ok("States.JsonToString($$.Execution.Input)"), R"({"v":"in"})");
  EXPECT_EQ(ok("States.JsonToString($record)"), R"({"id":"r-1","tags":["x","y"]})");
}

TEST(IntrinsicPaths, IndefinitePathsGiveArrays) {
  EXPECT_EQ(ok("States.Array($.people[*].age)"), Json::parse("[[30,20]]"));
  EXPECT_EQ(ok("States.ArrayLength($..age)"), 2);
}

TEST(IntrinsicPaths, AwsNineCallExample) {
  // From AWS's documentation: nine nested calls in one field.
  EXPECT_EQ(ok("States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit("
               "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), "
               "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
               "$.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit("
               "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))"),
            "1.0.0");
}

TEST(IntrinsicPaths, PathTextEndsAtTheArgumentBoundary) {
  EXPECT_EQ(ok("States.Array($.n,$.name)"), Json::parse(R"([41,"Arnav"])"));
  EXPECT_EQ(ok("States.Array( $.n , $.name )"), Json::parse(R"([41,"Arnav"])"));
  EXPECT_EQ(ok("States.Array($['nested']['weird key'])"), Json::parse("[7]"));
}

TEST(IntrinsicPaths, MissingPathFailsWithAwsCause) {
  auto r = run_intrinsic("States.Format('{}', $.missing)", docs());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, "States.Runtime");
  EXPECT_EQ(r.error().cause,
            "The JSONPath '$.missing' specified for the field 'result.$' could not be found in the "
            "input '" +
                to_text(docs().input) + "'");
  auto nested = run_intrinsic("States.Array(1, States.MathAdd($.n, $.nope.deeper))", docs());
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().cause.find("The JSONPath '$.nope.deeper'"), std::string::npos);
  auto variable = run_intrinsic("States.Array($undefinedVariable)", docs());
  ASSERT_FALSE(variable.ok());
  EXPECT_EQ(variable.error().error, "States.Runtime");
}

TEST(IntrinsicPaths, MalformedPathsDoNotCompile) {
  EXPECT_FALSE(testing::compiles("States.Array($.)"));
  EXPECT_FALSE(testing::compiles("States.Array($.a[)"));
  EXPECT_FALSE(testing::compiles("States.Array($[')"));
}

TEST(IntrinsicPaths, ValuesAreTypeCheckedWhenEvaluated) {
  auto r = run_intrinsic("States.MathAdd($.name, 1)", docs());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, "States.IntrinsicFailure");
  EXPECT_EQ(r.error().cause, "Invalid arguments in States.MathAdd");
}

}  // namespace
}  // namespace sfn
