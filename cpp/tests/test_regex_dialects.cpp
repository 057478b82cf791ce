// The two front ends of the one regex machine (common/regex/) side by side: the same pattern and
// subject through Java's syntax (JSONPath `=~`, Matcher.matches()) and ECMAScript's (JSONata,
// here anchored as ^(?:pattern)$ so both ask "does the whole subject match"). Where the dialects
// agree the rows say so once; where they differ the row names the difference.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/utf.h"
#include "jsonata/regex/regex.h"
#include "path/java_regex.h"

namespace sfn {
namespace {

enum class Outcome { Match, NoMatch, Error };

const char* name(Outcome o) {
  return o == Outcome::Match ? "match" : o == Outcome::NoMatch ? "no match" : "error";
}

std::u32string to_u32(std::string_view utf8) {
  std::u32string out;
  const std::u16string u16 = utf::to_utf16(utf8);
  for (std::size_t i = 0; i < u16.size(); ++i) {
    char32_t c = u16[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u16.size() && u16[i + 1] >= 0xDC00 &&
        u16[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (u16[++i] - 0xDC00);
    }
    out += c;
  }
  return out;
}

Outcome java(const std::string& pattern, const std::string& subject, int flags = 0) {
  std::string error;
  auto re = path::detail::Regex::compile(to_u32(pattern), flags, error);
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

struct Row {
  const char* pattern;
  const char* subject;
  Outcome java;
  Outcome ecmascript;
  const char* why;  // the documented difference; empty where the dialects agree
};

constexpr Outcome M = Outcome::Match;
constexpr Outcome N = Outcome::NoMatch;
constexpr Outcome E = Outcome::Error;

const Row kRows[] = {
    // Where Java and ECMAScript agree.
    {"a+b*c?", "aaab", M, M, ""},
    {"(?:ab|cd)*", "abcdab", M, M, ""},
    {"(ab|cd)*", "abc", N, N, ""},
    {"a{2,3}", "aaaa", N, N, ""},
    {"x*?y+?", "xxy", M, M, "lazy quantifiers accept the same strings"},
    {"[a-c]+", "abcab", M, M, ""},
    {"[^a-c]", "b", N, N, ""},
    {"\\d+\\.\\d{2}", "12.34", M, M, ""},
    {"[\\d-]+", "1-2-3", M, M, ""},
    {"\\w+", "h\xC3\xA9llo", N, N, "\\w is ASCII in both (no UNICODE_CHARACTER_CLASS, no /u)"},
    {"\\x41\\u0042", "AB", M, M, ""},
    {"\\cJ", "\n", M, M, ""},
    {"a.c", "a\nc", N, N, "`.` stops at \\n in both"},
    {".*\\bworld\\b.*", "hello world!", M, M, ""},
    {".*\\bworld\\b.*", "helloworld", N, N, ""},
    {".", "\xF0\x9F\x98\x80", M, M,
     "one code point in both engines (jsonata-js would see two UTF-16 units: "
     "cpp/jsonata/README.md, known deviations)"},
    {"(a)\\1", "aa", E, E, "backreferences are refused by both front ends"},
    {"(?=a)a", "a", E, E, "lookaround is refused by both front ends"},
    {"a**", "a", E, E, ""},
    {"(ab", "ab", E, E, ""},
    {"a{3,1}", "aaa", E, E, ""},
    // Where they differ.
    {"\\s", "\xC2\xA0", N, M,
     "ECMAScript's \\s includes U+00A0 and the Unicode spaces; Java's is ASCII"},
    {".", "\xC2\x85", N, M, "U+0085 (NEL) ends a line in Java, not in ECMAScript"},
    {"\xC3\xA9", "\xC3\x89", N, N, ""},
    {"\\Qa.b\\E", "a.b", M, N, "\\Q...\\E quotes in Java; ECMAScript reads \\Q and \\E as Q and E"},
    {"\\p{Lower}+", "abc", M, N, "\\p{...} is a property in Java; in ECMAScript (no /u) it is p{"},
    {"(?i)abc", "ABC", M, E, "inline flags exist only in Java"},
    {"a{,3}", "a{,3}", E, M,
     "Annex B reads a brace that is no quantifier as a literal; Java refuses"},
    {"[^]", "x", E, M, "[^] is any character in ECMAScript; in Java ] opens the class's content"},
    {"[\\b]", "\b", E, M, "\\b in a class is a backspace in ECMAScript, an error in Java"},
    {"\\0101", "A", M, E, "\\0 starts an octal escape in Java; jsonata refuses octal escapes"},
    {"{", "{", E, M, "a lone { is a literal in ECMAScript (Annex B), an error in Java"},
    {"^*a", "a", M, E, "Java accepts a quantified anchor; ECMAScript has nothing to repeat"},
    {"a$", "a\n", N, N, "both anchored at the very end here (matches() must consume the \\n)"},
    // A surrogate pair written as two WTF-8 halves: Java reads the text as UTF-16 and joins
    // them into one code point; the ECMAScript front end reads each half as a character.
    {".", "\xED\xA0\xBD\xED\xB8\x80", M, N, "Java joins split surrogate halves"},
};

TEST(RegexDialects, SamePatternsThroughBothFrontEnds) {
  for (const Row& row : kRows) {
    SCOPED_TRACE(std::string("pattern ") + row.pattern +
                 (*row.why ? std::string(": ") + row.why : ""));
    EXPECT_EQ(name(java(row.pattern, row.subject)), std::string(name(row.java)));
    EXPECT_EQ(name(ecmascript(row.pattern, row.subject)), std::string(name(row.ecmascript)));
    if (row.java != row.ecmascript) {
      EXPECT_STRNE(row.why, "") << "a difference needs its reason";
    }
  }
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
