// The rules the Java-model campaigns (tools/intrinsics-oracle, issue 12) found sfnsim breaking,
// one table per rule (docs/intrinsics.md, "Java model" rows). Expected values were printed by
// OpenJDK 17 with Jackson 2.17; the inputs are made up, not copies of campaign cases.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "intrinsics_test_support.h"

namespace sfn {
namespace {

using testing::Documents;
using testing::run_intrinsic;

constexpr char kRefused[] = "<refused>";

std::string outcome(const Expected<Json>& r) {
  if (!r) return r.error().error == "States.IntrinsicFailure" ? kRefused : r.error().error;
  return to_text(*r);
}

// Calls `States.<function>($.v)` with the input {"v": <argument_json>}.
std::string call_on(std::string_view function, std::string_view argument_json) {
  Documents docs;
  docs.input["v"] = Json::parse(argument_json);
  return outcome(run_intrinsic("States." + std::string(function) + "($.v)", docs));
}

struct Row {
  const char* argument;  // JSON text of the argument
  const char* expected;  // JSON text of the result, or kRefused
};

std::string expected_of(const Row& row) {
  return row.expected == std::string_view(kRefused) ? kRefused : to_text(Json::parse(row.expected));
}

// Jackson's readTree reads the first document and ignores what follows, except after a root-level
// scalar: a number must be followed by whitespace or the end, true/false/null must not run on into
// an identifier character, and leading zeros and a byte-order mark are errors.
TEST(IntrinsicJavaRules, StringToJsonReadsRootScalarsLikeJackson) {
  const std::vector<Row> rows = {
      {R"("1 x")", "1"},
      {R"("1\tx")", "1"},
      {R"("2e3\n,")", "2000.0"},
      {R"("1x")", kRefused},
      {R"("1,2")", kRefused},
      {R"("-0.5]")", kRefused},
      {R"("7}")", kRefused},
      {R"("01")", kRefused},
      {R"("4\u0000")", kRefused},
      {R"("-01")", kRefused},
      {R"("true,")", "true"},
      {R"("null]")", "null"},
      {R"("false}")", "false"},
      {R"("true ")", "true"},
      {R"("null:")", "null"},
      {R"("null\u007f")", kRefused},
      {R"("true\u00a0")", "true"},
      {R"("true\u00e9")", kRefused},
      {R"("null😀")", "null"},
      {R"("null\u2028")", "null"},
      {R"("true\u00b5")", kRefused},
      {R"("false\u200b")", kRefused},
      {R"("truex")", kRefused},
      {R"("null1")", kRefused},
      {R"("false_")", kRefused},
      {R"("true$")", "true"},
      {R"("[1]x")", "[1]"},
      {R"("{}1")", "{}"},
      {R"("\"a\"b")", R"("a")"},
      {R"("\ufeff1")", kRefused},
      {R"("\ufeff[]")", kRefused},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(call_on("StringToJson", row.argument), expected_of(row)) << row.argument;
  }
}

// JsonToString writes what Jackson's ObjectMapper writes: decimals as Double.toString, control
// characters with the short escapes or \u00XX in upper-case hex, everything else as it is.
TEST(IntrinsicJavaRules, JsonToStringWritesLikeJackson) {
  const std::vector<Row> rows = {
      {"1e7", R"("1.0E7")"},
      {"10000000", R"("10000000")"},
      {"9999999.0", R"("9999999.0")"},
      {"1e-4", R"("1.0E-4")"},
      {"0.001", R"("0.001")"},
      {"12345678.9", R"("1.23456789E7")"},
      {"-0.0", R"("-0.0")"},
      {"-0", R"("0")"},
      {"[1.0, 1e21, 2.5e-15]", R"("[1.0,1.0E21,2.5E-15]")"},
      {R"({"a\u001f": "\u0001\u007f"})", R"("{\"a\\u001F\":\"\\u0001\u007f\"}")"},
      {R"("\b\t\n\f\r\"\\/")", R"("\"\\b\\t\\n\\f\\r\\\"\\\\/\"")"},
      {R"({"é": "😀"})", R"("{\"é\":\"😀\"}")"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(call_on("JsonToString", row.argument), expected_of(row)) << row.argument;
  }
}

// ArrayContains and ArrayUnique compare decimals as Double.equals does: -0.0 is not 0.0.
TEST(IntrinsicJavaRules, NegativeZeroIsNotZero) {
  const std::vector<Row> rows = {
      {"[[0.0, 0, 1], -0.0]", "false"},
      {"[[-0.0], -0.0]", "true"},
      {"[[0.0], 0.0]", "true"},
      {"[[{\"a\": [-0.0]}], {\"a\": [0.0]}]", "false"},
  };
  for (const Row& row : rows) {
    Documents docs;
    const Json args = Json::parse(row.argument);
    docs.input["a"] = args[0];
    docs.input["b"] = args[1];
    EXPECT_EQ(outcome(run_intrinsic("States.ArrayContains($.a, $.b)", docs)), expected_of(row))
        << row.argument;
  }
  EXPECT_EQ(call_on("ArrayUnique", "[0.0, -0.0, 0, -0.0, 0.0]"), "[0.0,-0.0,0]");
}

// Base64Decode turns the bytes into a String as OpenJDK's new String(bytes, UTF_8) does: how many
// bytes one U+FFFD replaces is Java's rule (R = U+FFFD below).
TEST(IntrinsicJavaRules, Base64DecodeReplacesMalformedUtf8LikeJava) {
  struct Case {
    const char* base64;  // of the bytes in the comment
    const char* expected;
  };
  const std::vector<Case> rows = {
      {"4oJB", "RA"},                 // E2 82 41: lead + continuation, then A
      {"7aCA", "R"},                  // ED A0 80: an encoded surrogate is one replacement
      {"7aBB", "RA"},                 // ED A0 41
      {"4oI=", "R"},                  // E2 82 at the end
      {"8J+Y", "R"},                  // F0 9F 98 at the end
      {"8J9BQQ==", "RAA"},            // F0 9F 41 41
      {"wIA=", "RR"},                 // C0 80: never a lead byte
      {"9YCAgA==", "RRRR"},           // F5 80 80 80
      {"4ICA", "RRR"},                // E0 80 80: overlong
      {"9JCAgA==", "RRRR"},           // F4 90 80 80: beyond U+10FFFF
      {"8J8=", "R"},                  // F0 9F at the end
      {"8J+Y4oKs", "R\xE2\x82\xAC"},  // F0 9F 98 then a whole euro sign
      {"w6k=", "\xC3\xA9"},           // é
  };
  for (const Case& row : rows) {
    std::string expected;
    for (const char* p = row.expected; *p; ++p) {
      if (*p == 'R') {
        expected += "\xEF\xBF\xBD";
      } else {
        expected += *p;
      }
    }
    const auto r = run_intrinsic(std::string("States.Base64Decode('") + row.base64 + "')");
    ASSERT_TRUE(r.ok()) << row.base64;
    EXPECT_EQ(r->get<std::string>(), expected) << row.base64;
  }
}

}  // namespace
}  // namespace sfn
