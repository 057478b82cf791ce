// The regex engine behind `=~`: Java syntax and flags, whole-input matching, and linear time on
// inputs that make backtracking engines explode.
#include <gtest/gtest.h>

#include "path/java_regex.h"

namespace sfn::path::detail {
namespace {

bool full(std::u32string_view pattern, std::string_view input, int flags = 0) {
  std::string error;
  auto re = Regex::compile(pattern, flags, error);
  EXPECT_TRUE(re.has_value()) << error;
  return re && re->matches(input);
}

bool rejected(std::u32string_view pattern) {
  std::string error;
  return !Regex::compile(pattern, 0, error).has_value() && !error.empty();
}

TEST(PathRegex, WholeInputMatching) {
  EXPECT_TRUE(full(U"abc", "abc"));
  EXPECT_FALSE(full(U"abc", "abcd"));
  EXPECT_FALSE(full(U"b", "abc"));
  EXPECT_TRUE(full(U".*b.*", "abc"));
  EXPECT_TRUE(full(U"", ""));
}

TEST(PathRegex, QuantifiersAndAlternation) {
  EXPECT_TRUE(full(U"a+b*c?", "aaab"));
  EXPECT_TRUE(full(U"(ab|cd)*", "abcdab"));
  EXPECT_FALSE(full(U"(ab|cd)*", "abc"));
  EXPECT_TRUE(full(U"a{2,3}", "aaa"));
  EXPECT_FALSE(full(U"a{2,3}", "aaaa"));
  EXPECT_TRUE(full(U"a{2,}", "aaaaa"));
  EXPECT_TRUE(full(U"a{2}", "aa"));
  EXPECT_TRUE(full(U"x*?y+?", "xxy"));  // lazy quantifiers match the same strings
  EXPECT_TRUE(full(U"(?:a|b)+", "abba"));
}

TEST(PathRegex, ClassesAndEscapes) {
  EXPECT_TRUE(full(U"[a-c]+", "abcab"));
  EXPECT_FALSE(full(U"[^a-c]", "b"));
  EXPECT_TRUE(full(U"\\d+\\.\\d{2}", "12.34"));
  EXPECT_TRUE(full(U"\\w+\\s\\w+", "hello world"));
  EXPECT_TRUE(full(U"[\\d-]+", "1-2-3"));
  EXPECT_TRUE(full(U"\\p{Upper}\\p{Lower}+", "Hello"));
  EXPECT_TRUE(full(U"\\Qa.b\\E", "a.b"));
  EXPECT_FALSE(full(U"\\Qa.b\\E", "axb"));
  EXPECT_TRUE(full(U"\\x41\\u0042", "AB"));
  EXPECT_TRUE(full(U".", "\xF0\x9F\x98\x80"));  // one code point, even outside the BMP
}

TEST(PathRegex, Flags) {
  EXPECT_TRUE(full(U"abc", "ABC", kCaseInsensitive));
  EXPECT_TRUE(full(U"(?i)abc", "AbC"));
  EXPECT_TRUE(full(U"[a-z]+", "XyZ", kCaseInsensitive));
  EXPECT_FALSE(full(U"a.b", "a\nb"));
  EXPECT_TRUE(full(U"a.b", "a\nb", kDotAll));
  EXPECT_TRUE(full(U"a b # comment", "ab", kComments));
  EXPECT_TRUE(full(U"a$\\n^b", "a\nb", kMultiline));
  EXPECT_EQ(regex_flag_of(u'i'), kCaseInsensitive);
  EXPECT_EQ(regex_flag_of(u'q'), 0);
}

TEST(PathRegex, Anchors) {
  EXPECT_TRUE(full(U"^abc$", "abc"));
  // $ may match before a final line terminator, but matches() must still consume it.
  EXPECT_FALSE(full(U"abc$", "abc\n"));
  EXPECT_TRUE(full(U"abc$\n", "abc\n"));
  EXPECT_FALSE(full(U"abc\\z\n", "abc\n"));
  EXPECT_TRUE(full(U".*\\bworld\\b.*", "hello world!"));
  EXPECT_FALSE(full(U".*\\bworld\\b.*", "helloworld"));
}

TEST(PathRegex, RefusesWhatAnNfaCannotDo) {
  EXPECT_TRUE(rejected(U"(a)\\1"));
  EXPECT_TRUE(rejected(U"(?=a)a"));
  EXPECT_TRUE(rejected(U"(?<!a)b"));
  EXPECT_TRUE(rejected(U"a**"));
  EXPECT_TRUE(rejected(U"(ab"));
  EXPECT_TRUE(rejected(U"ab)"));
  EXPECT_TRUE(rejected(U"[ab"));
  EXPECT_TRUE(rejected(U"a{3,1}"));
  EXPECT_TRUE(rejected(U"\\y"));
}

TEST(PathRegex, LinearTimeOnPathologicalInput) {
  // (a*)*b against a long run of a's: exponential for a backtracking engine.
  const std::string input(20000, 'a');
  EXPECT_FALSE(full(U"(a*)*b", input));
  EXPECT_TRUE(full(U"(a|aa)*", input));
}

}  // namespace
}  // namespace sfn::path::detail
