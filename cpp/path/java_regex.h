// The part of java.util.regex that Jayway's `=~ /re/flags` needs: Pattern.compile with the flag
// letters Jayway accepts, and Matcher.matches() (the whole input must match).
//
// This file is the Java front end of the core's one regex machine (common/regex/): it parses
// Java's syntax and flags into the shared syntax tree; the Pike VM there runs it in time
// O(input x pattern), with no recursion on the input, so hostile patterns or 256 KiB strings
// cannot blow the stack or backtrack forever. Java's syntax minus what an NFA cannot do:
// backreferences and lookaround are refused at compile time (AWS would accept them; a
// definition using them fails here with a syntax error instead).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::regex {
struct Program;
}

namespace sfn::path::detail {

// java.util.regex.Pattern flag bits, with Jayway's flag letters (PatternFlag).
enum RegexFlag : int {
  kUnixLines = 0x01,        // d
  kCaseInsensitive = 0x02,  // i
  kComments = 0x04,         // x
  kMultiline = 0x08,        // m
  kDotAll = 0x20,           // s
  kUnicodeCase = 0x40,      // u
  kUnicodeClass = 0x100,    // U
};

// The flag bit of a Jayway flag letter, 0 for any other character.
int regex_flag_of(char16_t letter);

class Regex {
 public:
  // nullopt with `error` set when the pattern is invalid or uses what this engine lacks.
  static std::optional<Regex> compile(std::u32string_view pattern, int flags, std::string& error);

  bool matches(std::string_view utf8_input) const;

 private:
  std::shared_ptr<const regex::Program> program_;
};

}  // namespace sfn::path::detail
