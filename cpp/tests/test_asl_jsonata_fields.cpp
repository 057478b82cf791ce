// JSONata fields at definition time: expressions compiled once, AWS's refusals of expressions
// that do not parse or read what does not exist, variable scopes, and variableReferences.
#include <gtest/gtest.h>

#include "asl/variable_references.h"
#include "asl_test_util.h"

namespace sfn::asl {
namespace {

using testing::problems;
using V = std::vector<std::string>;

Json jsonata_machine(const Json& state) {
  return Json{{"QueryLanguage", "JSONata"}, {"StartAt", "S"}, {"States", {{"S", state}}}};
}

TEST(AslJsonataFields, ExpressionsAtAnyDepthAreCompiled) {
  auto m = compile(jsonata_machine(
      {{"Type", "Pass"},
       {"Output", {{"a", "{% $states.input.x %}"}, {"b", {1, "{% 1 + 2 %}"}}, {"c", "lit"}}},
       {"End", true}}));
  ASSERT_TRUE(m) << format_invalid_definition(m.error());
  const State& s = m.value()->graph.states[0];
  ASSERT_TRUE(s.output_jsonata);
  int expressions = 0;
  s.output_jsonata->for_each_expression([&](const JsonataNode& n) {
    ++expressions;
    EXPECT_FALSE(n.path.empty());
  });
  EXPECT_EQ(expressions, 2);
  EXPECT_FALSE(s.output_jsonata->is_constant());
}

TEST(AslJsonataFields, SyntaxErrorIsInvalidJsonataExpression) {
  auto p = problems(
      jsonata_machine({{"Type", "Pass"}, {"Output", {{"v", "{% 1 + %}"}}}, {"End", true}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].rfind("INVALID_JSONATA_EXPRESSION: ", 0), 0u) << p[0];
  EXPECT_NE(p[0].find("at /States/S/Output/v"), std::string::npos) << p[0];
}

TEST(AslJsonataFields, TopLevelReferencesAreRefused) {
  EXPECT_EQ(problems(jsonata_machine(
                {{"Type", "Pass"}, {"Output", {{"v", "{% phone.number %}"}}}, {"End", true}})),
            V{"UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not "
              "supported. at /States/S/Output/v"});
  EXPECT_EQ(problems(jsonata_machine({{"Type", "Pass"}, {"Output", "{% $$ %}"}, {"End", true}})),
            V{"UNSUPPORTED_JSONATA_EXPRESSION: Reference to '$$' is not supported. at "
              "/States/S/Output"});
}

TEST(AslJsonataFields, StatesFieldsOnlyWhereTheyExist) {
  // `$states.result` where no result exists: never seen refused on AWS, so only a warning.
  EXPECT_EQ(problems(jsonata_machine(
                {{"Type", "Pass"}, {"Output", "{% $states.result %}"}, {"End", true}})),
            V{});
  EXPECT_EQ(testing::warnings(jsonata_machine(
                {{"Type", "Pass"}, {"Output", "{% $states.result %}"}, {"End", true}})),
            V{"UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.result' does not exist. at "
              "/States/S/Output (WARNING)"});
  EXPECT_EQ(problems(jsonata_machine(
                {{"Type", "Pass"}, {"Output", "{% $states.errorOutput %}"}, {"End", true}})),
            V{"UNSUPPORTED_JSONATA_EXPRESSION: Field '$states.errorOutput' does not exist. at "
              "/States/S/Output"});
  EXPECT_EQ(problems(jsonata_machine({{"Type", "Task"},
                                      {"Resource", "arn:aws:states:::lambda:invoke"},
                                      {"Arguments", {{"FunctionName", "f"}}},
                                      {"Output", "{% $states.result %}"},
                                      {"Catch",
                                       {{{"ErrorEquals", {"States.ALL"}},
                                         {"Next", "S"},
                                         {"Output", "{% $states.errorOutput %}"}}}},
                                      {"End", true}})),
            V{});
}

TEST(AslJsonataFields, InnerScopeMayAssignANameTheOuterScopeAssigns) {
  // Recorded on AWS (PARALLEL_CATCH_ERROR_VARIABLE_SAMPLING): accepted, although other emulators
  // report a DUPLICATE_VARIABLE_NAME rule.
  Json d = Json::parse(R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "P"},
    "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {
        "B": {"Type": "Pass", "Assign": {"x": 2}, "End": true}}}]}}})");
  EXPECT_EQ(problems(d), V{});
}

TEST(AslJsonataFields, VariableReferencesInBothLanguages) {
  auto m = compile(Json::parse(R"json({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Assign": {"x": 1, "y.$": "States.Format('{}', $z.a)"}, "Next": "B"},
    "B": {"Type": "Pass", "QueryLanguage": "JSONata",
          "Output": "{% ($l := 1; $x + $l + $sum([$w])) %}", "End": true}}})json"));
  ASSERT_TRUE(m) << format_invalid_definition(m.error());
  auto refs = variable_references(*m.value());
  EXPECT_EQ(refs["A"], (std::vector<std::string>{"z"}));
  EXPECT_EQ(refs["B"], (std::vector<std::string>{"w", "x"}));
}

}  // namespace
}  // namespace sfn::asl
