// Intrinsic syntax: what compile() accepts and refuses, literals and escapes.
#include <gtest/gtest.h>

#include "intrinsics_test_support.h"

namespace sfn {
namespace {

using testing::compiles;
using testing::run_intrinsic;

Json value_of(std::string_view text) {
  auto r = run_intrinsic(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().cause);
  return r.ok() ? r.value() : Json();
}

TEST(IntrinsicsParser, RecognisesCallsByPrefix) {
  EXPECT_TRUE(intrinsics::looks_like_call("States.Array()"));
  EXPECT_TRUE(intrinsics::looks_like_call("  States.UUID()"));
  EXPECT_TRUE(intrinsics::looks_like_call("States.NoSuchFunction()"));
  EXPECT_FALSE(intrinsics::looks_like_call("$.States"));
  EXPECT_FALSE(intrinsics::looks_like_call("states.Array()"));
  EXPECT_FALSE(intrinsics::looks_like_call(""));
}

TEST(IntrinsicsParser, AcceptsEveryFunctionName) {
  for (const char* text :
       {"States.Format('x')", "States.StringToJson('1')", "States.Array()",
        "States.ArrayPartition(States.Array(1), 1)", "States.ArrayContains(States.Array(), 1)",
        "States.ArrayRange(1, 2, 1)", "States.ArrayGetItem(States.Array(1), 0)",
        "States.ArrayLength(States.Array())", "States.ArrayUnique(States.Array())",
        "States.Base64Encode('a')", "States.Base64Decode('YQ==')", "States.Hash('a', 'MD5')",
        "States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), false)",
        "States.MathRandom(1, 2)", "States.MathRandom(1, 2, 3)", "States.MathAdd(1, 2)",
        "States.StringSplit('a', ',')", "States.UUID()"}) {
    EXPECT_TRUE(compiles(text)) << text;
  }
}

TEST(IntrinsicsParser, ReportsTheOutermostFunctionName) {
  auto c = intrinsics::compile("States.Format('{}', States.UUID())");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(intrinsics::function_name(*c), "States.Format");
}

TEST(IntrinsicsParser, RefusesUnknownFunctionsAndBadShape) {
  for (const char* text : {"States.Nope()",
                           "States.array()",
                           "States.Array",
                           "States.Array(",
                           "States.Array(1",
                           "States.Array(1,)",
                           "States.Array(,1)",
                           "States.Array(1 2)",
                           "States.Array() x",
                           "States.Array())",
                           "Array()",
                           "States.",
                           "",
                           "   ",
                           "States .Array()",
                           "States.Array(\x01)",
                           "States.Array(@)",
                           "States.Array(tru)",
                           "States.Array(truex)",
                           "States.Array(nul)",
                           "States.Array(True)",
                           "States.Array(NULL)"}) {
    EXPECT_FALSE(compiles(text)) << text;
  }
}

TEST(IntrinsicsParser, AllowsWhitespaceBetweenTokens) {
  EXPECT_EQ(value_of("  States.Array ( 1 ,\n\t'a' , true )  "), Json::parse(R"([1,"a",true])"));
}

TEST(IntrinsicsParser, ChecksArgumentCounts) {
  EXPECT_FALSE(compiles("States.Format()"));
  EXPECT_FALSE(compiles("States.StringToJson()"));
  EXPECT_FALSE(compiles("States.StringToJson('1', '2')"));
  EXPECT_FALSE(compiles("States.ArrayPartition(States.Array())"));
  EXPECT_FALSE(compiles("States.ArrayRange(1, 2)"));
  EXPECT_FALSE(compiles("States.ArrayRange(1, 2, 3, 4)"));
  EXPECT_FALSE(compiles("States.MathRandom(1)"));
  EXPECT_FALSE(compiles("States.MathRandom(1, 2, 3, 4)"));
  EXPECT_FALSE(compiles("States.MathAdd(1)"));
  EXPECT_FALSE(compiles("States.UUID(1)"));
  EXPECT_FALSE(compiles("States.Hash('a')"));
  EXPECT_FALSE(compiles("States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'))"));
  EXPECT_TRUE(compiles("States.Array(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)"));
}

// A literal of another type than the function takes compiles with a warning (AWS is not seen
// refusing one; a deployed Terraform module creates `States.StringToJson(6000)`), and evaluating
// it meets the function's own argument check.
TEST(IntrinsicsParser, WarnsOnLiteralArgumentTypes) {
  for (const char* text :
       {"States.MathAdd('1', 2)", "States.MathAdd(1, null)", "States.ArrayLength(1)",
        "States.ArrayGetItem('abc', 0)", "States.StringSplit(1, ',')", "States.Base64Encode(true)",
        "States.Format(1)", "States.StringToJson(6000)",
        "States.JsonMerge(States.StringToJson('{}'), 1, false)",
        "States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), 0)",
        "States.Array(States.MathAdd('1', 2))"}) {
    auto compiled = intrinsics::compile(text);
    ASSERT_TRUE(compiled.ok()) << text;
    EXPECT_NE(compiled->warning.find("cannot be the literal"), std::string::npos) << text;
    auto r = run_intrinsic(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().error, "States.IntrinsicFailure") << text;
  }
  for (const char* text : {"States.MathAdd(1, 2)", "States.StringToJson('6000')",
                           "States.MathAdd(States.UUID(), 1)",  // nested: checked when evaluated
                           "States.ArrayContains(States.Array(), States.Array())"}) {
    auto compiled = intrinsics::compile(text);
    ASSERT_TRUE(compiled.ok()) << text;
    EXPECT_TRUE(compiled->warning.empty()) << text;
  }
}

TEST(IntrinsicsParser, JsonToStringTakesOnlyAPath) {
  EXPECT_FALSE(compiles("States.JsonToString('{}')"));
  EXPECT_FALSE(compiles("States.JsonToString(1)"));
  EXPECT_FALSE(compiles("States.JsonToString(States.Array())"));
}

TEST(IntrinsicsParser, NestingIsLimitedToTen) {
  auto nested = [](int depth) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += "States.Array(";
    text += "1";
    for (int i = 0; i < depth; ++i) text += ")";
    return text;
  };
  EXPECT_TRUE(compiles(nested(10)));
  EXPECT_FALSE(compiles(nested(11)));
  EXPECT_FALSE(compiles(nested(5000)));  // refused early, no deep recursion
}

TEST(IntrinsicsParser, NumbersFollowJson) {
  EXPECT_EQ(value_of("States.Array(0, -1, 12, 1.5, -0.25, 1e3, 2E-2, 1.0)"),
            Json::parse("[0, -1, 12, 1.5, -0.25, 1e3, 2E-2, 1.0]"));
  EXPECT_TRUE(value_of("States.Array(1)")[0].is_number_integer());
  EXPECT_TRUE(value_of("States.Array(1.0)")[0].is_number_float());
  EXPECT_EQ(value_of("States.Array(18446744073709551615)")[0].get<std::uint64_t>(),
            18446744073709551615ULL);
  for (const char* bad : {"States.Array(01)", "States.Array(1.)", "States.Array(.5)",
                          "States.Array(+1)", "States.Array(1e)", "States.Array(-)",
                          "States.Array(1x)", "States.Array(--1)", "States.Array(1.2.3)"}) {
    EXPECT_FALSE(compiles(bad)) << bad;
  }
}

TEST(IntrinsicsParser, KeywordLiterals) {
  EXPECT_EQ(value_of("States.Array(true, false, null)"), Json::parse("[true, false, null]"));
}

TEST(IntrinsicsEscapes, QuoteBracesAndBackslash) {
  EXPECT_EQ(value_of(R"(States.Array('it\'s'))")[0], "it's");
  EXPECT_EQ(value_of(R"(States.Array('\{'))")[0], "{");
  EXPECT_EQ(value_of(R"(States.Array('\}'))")[0], "}");
  EXPECT_EQ(value_of(R"(States.Array('a\\b'))")[0], "a\\b");
  EXPECT_EQ(value_of(R"(States.Array('\\\''))")[0], "\\'");
  EXPECT_EQ(value_of(R"(States.Array(''))")[0], "");
}

TEST(IntrinsicsEscapes, OtherBackslashSequencesFailWhenEvaluated) {
  // "If an open escape backslash \ is found in the intrinsic invocation string, the interpreter
  // will throw a runtime exception" (AWS), and AWS creates state machines that hold one (the
  // aws-samples s3-highthrouput-distributed-map sample writes StringToJson('{\"NewField\": ..}')):
  // the call compiles and its evaluation fails with States.Runtime.
  for (const char* open : {R"(States.Array('\n'))", R"(States.Array('\x'))",
                           R"(States.Array('\u0041'))", R"(States.StringToJson('{\"a\": 1}'))"}) {
    EXPECT_TRUE(compiles(open)) << open;
    auto r = run_intrinsic(open);
    ASSERT_FALSE(r.ok()) << open;
    EXPECT_EQ(r.error().error, "States.Runtime") << open;
    EXPECT_NE(r.error().cause.find("Invalid escape sequence"), std::string::npos) << open;
  }
}

TEST(IntrinsicsEscapes, UnterminatedStringsWithABackslashAreRefused) {
  for (const char* bad : {R"(States.Array('abc\'))", R"(States.Array('\))"}) {
    EXPECT_FALSE(compiles(bad)) << bad;
  }
}

TEST(IntrinsicsEscapes, UnescapedBracesAndControlCharactersAreLiteral) {
  // Recorded on AWS: JsonMerge(StringToJson('{"constant_in_literal": "false"}'), ...) works, and
  // StringSplit('Hello<newline>World', '<newline>') splits on a real newline.
  EXPECT_EQ(value_of(R"(States.StringToJson('{"a": "{}"}'))"), Json::parse(R"({"a":"{}"})"));
  EXPECT_EQ(value_of("States.StringSplit('Hello\nWorld', '\n')"),
            Json::parse(R"(["Hello","World"])"));
  EXPECT_EQ(value_of("States.Array('a,b)c')")[0], "a,b)c");
}

TEST(IntrinsicsEscapes, UnterminatedStringsAreRefused) {
  EXPECT_FALSE(compiles("States.Array('abc)"));
  EXPECT_FALSE(compiles("States.Array('abc"));
  EXPECT_FALSE(compiles("States.Array(')"));
}

TEST(IntrinsicsEscapes, EscapedBracesAreNotFormatPlaceholders) {
  EXPECT_EQ(value_of(R"(States.Format('\{\}'))"), "{}");
  EXPECT_EQ(value_of(R"(States.Format('\{}'))"), "{}");
  EXPECT_EQ(value_of(R"(States.Format('{\}'))"), "{}");
  EXPECT_EQ(value_of(R"(States.Format('{} \{}', 1))"), "1 {}");
  EXPECT_EQ(value_of(R"(States.Format('{{}}', 1))"), "{1}");
  EXPECT_EQ(value_of(R"(States.Format('\\{}', 1))"), "\\1");
}

TEST(IntrinsicsParser, FormatPlaceholderCountIsCheckedForLiteralTemplates) {
  EXPECT_FALSE(compiles("States.Format('{} {}', 1)"));
  EXPECT_FALSE(compiles("States.Format('{}')"));
  EXPECT_FALSE(compiles("States.Format('none', 1)"));
  EXPECT_TRUE(compiles("States.Format('{} {}', 1, 2)"));
  EXPECT_FALSE(compiles("States.Format('{}', )"));
  EXPECT_TRUE(compiles("States.Format('{ }')"));
}

}  // namespace
}  // namespace sfn
