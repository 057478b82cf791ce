// The two front ends of the one regex machine (common/regex/) side by side: the same pattern and
// subject through Java's syntax (JSONPath `=~`, Matcher.matches()) and ECMAScript's (JSONata,
// here anchored as ^(?:pattern)$ so both ask "does the whole subject match"). The rows, where the
// dialects agree and where they differ (with the difference named), are data:
// cpp/tests/data/regex_dialects.jsonl.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"
#include "path/java_regex.h"

namespace sfn {
namespace {

enum class Outcome { Match, NoMatch, Error };

const char* name(Outcome o) {
  return o == Outcome::Match ? "match" : o == Outcome::NoMatch ? "no match" : "error";
}

Outcome java(const std::string& pattern, const std::string& subject, int flags = 0) {
  std::string error;
  auto re = path::detail::Regex::compile(jsonata::to_u32(pattern), flags, error);
  if (!re) return Outcome::Error;
  return re->matches(subject) ? Outcome::Match : Outcome::NoMatch;
}

Outcome ecmascript(const std::string& pattern, const std::string& subject,
                   const std::string& flags = "") {
  std::string error;
  auto re = jsonata::compile_regex("^(?:" + pattern + ")$", flags, error);
  if (!re) return Outcome::Error;
  jsonata::RegexMatch m;
  long long budget = 1'000'000'000;
  return jsonata::regex_search(*re, subject, 0, m, budget) ? Outcome::Match : Outcome::NoMatch;
}

// cpp/tests/data/regex_dialects.jsonl: one row per line, {"pattern", "subject", "java",
// "ecmascript", "why"}; the outcomes are "match", "no match" or "error", and "why" names the
// documented difference wherever the two outcomes differ.
TEST(RegexDialects, SamePatternsThroughBothFrontEnds) {
  std::ifstream rows(std::filesystem::path(SFNSIM_SOURCE_DIR) /
                     "cpp/tests/data/regex_dialects.jsonl");
  ASSERT_TRUE(rows) << "cpp/tests/data/regex_dialects.jsonl is missing";
  int count = 0;
  for (std::string line; std::getline(rows, line);) {
    if (line.empty()) continue;
    const auto row = nlohmann::json::parse(line);
    const std::string pattern = row.at("pattern");
    const std::string subject = row.at("subject");
    const std::string why = row.value("why", "");
    SCOPED_TRACE("pattern " + pattern + (why.empty() ? "" : ": " + why));
    EXPECT_EQ(name(java(pattern, subject)), row.at("java").get<std::string>());
    EXPECT_EQ(name(ecmascript(pattern, subject)), row.at("ecmascript").get<std::string>());
    if (row.at("java") != row.at("ecmascript")) {
      EXPECT_NE(why, "") << "a difference needs its reason";
    }
    ++count;
  }
  EXPECT_GE(count, 30);
}

TEST(RegexDialects, SplitSurrogateHalvesJoinOnlyInJava) {
  // U+1F600 written as two WTF-8 halves (ED A0 BD, ED B8 80), as a Python string with
  // surrogatepass can arrive: Java reads the text as UTF-16 and joins the halves into one code
  // point; the ECMAScript front end reads each half as a character of its own.
  const std::string halves = "\xED\xA0\xBD\xED\xB8\x80";
  EXPECT_EQ(java(".", halves), Outcome::Match);
  EXPECT_EQ(ecmascript(".", halves), Outcome::NoMatch);
  EXPECT_EQ(ecmascript("..", halves), Outcome::Match);
}

TEST(RegexDialects, CaseInsensitivityFoldsDifferently) {
  // Java's CASE_INSENSITIVE folds ASCII only; ECMAScript's /i folds by Unicode's simple mapping.
  EXPECT_EQ(java("abc", "ABC", path::detail::kCaseInsensitive), Outcome::Match);
  EXPECT_EQ(ecmascript("abc", "ABC", "i"), Outcome::Match);
  EXPECT_EQ(java("\xC3\xA9", "\xC3\x89", path::detail::kCaseInsensitive), Outcome::NoMatch);
  EXPECT_EQ(ecmascript("\xC3\xA9", "\xC3\x89", "i"), Outcome::Match);
}

TEST(RegexDialects, MultilineAnchorsSplitLinesDifferently) {
  // Java: "\r\n" is one line terminator and no line starts at the very end of the input.
  // ECMAScript: each of \r and \n ends a line, so a line starts after a final \n.
  EXPECT_EQ(java("a\r^\n", "a\r\n", path::detail::kMultiline), Outcome::NoMatch);
  EXPECT_EQ(ecmascript("a\r^\n", "a\r\n", "m"), Outcome::Match);
  EXPECT_EQ(java("a\n^", "a\n", path::detail::kMultiline), Outcome::NoMatch);
  EXPECT_EQ(ecmascript("a\n^", "a\n", "m"), Outcome::Match);
  EXPECT_EQ(java("a$\n^b", "a\nb", path::detail::kMultiline), Outcome::Match);
  EXPECT_EQ(ecmascript("a$\n^b", "a\nb", "m"), Outcome::Match);
}

// Backtracking engines take exponential time on these; the Pike VM is linear in the subject.
TEST(RegexDialects, PathologicalPatternsStayLinear) {
  const std::string subject = std::string(100000, 'a') + "!";
  const auto start = std::chrono::steady_clock::now();
  for (const char* pattern : {"(a*)*b", "(a|a)*b", "(a+)+b", "(a|aa)+b"}) {
    SCOPED_TRACE(pattern);
    EXPECT_EQ(java(pattern, subject), Outcome::NoMatch);
    EXPECT_EQ(ecmascript(pattern, subject), Outcome::NoMatch);
  }
  // A generous budget for a loaded 2-core machine; backtracking would need years.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));

  // Deterministic: the VM's step count grows linearly with the subject.
  std::string error;
  auto re = jsonata::compile_regex("(x+x+)+y", "", error);
  ASSERT_TRUE(re) << error;
  auto steps = [&](std::size_t n) {
    const long long start_budget = 1'000'000'000'000;
    long long budget = start_budget;
    jsonata::RegexMatch m;
    EXPECT_FALSE(jsonata::regex_search(*re, std::string(n, 'x'), 0, m, budget));
    return start_budget - budget;
  };
  const long long small = steps(2000);
  const long long large = steps(8000);
  EXPECT_LT(large, 5 * small) << small << " steps for 2,000 characters, " << large << " for 8,000";
}

}  // namespace
}  // namespace sfn
