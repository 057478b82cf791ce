// The one regex machine of the core, shared by two front ends: Java's java.util.regex syntax
// (JSONPath's `=~`, path/java_regex.*) and ECMAScript's (JSONata's regex literals,
// jsonata/regex/*). A front end parses its dialect into the syntax tree below (`Node`, with the
// dialect's choices already made: which characters end a line, which case folding, which anchor);
// compile_program turns the tree into a Thompson-NFA program and pike_vm.h runs it.
//
// What stays in a front end: syntax, escapes, predefined classes, flags, error messages, limits.
// What is here: everything that runs, so both dialects get one linear-time engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sfn::regex {

struct Range {
  char32_t lo;
  char32_t hi;
};

struct CharClass {
  std::vector<Range> ranges;
  bool negated = false;
  bool icase = false;  // also try the character's upper and lower case (Program::fold)
};

// The complement of a set of ranges over [0, 0x10FFFF] (\D, \W, \S inside a class).
std::vector<Range> complement(std::vector<Range> ranges);

// Which characters end a line, for `.` and the line anchors, and how lines are split.
//   Java:        \n \r U+0085 U+2028 U+2029; "\r\n" is one terminator; no line starts at the
//                very end of the input (java.util.regex.Pattern, default).
//   JavaUnix:    \n only, otherwise as Java (Pattern.UNIX_LINES, flag `d`).
//   EcmaScript:  \n \r U+2028 U+2029, each its own terminator (ECMA-262 LineTerminator).
enum class Lines : std::uint8_t { Java, JavaUnix, EcmaScript };

enum class Assertion : std::uint8_t {
  TextStart,                       // at 0: Java ^ (no MULTILINE) and \A, ECMAScript ^ (no m)
  TextEnd,                         // at the end: Java \z, ECMAScript $ (no m)
  TextEndOrBeforeFinalTerminator,  // Java $ (no MULTILINE) and \Z
  LineStart,                       // ^ with multiline, by the Lines rule
  LineEnd,                         // $ with multiline, by the Lines rule
  WordBoundary,                    // \b (ASCII word characters)
  NotWordBoundary,                 // \B
};

// The syntax tree a front end builds.
struct Node {
  enum class Kind : std::uint8_t {
    Empty,
    Char,    // `ch`, folded when `icase`
    Any,     // `.`: any character but a terminator of `lines`, or any at all when `dotall`
    Class,   // Program::classes[cls]
    Assert,  // `assertion`, by `lines`
    Concat,  // kids in order
    Alt,     // kids, the first has priority
    Group,   // kids[0]; captures when capture > 0
    Repeat,  // kids[0], min..max times (max -1: unbounded), greedy or lazy
  };
  Kind kind = Kind::Empty;
  char32_t ch = 0;
  bool icase = false;
  bool dotall = false;
  bool greedy = true;
  Lines lines = Lines::Java;
  Assertion assertion = Assertion::TextStart;
  int cls = -1;
  int capture = -1;
  int min = 0;
  int max = -1;
  std::vector<Node> kids;
};

enum class Op : std::uint8_t {
  Char,    // ch (pre-folded when icase)
  Any,     // any character (x != 0: not a terminator of `lines`)
  Class,   // classes[arg]
  Split,   // continue at x, then at y (x has priority)
  Jmp,     // continue at x
  Save,    // capture slot arg := position
  Assert,  // `assertion` holds here
  Match,
};

struct Inst {
  Op op = Op::Match;
  bool icase = false;
  Lines lines = Lines::Java;
  Assertion assertion = Assertion::TextStart;
  char32_t ch = 0;
  int x = 0;
  int y = 0;
  int arg = 0;
};

// The case folding of a dialect: Java's default (ASCII only) or ECMAScript's simple mapping.
// Both fold ASCII letters alike; the VM folds ASCII itself and calls these for the rest.
struct CaseFold {
  char32_t (*upper)(char32_t) = nullptr;
  char32_t (*lower)(char32_t) = nullptr;
};

struct Program {
  std::vector<Inst> code;
  std::vector<CharClass> classes;  // filled by the front end while it parses
  int groups = 0;                  // capture groups, excluding the whole match (group 0)
  std::size_t slots = 0;           // capture slots the code writes: 2 x (groups + 1), or none
  CaseFold fold;
  bool folds_chars = false;  // some Char is case-insensitive (the VM folds each character once)
  // Read a surrogate pair written as two WTF-8 halves as one code point (Java, which sees the
  // text as UTF-16, joins it); otherwise each half is a character of its own.
  bool join_split_surrogates = false;
};

struct CompileOptions {
  std::size_t max_instructions = 20000;
  bool captures = true;  // Save instructions for group 0 and every capturing group
};

// Appends the code for `root` (then Match) to `out.code`. False, with "Pattern is too large" in
// `error`, when the program would exceed options.max_instructions.
bool compile_program(const Node& root, const CompileOptions& options, Program& out,
                     std::string& error);

}  // namespace sfn::regex
