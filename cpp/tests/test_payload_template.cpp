// Payload templates: compile problems, every template form, key order, and Fail's
// ErrorPath/CausePath values.
#include <gtest/gtest.h>

#include "intrinsics_test_support.h"
#include "payload/payload_template.h"
#include "stack_test_support.h"

namespace sfn {
namespace {

using testing::Documents;

Documents docs() {
  Documents d;
  d.input = Json::parse(R"json({"x": 1, "name": "Ann", "list": [1, 2], "obj": {"b": 2, "a": 1},
                            "Iterations": 3, "Values": [0, 1]})json");
  d.context = Json::parse(R"json({"Execution": {"Id": "arn:exec", "Name": "exec"}})json");
  d.lookup = [](std::string_view name) -> const Json* {
    static const Json kVar = Json::parse(R"json({"v": "var"})json");
    return name == "myVar" ? &kVar : nullptr;
  };
  return d;
}

Expected<Json> run(const Json& tpl, const Documents& d = docs()) {
  auto compiled = payload::compile(tpl, "/Parameters");
  if (!compiled) return Failure{"Problem", compiled.error().front().message};
  Rng rng(1);
  return payload::evaluate(*compiled, d.scope(), rng);
}

Json ok(std::string_view tpl_text) {
  auto r = run(Json::parse(tpl_text));
  EXPECT_TRUE(r.ok()) << tpl_text << ": "
                      << (r.ok() ? "" : r.error().error + " " + r.error().cause);
  return r.ok() ? r.value() : Json("<failed>");
}

std::vector<payload::Problem> problems(std::string_view tpl_text) {
  auto compiled = payload::compile(Json::parse(tpl_text), "/States/S/Parameters");
  if (compiled) return {};
  return compiled.error();
}

std::string keys_of(const Json& object) {
  std::string out;
  for (const auto& [key, value] : object.items()) out += key + ",";
  return out;
}

TEST(PayloadTemplate, LiteralValuesPassThrough) {
  EXPECT_EQ(ok(R"json({"a": 1, "b": [true, null], "c": {"d": "$.x"}})json"),
            Json::parse(R"json({"a": 1, "b": [true, null], "c": {"d": "$.x"}})json"));
  EXPECT_EQ(ok("42"), Json(42));
  EXPECT_EQ(ok(R"json("$.x")json"),
            Json("$.x"));  // a bare string is literal, whatever it looks like
  EXPECT_EQ(ok("[]"), Json::array());
}

TEST(PayloadTemplate, AllLiteralTemplatesArePrecomputed) {
  auto compiled = payload::compile(Json::parse(R"json({"a": [1, {"b": 2}]})json"), "/Parameters");
  ASSERT_TRUE(compiled.ok());
  EXPECT_TRUE(payload::is_constant(*compiled));
  auto dynamic =
      payload::compile(Json::parse(R"json({"a": [1, {"b.$": "$.x"}]})json"), "/Parameters");
  ASSERT_TRUE(dynamic.ok());
  EXPECT_FALSE(payload::is_constant(*dynamic));
}

TEST(PayloadTemplate, SharedEvaluationOfAConstantCopiesNothing) {
  auto compiled = payload::compile(Json::parse(R"json({"a": [1, {"b": 2}]})json"), "/Parameters");
  ASSERT_TRUE(compiled.ok());
  Rng rng(1);
  const Documents d = docs();
  auto first = payload::evaluate_shared(*compiled, d.scope(), rng);
  auto second = payload::evaluate_shared(*compiled, d.scope(), rng);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first.value().get(), second.value().get());  // the same object, handed out twice
  EXPECT_EQ(*first.value(), Json::parse(R"json({"a": [1, {"b": 2}]})json"));
  auto dynamic = payload::compile(Json::parse(R"json({"x.$": "$.x"})json"), "/Parameters");
  auto shared = payload::evaluate_shared(*dynamic, d.scope(), rng);
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(*shared.value(), Json::parse(R"json({"x": 1})json"));
}

TEST(PayloadTemplate, PathFieldsDropTheSuffix) {
  EXPECT_EQ(ok(R"json({"value.$": "$.x"})json"), Json::parse(R"json({"value": 1})json"));
  EXPECT_EQ(ok(R"json({"whole.$": "$"})json").at("whole").at("name"), "Ann");
  EXPECT_EQ(ok(R"json({"ctx.$": "$$.Execution.Name"})json"),
            Json::parse(R"json({"ctx": "exec"})json"));
  EXPECT_EQ(ok(R"json({"v.$": "$myVar.v"})json"), Json::parse(R"json({"v": "var"})json"));
  EXPECT_EQ(ok(R"json({"all.$": "$.list[*]"})json"), Json::parse(R"json({"all": [1, 2]})json"));
}

