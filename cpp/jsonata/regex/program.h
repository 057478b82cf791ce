// The compiled form of a regex: a Thompson-NFA program for the Pike VM.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sfn::jsonata::re {

struct ClassItem {
  char32_t lo;
  char32_t hi;
};

struct CharClass {
  std::vector<ClassItem> ranges;
  bool negated = false;
};

enum class Op : std::uint8_t {
  Char,      // matches `ch`
  Any,       // `.`: anything but a line terminator
  Class,     // classes[arg]
  Split,     // try x, then y (x has priority)
  Jmp,       // goto x
  Save,      // capture slot arg := position
  Bol,       // ^
  Eol,       // $
  WordB,     // \b
  NotWordB,  // \B
  Match,
};

struct Inst {
  Op op;
  char32_t ch = 0;
  int x = 0;
  int y = 0;
  int arg = 0;
};

struct Program {
  std::vector<Inst> code;
  std::vector<CharClass> classes;
  int groups = 0;  // capture groups, excluding group 0
  bool icase = false;
  bool multiline = false;
};

// Parses `pattern` (JavaScript syntax, non-unicode mode) into `out`; false and a message when
// the pattern is malformed or uses what the engine does not support.
bool compile_program(const std::u32string& pattern, bool icase, bool multiline, Program& out,
                     std::string& error);

}  // namespace sfn::jsonata::re
