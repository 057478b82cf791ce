// XPath-style picture strings shared by $formatInteger/$parseInteger and the date/time
// functions (a port of jsonata-js's datetime.js).
#pragma once

#include <string>
#include <vector>

#include "jsonata/evaluator.h"

namespace sfn::jsonata::fn {

enum class IntPrimary { Decimal, Letters, Roman, Words, Sequence };
enum class LetterCase { Upper, Lower, Title };

struct GroupingSeparator {
  int position = 0;
  std::u32string character;
};

struct IntegerFormat {
  IntPrimary primary = IntPrimary::Decimal;
  LetterCase letter_case = LetterCase::Lower;
  bool ordinal = false;
  char32_t zero_code = U'0';
  int mandatory_digits = 0;
  int optional_digits = 0;
  bool regular = false;
  GroupingSeparator regular_separator;        // when regular
  std::vector<GroupingSeparator> separators;  // when not regular
  std::u32string token;                       // for Sequence
  int n = 0;                                  // width (from date pictures) for parsing; 0 = none
  bool has_n = false;
};

IntegerFormat analyse_integer_picture(const std::u32string& picture);
// The digits are charged to `ev` before they are built: a picture's width sets their number.
std::string format_integer_value(double value, const IntegerFormat& format, Evaluator& ev);

// A regex fragment and a parser for the integer in a matched substring.
struct IntegerMatcher {
  std::string regex;
  IntegerFormat format;
};
IntegerMatcher integer_matcher(const IntegerFormat& format);
double parse_integer_text(const std::string& text, const IntegerFormat& format);

}  // namespace sfn::jsonata::fn
