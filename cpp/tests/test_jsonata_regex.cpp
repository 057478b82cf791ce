// The regex engine: JavaScript syntax and leftmost-first semantics, and immunity to
// catastrophic backtracking and deep recursion.
#include <gtest/gtest.h>

#include <chrono>

#include "jsonata/regex/regex.h"
#include "jsonata_test_util.h"

namespace sfn::jsonata {
namespace {

using testing::outcome;

std::string first_match(const std::string& pattern, const std::string& flags,
                        const std::string& s) {
  std::string error;
  auto re = compile_regex(pattern, flags, error);
  if (!re) return "error: " + error;
  RegexMatch m;
  long long budget = 1'000'000'000;
  if (!regex_search(*re, s, 0, m, budget)) return "none";
  std::string out = s.substr(m.start, m.end - m.start);
  for (const auto& [a, b] : m.groups) out += a == kNoGroup ? "|-" : "|" + s.substr(a, b - a);
  return out;
}

TEST(JsonataRegex, LiteralsClassesAndEscapes) {
  EXPECT_EQ(first_match("b+", "", "abbbc"), "bbb");
  EXPECT_EQ(first_match("[a-c]+", "", "xxcabz"), "cab");
  EXPECT_EQ(first_match("[^a-c]+", "", "abxyc"), "xy");
  EXPECT_EQ(first_match("\\d+\\.\\d+", "", "v1.25x"), "1.25");
  EXPECT_EQ(first_match("\\w+", "", "--ab_9--"), "ab_9");
  EXPECT_EQ(first_match("\\s+", "", "a \t\nb"), " \t\n");
  EXPECT_EQ(first_match("[\\d-]+", "", "x12-3y"), "12-3");
  EXPECT_EQ(first_match("\\x41\\u0042", "", "zAB"), "AB");
  EXPECT_EQ(first_match("a.c", "", "a\nc abc"), "abc");
  EXPECT_EQ(first_match("é+", "", "xééy"), "éé");
  EXPECT_EQ(first_match("[à-ÿ]", "", "aç"), "ç");
  EXPECT_EQ(first_match("a{b", "", "a{b"), "a{b");
}

TEST(JsonataRegex, QuantifiersGreedyAndLazy) {
  EXPECT_EQ(first_match("a+?", "", "aaa"), "a");
  EXPECT_EQ(first_match("a*?b", "", "aaab"), "aaab");
  EXPECT_EQ(first_match("a{2}", "", "aaaa"), "aa");
  EXPECT_EQ(first_match("a{2,3}", "", "aaaa"), "aaa");
  EXPECT_EQ(first_match("a{2,}?", "", "aaaa"), "aa");
  EXPECT_EQ(first_match("<.+>", "", "<a><b>"), "<a><b>");
  EXPECT_EQ(first_match("<.+?>", "", "<a><b>"), "<a>");
}

TEST(JsonataRegex, AlternationIsLeftmostFirst) {
  EXPECT_EQ(first_match("foo|foobar", "", "foobar"), "foo");
  EXPECT_EQ(first_match("(a|ab)(c|bcd)", "", "abcd"), "abcd|a|bcd");
  EXPECT_EQ(first_match("(a)|(b)", "", "b"), "b|-|b");
}

TEST(JsonataRegex, GroupsAndCaptures) {
  EXPECT_EQ(first_match("(\\d+)-(\\d+)", "", "tel 12-345"), "12-345|12|345");
  EXPECT_EQ(first_match("(?:ab)+", "", "ababx"), "abab");
  EXPECT_EQ(first_match("(?<year>\\d{4})", "", "in 2023"), "2023|2023");
  EXPECT_EQ(first_match("a(x)?b", "", "ab"), "ab|-");
}

TEST(JsonataRegex, AnchorsAndFlags) {
  EXPECT_EQ(first_match("^b", "", "ab"), "none");
  EXPECT_EQ(first_match("^b", "m", "a\nb"), "b");
  EXPECT_EQ(first_match("a$", "", "a\nb"), "none");
  EXPECT_EQ(first_match("a$", "m", "a\nb"), "a");
  EXPECT_EQ(first_match("\\bC\\w+", "", "The Cat"), "Cat");
  EXPECT_EQ(first_match("\\Bat", "", "at cat"), "at");
  EXPECT_EQ(first_match("hello", "i", "Say HeLLo"), "HeLLo");
  EXPECT_EQ(first_match("[a-z]+", "i", "ABC"), "ABC");
  EXPECT_EQ(first_match("é", "i", "É"), "É");
}

TEST(JsonataRegex, RefusesWhatItDoesNotSupport) {
  EXPECT_EQ(first_match("(?=a)", "", "a").rfind("error", 0), 0u);
  EXPECT_EQ(first_match("(a)\\1", "", "aa").rfind("error", 0), 0u);
  EXPECT_EQ(first_match("a**", "", "a").rfind("error", 0), 0u);
  EXPECT_EQ(first_match("(", "", "a").rfind("error", 0), 0u);
  EXPECT_EQ(first_match("[a", "", "a").rfind("error", 0), 0u);
  EXPECT_EQ(first_match("a{5000}", "", "a").rfind("error", 0), 0u);
  EXPECT_EQ(outcome("$match('a', /(?=a)/)"), "error S0303");
}

TEST(JsonataRegex, NoCatastrophicBacktracking) {
  // Each of these takes exponential time on a backtracking engine.
  std::string subject(30000, 'a');
  subject += '!';
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(first_match("(a+)+$", "", subject), "none");
  EXPECT_EQ(first_match("(a|a)*b", "", subject), "none");
  EXPECT_EQ(first_match("(a*)*b", "", subject), "none");
  EXPECT_EQ(first_match("(x+x+)+y", "", std::string(5000, 'x')), "none");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(20));
}

TEST(JsonataRegex, DeepPatternsAndLongInputsDoNotOverflow) {
  std::string nested(150, '(');
  nested += "a";
  nested += std::string(150, ')');
  EXPECT_EQ(first_match(nested, "", "xa").substr(0, 1), "a");
  std::string too_deep(5000, '(');
  too_deep += std::string(5000, ')');
  EXPECT_EQ(first_match(too_deep, "", "x").rfind("error", 0), 0u);
  std::string big(1 << 17, 'b');
  big += "a";
  EXPECT_EQ(first_match("a", "", big), "a");
}

TEST(JsonataRegex, StepBudgetEndsRunawaySearches) {
  std::string error;
  auto re = compile_regex("(a|b|c|d|e)*z", "", error);
  ASSERT_TRUE(re);
  RegexMatch m;
  long long budget = 1000;
  EXPECT_FALSE(regex_search(*re, std::string(100000, 'a'), 0, m, budget));
  EXPECT_LT(budget, 0);
}

TEST(JsonataRegex, ZeroLengthMatchesInIterationRaiseD1004) {
  EXPECT_EQ(outcome("$match('abc', /x*/)"), "error D1004");
  EXPECT_EQ(outcome("$replace('abc', /x*/, '-')"), "error D1004");
  EXPECT_EQ(outcome("$match('', /x*/)"), "{\"match\":\"\",\"index\":0,\"groups\":[]}");
}

TEST(JsonataRegex, MatchIndexesCountUtf16Units) {
  EXPECT_EQ(outcome("$match('😀a', /a/).index"), "2");
  EXPECT_EQ(outcome("$match('éa', /a/).index"), "1");
}

TEST(JsonataRegex, CustomMatcherFunctions) {
  // a matcher written in JSONata following the {match,start,end,groups,next} protocol
  const char* expr =
      "($m := function($s){ $contains($s, 'x') ? {'match':'x','start':0,'end':1,'groups':[],"
      "'next': function(){undefined}} : undefined }; $replace('xyz', $m, 'Q'))";
  EXPECT_EQ(outcome(expr), "\"Qyz\"");
}

}  // namespace
}  // namespace sfn::jsonata