TEST(PayloadTemplate, IntrinsicFields) {
  EXPECT_EQ(ok(R"json({"greeting.$": "States.Format('Hi {}', $.name)"})json"),
            Json::parse(R"json({"greeting": "Hi Ann"})json"));
  EXPECT_EQ(ok(R"json({"n.$": "States.MathAdd($.x, 1)", "k": "literal"})json"),
            Json::parse(R"json({"k": "literal", "n": 2})json"));
  EXPECT_EQ(ok(R"json({"escaped.$": "States.Format('it\\'s \\{} {}', $.x)"})json"),
            Json::parse(R"json({"escaped": "it's {} 1"})json"));
}

TEST(PayloadTemplate, WalksNestedObjectsAndArrays) {
  EXPECT_EQ(ok(R"json({"outer": {"inner.$": "$.name", "lit": [{"deep.$": "$.x"}, "keep"]}})json"),
            Json::parse(R"json({"outer": {"lit": [{"deep": 1}, "keep"], "inner": "Ann"}})json"));
  EXPECT_EQ(ok(R"json([{"a.$": "$.x"}, 2, [{"b.$": "$.name"}]])json"),
            Json::parse(R"json([{"a": 1}, 2, [{"b": "Ann"}]])json"));
}

TEST(PayloadTemplate, SelectedValuesKeepTheirKeyOrder) {
  EXPECT_EQ(keys_of(ok(R"json({"o.$": "$.obj"})json").at("o")), "b,a,");
}

TEST(PayloadTemplate, LiteralKeysFirstThenDynamicKeysInHashMapOrder) {
  // Recorded on AWS: {"Iterations": 3, "Values.$": ...} keeps its order; {"Iterations.$",
  // "Values.$"} comes back Values first; {"Bucket.$", "Key.$", "from_previous": [...]} comes back
  // from_previous, Bucket, Key; {"encoded.$", "decoded.$"} decoded first.
  EXPECT_EQ(keys_of(ok(R"json({"Iterations": 3, "Values.$": "$.Values"})json")),
            "Iterations,Values,");
  EXPECT_EQ(keys_of(ok(R"json({"Iterations.$": "$.Iterations", "Values.$": "$.Values"})json")),
            "Values,Iterations,");
  EXPECT_EQ(
      keys_of(ok(R"json({"Bucket.$": "$.name", "Key.$": "$.name", "from_previous": ["x"]})json")),
      "from_previous,Bucket,Key,");
  EXPECT_EQ(keys_of(ok(R"json({"encoded.$": "States.Base64Encode($.name)",
                           "decoded.$": "States.Base64Decode('QW5u')"})json")),
            "decoded,encoded,");
  EXPECT_EQ(keys_of(ok(R"json({"mergedJson.$": "$.obj", "parsedJson.$": "$.x",
                           "stringifiedJson.$": "$.name"})json")),
            "parsedJson,mergedJson,stringifiedJson,");
  // Objects without `.$` keys keep template order at every level.
  EXPECT_EQ(keys_of(ok(R"json({"z": {"q.$": "$.x"}, "a": 1, "m": {"n": 2}})json")), "z,a,m,");
}

TEST(PayloadTemplate, ADynamicKeyReplacesALiteralOfTheSameName) {
  const Json v = ok(R"json({"a": "literal", "b": 2, "a.$": "$.name"})json");
  EXPECT_EQ(keys_of(v), "a,b,");
  EXPECT_EQ(v["a"], "Ann");
}

TEST(PayloadTemplate, MissingPathFailsWithAwsCause) {
  auto r = run(Json::parse(R"json({"ok.$": "$.x", "value.$": "$.no_such_jsonpath"})json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, "States.Runtime");
  EXPECT_EQ(r.error().cause,
            "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be "
            "found in the input '" +
                to_text(docs().input) + "'");
  Documents empty;
  auto r2 = run(Json::parse(R"json({"JobName.$": "$.JobName"})json"), empty);
  ASSERT_FALSE(r2.ok());
  // Word for word the cause of a real AWS execution history.
  EXPECT_EQ(
      r2.error().cause,
      "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the "
      "input '{}'");
}

TEST(PayloadTemplate, IntrinsicFailuresPassThrough) {
  auto r = run(Json::parse(R"json({"n.$": "States.MathAdd($.name, 1)"})json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, "States.IntrinsicFailure");
  EXPECT_EQ(r.error().cause, "Invalid arguments in States.MathAdd");
  auto missing = run(Json::parse(R"json({"n.$": "States.MathAdd($.nope, 1)"})json"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(
      missing.error().cause,
      "The JSONPath '$.nope' specified for the field 'n.$' could not be found in the input '" +
          to_text(docs().input) + "'");
}

TEST(PayloadTemplateProblems, InvalidValuesAreLocatedByPointer) {
  auto p = problems(R"json({"foo.$": "not a path"})json");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].pointer, "/States/S/Parameters/foo.$");
  EXPECT_EQ(
      p[0].message,
      "The value for the field 'foo.$' must be a valid JSONPath or a valid intrinsic function "
      "call");
}

TEST(PayloadTemplateProblems, EveryKindOfBadValue) {
  for (const char* tpl :
       {R"json({"a.$": 1})json", R"json({"a.$": null})json", R"json({"a.$": {"b": 1}})json",
        R"json({"a.$": ["$.x"]})json", R"json({"a.$": ""})json", R"json({"a.$": "x"})json",
        R"json({"a.$": "$."})json", R"json({"a.$": "States.Nope()"})json",
        R"json({"a.$": "States.Format('{}')"})json", R"json({"a.$": "States.Array(1"})json",
        R"json({"a.$": " $.x"})json", R"json({"a.$": "{% $x %}"})json"}) {
    EXPECT_EQ(problems(tpl).size(), 1u) << tpl;
  }
}

TEST(PayloadTemplateProblems, AllProblemsAreReported) {
  auto p = problems(R"json({"a.$": 1, "n": {"b.$": "bad", "c": [{"d/e~f.$": "$$$"}]}})json");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].pointer, "/States/S/Parameters/a.$");
  EXPECT_EQ(p[1].pointer, "/States/S/Parameters/n/b.$");
  EXPECT_EQ(p[2].pointer, "/States/S/Parameters/n/c/0/d~1e~0f.$");
  EXPECT_EQ(p[2].message,
            "The value for the field 'd/e~f.$' must be a valid JSONPath or a valid intrinsic "
            "function call");
}

TEST(PayloadTemplateProblems, DeepTemplatesAreBoundedNotRecursedForever) {
  // On an 8 MiB stack, as a process's main thread has by default: a smaller one may refuse the
  // 900 levels below with its own problem (common/stack.h; test_small_stack.cpp).
  auto check = [] {
    std::string deep;
    for (int i = 0; i < 1500; ++i) deep += R"({"a":)";
    deep += "1";
    for (int i = 0; i < 1500; ++i) deep += "}";
    EXPECT_EQ(problems(deep).size(), 1u);
    std::string fine;
    for (int i = 0; i < 900; ++i) fine += "[";
    for (int i = 0; i < 900; ++i) fine += "]";
    EXPECT_TRUE(problems(fine).empty());
  };
  if (!sfn::testing::on_stack(std::size_t{8} << 20, check)) check();
}

// --- Fail's ErrorPath / CausePath ---------------------------------------------------------------

Expected<Json> fail_field(std::string_view text, std::string_view field = "CausePath") {
  auto compiled = payload::compile_path_or_intrinsic(text, field);
  if (!compiled) return Failure{"Problem", compiled.error()};
  Rng rng(1);
  const Documents d = docs();
  return payload::evaluate_path_or_intrinsic(*compiled, d.scope(), rng);
}

TEST(PathOrIntrinsic, TakesAReferencePath) {
  EXPECT_EQ(fail_field("$.name").value(), "Ann");
  EXPECT_EQ(fail_field("$.list[1]").value(), 2);
  EXPECT_EQ(fail_field("$$.Execution.Name").value(), "exec");
}

TEST(PathOrIntrinsic, TakesTheAllowedIntrinsics) {
  // Recorded on AWS: "CausePath": "States.Format('This is a custom error message for {}, caused
  // by {}.', $.Error, $.Cause)".
  EXPECT_EQ(fail_field("States.Format('{} failed', $.name)").value(), "Ann failed");
  EXPECT_EQ(fail_field("States.JsonToString($.obj)").value(), R"json({"b":2,"a":1})json");
  EXPECT_EQ(fail_field("States.ArrayGetItem($.list, 0)").value(), 1);
  EXPECT_EQ(fail_field("States.Base64Encode($.name)").value(), "QW5u");
  EXPECT_EQ(fail_field("States.Base64Decode('QW5u')").value(), "Ann");
  EXPECT_EQ(fail_field("States.Hash($.name, 'MD5')").value().get<std::string>().size(), 32u);
  EXPECT_EQ(fail_field("States.UUID()").value().get<std::string>().size(), 36u);
}

TEST(PathOrIntrinsic, RefusesOtherValues) {
  for (const char* text :
       {"States.MathAdd(1, 2)", "States.Array()", "States.StringToJson('1')", "$.list[*]",
        "$..name", "not a path", "", "States.Format(", "States.Nope()"}) {
    auto r = payload::compile_path_or_intrinsic(text, "ErrorPath");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error(),
              "The value for the field 'ErrorPath' must be a valid JSONPath or a valid intrinsic "
              "function call");
  }
}

TEST(PathOrIntrinsic, MissingPathsFailAtRunTime) {
  auto r = fail_field("$.nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error, "States.Runtime");
  // AWS names the field, as for payload templates (docs/semantics/jsonpath.md).
  EXPECT_EQ(r.error().cause.rfind(
                "The JSONPath '$.nope' specified for the field 'CausePath' could not be found in "
                "the input '{",
                0),
            0u)
      << r.error().cause;
}

}  // namespace
}  // namespace sfn
