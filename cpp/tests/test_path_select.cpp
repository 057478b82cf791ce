// Selecting with definite paths (Jayway's errors), indefinite basics, roots and the no-copy
// guarantees.
#include <gtest/gtest.h>

#include "path/jsonpath.h"

namespace sfn::path {
namespace {

const Json kDoc = Json::parse(R"({
  "car": {"make": "x", "wheels": [1, 2, 3, 4]},
  "bar": ["a", "b", "c"],
  "nul": null, "str": "text", "num": 5, "flt": 1.5,
  "objs": [{"k": 1}, {"k": 2}, {"j": 3}]
})");

Expected<Selection, EvalError> run(std::string_view text, const Json& doc = kDoc) {
  auto p = compile(text);
  EXPECT_TRUE(p.ok()) << text;
  if (!p.ok()) return EvalError{"compile failed"};
  Scope scope;
  scope.input = &doc;
  return select(*p, scope);
}

Json value(std::string_view text, const Json& doc = kDoc) {
  auto s = run(text, doc);
  EXPECT_TRUE(s.ok()) << text << ": " << (s.ok() ? "" : s.error().message);
  return s.ok() ? s->value() : Json();
}

std::string error(std::string_view text, const Json& doc = kDoc) {
  auto s = run(text, doc);
  EXPECT_FALSE(s.ok()) << text << " selected " << (s.ok() ? to_text(s->value()) : "");
  return s.ok() ? "" : s.error().message;
}

TEST(PathSelect, DefiniteValues) {
  EXPECT_EQ(value("$.car.make"), "x");
  EXPECT_EQ(value("$['car']['wheels'][1]"), 2);
  EXPECT_EQ(value("$.bar[-1]"), "c");
  EXPECT_EQ(value("$.bar[-3]"), "a");
  EXPECT_EQ(value("$.nul"), nullptr);
}

TEST(PathSelect, MissingLeafHasNoResults) {
  EXPECT_EQ(error("$.missing"), "No results for path: $['missing']");
  EXPECT_EQ(error("$.car.missing"), "No results for path: $['car']['missing']");
  EXPECT_EQ(error("$[\"car\"].missing"), "No results for path: $[\"car\"]['missing']");
}

TEST(PathSelect, MissingInnerPropertyNamesWhereItStopped) {
  EXPECT_EQ(error("$.missing.x"), "Missing property in path $['missing']");
  EXPECT_EQ(error("$.car.missing.deep"), "Missing property in path $['car']['missing']");
  // The message AWS recorded for `$.no.such.result.path` (conformance case RaiseRuntime).
  EXPECT_EQ(error("$.no.such.result.path", Json::object()), "Missing property in path $['no']");
}

TEST(PathSelect, IndexOutOfRangeHasNoResults) {
  EXPECT_EQ(error("$.bar[5]"), "No results for path: $['bar'][5]");
  EXPECT_EQ(error("$.bar[-4]"), "No results for path: $['bar'][-4]");
  EXPECT_EQ(error("$.bar[5].x"), "No results for path: $['bar'][5]['x']");
}

TEST(PathSelect, PropertyOfNonObject) {
  EXPECT_EQ(error("$.nul.x"),
            "Expected to find an object with property ['x'] in path $['nul'] but found 'null'. "
            "This is not a json object according to the JsonProvider: "
            "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.");
  EXPECT_EQ(error("$.bar[0].x"),
            "Expected to find an object with property ['x'] in path $['bar'][0] but found "
            "'java.lang.String'. This is not a json object according to the JsonProvider: "
            "'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.");
  EXPECT_NE(error("$.num.x").find("'java.lang.Integer'"), std::string::npos);
  EXPECT_NE(error("$.flt.x").find("'java.lang.Double'"), std::string::npos);
  EXPECT_NE(error("$.bar.x").find("'java.util.ArrayList'"), std::string::npos);
}

TEST(PathSelect, IndexOfNonArray) {
  EXPECT_EQ(error("$.nul[0]"), "The path $['nul'] is null");
  EXPECT_EQ(error("$.str[0]"),
            "Filter: [0] can only be applied to arrays. Current context is: text");
  EXPECT_EQ(error("$.car[0].x"),
            "Filter: [0]['x'] can only be applied to arrays. Current context is: "
            "{make=x, wheels=[1, 2, 3, 4]}");
}

TEST(PathSelect, WildcardsAreIndefinite) {
  EXPECT_EQ(value("$.bar[*]"), Json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(value("$.car.*"), Json::parse(R"(["x",[1,2,3,4]])"));
  // A missing leaf under an indefinite path is skipped, not an error.
  EXPECT_EQ(value("$.objs[*].k"), Json::parse("[1,2]"));
  EXPECT_EQ(value("$.objs[*].k.z"), Json::array());
  EXPECT_EQ(value("$.nul.*"), Json::array());
}

TEST(PathSelect, UnionsOfNamesAndIndexes) {
  EXPECT_EQ(value("$.bar[0,2]"), Json::parse(R"(["a","c"])"));
  EXPECT_EQ(value("$.bar[0,9]"), Json::parse(R"(["a"])"));
  // Several names at the leaf merge into one object, in the order asked for.
  EXPECT_EQ(to_text(value("$['num','car','zzz']")),
            R"({"num":5,"car":{"make":"x","wheels":[1,2,3,4]}})");
}

TEST(PathSelect, DefinitePathsReferenceTheDocument) {
  auto s = run("$.car.wheels");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->ref, &kDoc["car"]["wheels"]);
  auto root = run("$");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->ref, &kDoc);
}

TEST(PathSelect, ContextAndVariableRoots) {
  const Json context =
      Json::parse(R"({"Execution": {"Id": "arn:x"}, "Map": {"Item": {"Index": 2}}})");
  const Json var = Json::parse(R"({"list": [10, 20]})");
  VariableLookup lookup = [&](std::string_view name) -> const Json* {
    return name == "myVar" ? &var : nullptr;
  };
  Scope scope;
  scope.input = &kDoc;
  scope.context = &context;
  scope.variables = &lookup;

  auto id = select(*compile("$$.Execution.Id"), scope);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->value(), "arn:x");
  EXPECT_EQ(id->ref, &context["Execution"]["Id"]);

  auto whole = select(*compile("$$"), scope);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->ref, &context);

  auto item = select(*compile("$myVar.list[1]"), scope);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->value(), 20);

  auto missing = select(*compile("$$.Execution.Nope"), scope);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "No results for path: $['Execution']['Nope']");

  EXPECT_FALSE(select(*compile("$other"), scope).ok());
  Scope no_context;
  no_context.input = &kDoc;
  EXPECT_FALSE(select(*compile("$$.x"), no_context).ok());
}

TEST(PathSelect, ExistsFollowsSelect) {
  Scope scope;
  scope.input = &kDoc;
  EXPECT_TRUE(exists(*compile("$.car.make"), scope));
  EXPECT_TRUE(exists(*compile("$.nul"), scope));
  EXPECT_FALSE(exists(*compile("$.car.nope"), scope));
  EXPECT_FALSE(exists(*compile("$.nul.x"), scope));
  EXPECT_TRUE(exists(*compile("$.nothing[*]"), scope) == false);
  EXPECT_TRUE(exists(*compile("$.objs[*].nothing"), scope));  // an empty array is a result
}

TEST(PathSelect, TakeMovesOwnedResults) {
  auto s = run("$.bar[*]");
  ASSERT_TRUE(s.ok());
  Json taken = std::move(*s).take();
  EXPECT_EQ(taken.size(), 3u);
}

}  // namespace
}  // namespace sfn::path
