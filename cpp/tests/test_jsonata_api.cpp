// The public API of the JSONata layer: compile/evaluate, errors as jsonata-js reports them,
// undefined vs null, bindings, and the evaluation limits.
#include <gtest/gtest.h>

#include "jsonata_test_util.h"

namespace sfn::jsonata {
namespace {

using testing::outcome;

TEST(JsonataApi, CompileErrorsCarryCodePositionTokenAndMessage) {
  auto e = compile("a[1,2)");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "S0202");
  EXPECT_EQ(e.error().token, ",");
  EXPECT_EQ(e.error().position, 4);
  EXPECT_EQ(e.error().message, "Expected \"]\", got \",\"");
  EXPECT_EQ(describe(e.error()), "S0202: Expected \"]\", got \",\"");

  EXPECT_EQ(compile("\"unterminated").error().code, "S0101");
  EXPECT_EQ(compile("1 +").error().code, "S0207");
  EXPECT_EQ(compile("1 +").error().message, "Unexpected end of expression");
  EXPECT_EQ(compile("{\"a\":}").error().message,
            "The symbol \"}\" cannot be used as a unary operator");
  EXPECT_EQ(compile("$match(\"a\", /abc").error().code, "S0302");
  EXPECT_EQ(compile("/* open").error().code, "S0106");
  EXPECT_EQ(compile("'\\q'").error().code, "S0103");
  EXPECT_EQ(compile("'\\u12'").error().code, "S0104");
  EXPECT_EQ(compile("`abc").error().code, "S0105");
  EXPECT_EQ(compile("1 ! 2").error().code, "S0204");
  EXPECT_EQ(compile("function(a){1}").error().code, "S0208");
  EXPECT_EQ(compile("a := 1").error().code, "S0212");
  EXPECT_EQ(compile("a.1").error().code, "S0213");
  EXPECT_EQ(compile("a@b").error().code, "S0214");
  EXPECT_EQ(compile("a[0]@$x").error().code, "S0215");
  EXPECT_EQ(compile("%").error().code, "S0217");
  EXPECT_EQ(compile("//").error().code, "S0301");
  EXPECT_EQ(compile("a{'x':1}{'y':2}").error().code, "S0210");
  EXPECT_EQ(compile("(a){'x':1}[0]").error().code, "S0209");
  EXPECT_EQ(compile("function($x)<q<n>>{1}").error().code, "S0401");
}

TEST(JsonataApi, EvaluationErrorsCarryCodeTokenAndMessage) {
  auto e = compile("1 + 'a'");
  ASSERT_TRUE(e.ok());
  auto r = evaluate(*e, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "T2002");
  EXPECT_EQ(r.error().token, "+");
  EXPECT_EQ(r.error().position, 3);
  EXPECT_EQ(r.error().message, "The right side of the \"+\" operator must evaluate to a number");

  auto f = compile("$sum('x')");
  auto rf = evaluate(*f, nullptr);
  EXPECT_EQ(rf.error().code, "T0412");
  EXPECT_EQ(rf.error().message, "Argument 1 of function \"sum\" must be an array of \"numbers\"");

  auto g = compile("$number('abc')");
  EXPECT_EQ(evaluate(*g, nullptr).error().message, "Unable to cast value to a number: \"abc\"");
  auto h = compile("$foo()");
  EXPECT_EQ(evaluate(*h, nullptr).error().code, "T1006");
  auto i = compile("$error('custom')");
  EXPECT_EQ(evaluate(*i, nullptr).error().message, "custom");
  EXPECT_EQ(describe(evaluate(*i, nullptr).error()), "D3137: custom");
}

TEST(JsonataApi, NoInputDiffersFromNullInput) {
  EXPECT_EQ(outcome("$"), "undefined");
  EXPECT_EQ(outcome("$", "null"), "null");
  EXPECT_EQ(outcome("$exists($)"), "false");
  EXPECT_EQ(outcome("$exists($)", "null"), "true");
  EXPECT_EQ(outcome("$type($)", "null"), "\"null\"");
}

TEST(JsonataApi, ResultKinds) {
  auto e = compile("function($x){$x}");
  auto r = evaluate(*e, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, Result::Kind::Function);
  EXPECT_EQ(outcome("nothing", "{}"), "undefined");
  EXPECT_EQ(outcome("[1, $undefinedVar, 2]"), "[1,2]");
  EXPECT_EQ(outcome("{'a': $nope, 'b': 1}"), "{\"b\":1}");
}

TEST(JsonataApi, BindingsAreVariables) {
  auto e = compile("$x + $y.z");
  Bindings b{{"x", Json(1)}, {"y", Json::parse(R"({"z": 41})")}};
  auto r = evaluate(*e, nullptr, b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value, Json(42));
}

TEST(JsonataApi, DocumentsAreConvertedOnceAndReused) {
  Document doc(Json::parse(R"({"a": [1, 2, 3], "b": {"c": "x"}})"));
  auto sum = compile("$sum(a)");
  auto keep = compile("a[]");
  auto upd = compile("$ ~> |b|{'c': 'y'}|");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(evaluate(*sum, &doc)->value, Json(6));
    EXPECT_EQ(evaluate(*keep, &doc)->value, Json::parse("[1,2,3]"));
    EXPECT_EQ(evaluate(*upd, &doc)->value, Json::parse(R"({"a":[1,2,3],"b":{"c":"y"}})"));
  }
  // the transform worked on a copy
  auto b = compile("b.c");
  EXPECT_EQ(evaluate(*b, &doc)->value, Json("x"));
  Bindings vars{{"states", doc}};
  auto v = compile("$states.b.c");
  EXPECT_EQ(evaluate(*v, static_cast<const Document*>(nullptr), vars)->value, Json("x"));
}

TEST(JsonataApi, CompileOnceEvaluateMany) {
  auto e = compile("a * 2");
  for (int i = 0; i < 100; ++i) {
    Json in = Json::object({{"a", i}});
    auto r = evaluate(*e, &in);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->value, Json(2 * i));
  }
}

TEST(JsonataApi, DepthLimitStopsDeepRecursion) {
  Options o;
  o.max_depth = 100;
  EXPECT_EQ(outcome("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(1000))", nullptr, o),
            "error U1001");
  // within the limit
  EXPECT_EQ(outcome("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(10))", nullptr, o), "10");
  // the default limit also protects the stack
  EXPECT_EQ(outcome("($f := function($n){1 + $f($n + 1)}; $f(0))"), "error U1001");
}

TEST(JsonataApi, TailCallsRunInConstantDepth) {
  Options o;
  o.max_depth = 50;
  EXPECT_EQ(outcome("($f := function($n, $acc){$n = 0 ? $acc : $f($n - 1, $acc + 1)}; $f(5000, 0))",
                    nullptr, o),
            "5000");
}

TEST(JsonataApi, TimeLimitStopsInfiniteLoops) {
  Options o;
  o.time_limit = std::chrono::milliseconds(100);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(outcome("($f := function(){$f()}; $f())", nullptr, o), "error U1001");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(JsonataApi, MemoryLimitStopsHugeValues) {
  Options o;
  o.max_memory = 1 << 20;
  EXPECT_EQ(outcome("[1..1000000]", nullptr, o), "error U1002");
  EXPECT_EQ(outcome("$pad('', 5000000, 'x')", nullptr, o), "error U1002");
  EXPECT_EQ(outcome("$count([1..1000])", nullptr, o), "1000");
}

TEST(JsonataApi, FixedClockForNowAndMillis) {
  EXPECT_EQ(outcome("$millis()"), "1700000000000");
  EXPECT_EQ(outcome("$now()"), "\"2023-11-14T22:13:20.000Z\"");
  EXPECT_EQ(outcome("$now('[Y]')"), "\"2023\"");
}

TEST(JsonataApi, RandomUsesTheGivenGenerator) {
  Rng a(7);
  Rng b(7);
  Options oa;
  oa.rng = &a;
  Options ob;
  ob.rng = &b;
  EXPECT_EQ(outcome("[$random(), $random(), $shuffle([1,2,3,4,5])]", nullptr, oa),
            outcome("[$random(), $random(), $shuffle([1,2,3,4,5])]", nullptr, ob));
}

TEST(JsonataApi, ResultNumbersAreJsonIntegersWhenIntegral) {
  auto e = compile("[1, 1.5, 2e3, -0, 1e21]");
  auto r = evaluate(*e, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->value[0].is_number_integer());
  EXPECT_TRUE(r->value[1].is_number_float());
  EXPECT_EQ(r->value[2], Json(2000));
  EXPECT_EQ(r->value[3], Json(0));
  EXPECT_TRUE(r->value[4].is_number_float());
}

TEST(JsonataApi, NonFiniteResults) {
  EXPECT_EQ(outcome("[1/0]"), "[null]");
  EXPECT_EQ(outcome("1/0 + 1"), "error D1001");
  EXPECT_EQ(outcome("$string(1/0)"), "error D3001");
}

}  // namespace
}  // namespace sfn::jsonata
