// $formatInteger / $parseInteger: decimal pictures with grouping, letters, roman numerals and
// English words, as jsonata-js implements them.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>

#include "jsonata/functions/builtins.h"
#include "jsonata/functions/picture.h"
#include "jsonata/number_text.h"
#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

namespace {

const char* const kFew[] = {"Zero",    "One",     "Two",       "Three",    "Four",
                            "Five",    "Six",     "Seven",     "Eight",    "Nine",
                            "Ten",     "Eleven",  "Twelve",    "Thirteen", "Fourteen",
                            "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"};
const char* const kOrdinals[] = {
    "Zeroth",     "First",     "Second",    "Third",       "Fourth",     "Fifth",     "Sixth",
    "Seventh",    "Eighth",    "Ninth",     "Tenth",       "Eleventh",   "Twelfth",   "Thirteenth",
    "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"};
const char* const kDecades[] = {"Twenty",  "Thirty", "Forty",  "Fifty",  "Sixty",
                                "Seventy", "Eighty", "Ninety", "Hundred"};
const char* const kMagnitudes[] = {"Thousand", "Million", "Billion", "Trillion"};

std::string lookup_words(double num, bool prev, bool ord) {
  std::string words;
  if (num <= 19) {
    words = std::string(prev ? " and " : "") +
            (ord ? kOrdinals[static_cast<int>(num)] : kFew[static_cast<int>(num)]);
  } else if (num < 100) {
    int tens = static_cast<int>(std::floor(num / 10));
    double remainder = std::fmod(num, 10);
    words = std::string(prev ? " and " : "") + kDecades[tens - 2];
    if (remainder > 0) {
      words += "-" + lookup_words(remainder, false, ord);
    } else if (ord) {
      words = words.substr(0, words.size() - 1) + "ieth";
    }
  } else if (num < 1000) {
    int hundreds = static_cast<int>(std::floor(num / 100));
    double remainder = std::fmod(num, 100);
    words = std::string(prev ? ", " : "") + kFew[hundreds] + " Hundred";
    if (remainder > 0) {
      words += lookup_words(remainder, true, ord);
    } else if (ord) {
      words += "th";
    }
  } else {
    int mag = static_cast<int>(std::floor(std::log10(num) / 3));
    if (mag > 4) mag = 4;
    double factor = std::pow(10, mag * 3);
    double mant = std::floor(num / factor);
    double remainder = num - mant * factor;
    words = std::string(prev ? ", " : "") + lookup_words(mant, false, false) + " " +
            kMagnitudes[mag - 1];
    if (remainder > 0) {
      words += lookup_words(remainder, true, ord);
    } else if (ord) {
      words += "th";
    }
  }
  return words;
}

const std::map<std::string, double>& word_values() {
  static const std::map<std::string, double> kValues = [] {
    std::map<std::string, double> m;
    for (int i = 0; i < 20; ++i) m[to_lower(kFew[i])] = i;
    for (int i = 0; i < 20; ++i) m[to_lower(kOrdinals[i])] = i;
    for (int i = 0; i < 9; ++i) {
      std::string w = to_lower(kDecades[i]);
      m[w] = (i + 2) * 10;
      m[w.substr(0, w.size() - 1) + "ieth"] = (i + 2) * 10;
    }
    m["hundredth"] = 100;
    for (int i = 0; i < 4; ++i) {
      std::string w = to_lower(kMagnitudes[i]);
      double v = std::pow(10, (i + 1) * 3);
      m[w] = v;
      m[w + "th"] = v;
    }
    return m;
  }();
  return kValues;
}

// The word list in jsonata-js's order (Object.keys(wordValues)): few, ordinals, decades with
// their -ieth forms interleaved, hundredth, magnitudes with their -th forms.
std::vector<std::string> word_keys_in_order() {
  std::vector<std::string> keys;
  auto add = [&](const std::string& k) {
    for (const auto& e : keys)
      if (e == k) return;
    keys.push_back(k);
  };
  for (int i = 0; i < 20; ++i) add(to_lower(kFew[i]));
  for (int i = 0; i < 20; ++i) add(to_lower(kOrdinals[i]));
  for (int i = 0; i < 9; ++i) {
    std::string w = to_lower(kDecades[i]);
    add(w);
    add(w.substr(0, w.size() - 1) + "ieth");
  }
  add("hundredth");
  for (int i = 0; i < 4; ++i) {
    std::string w = to_lower(kMagnitudes[i]);
    add(w);
    add(w + "th");
  }
  return keys;
}

double words_to_number(const std::string& text) {
  // split on /,\s|\sand\s|[\s\\-]/
  std::vector<std::string> parts;
  std::string cur;
  for (std::size_t i = 0; i < text.size();) {
    auto is_ws = [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    if (text[i] == ',' && i + 1 < text.size() && is_ws(text[i + 1])) {
      parts.push_back(cur);
      cur.clear();
      i += 2;
    } else if (is_ws(text[i]) && text.compare(i + 1, 3, "and") == 0 && i + 4 < text.size() &&
               is_ws(text[i + 4])) {
      parts.push_back(cur);
      cur.clear();
      i += 5;
    } else if (is_ws(text[i]) || text[i] == '\\' || text[i] == '-') {
      parts.push_back(cur);
      cur.clear();
      ++i;
    } else {
      cur += text[i++];
    }
  }
  parts.push_back(cur);
  const auto& values = word_values();
  std::vector<double> segs{0};
  for (const auto& part : parts) {
    auto it = values.find(part);
    double value = it == values.end() ? std::nan("") : it->second;
    if (value < 100) {
      double top = segs.back();
      segs.pop_back();
      if (top >= 1000) {
        segs.push_back(top);
        top = 0;
      }
      segs.push_back(top + value);
    } else {
      double top = segs.back();
      segs.pop_back();
      // undefined (NaN) compares false with < 100 in JS, so it lands here and multiplies
      segs.push_back(top * value);
    }
  }
  double result = 0;
  for (double s : segs) result += s;
  return result;
}

std::string decimal_to_roman(double value) {
  static const std::pair<int, const char*> kNumerals[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  while (value >= 1) {
    bool found = false;
    for (const auto& [n, s] : kNumerals) {
      if (value >= n) {
        out += s;
        value -= n;
        found = true;
        break;
      }
    }
    if (!found) break;
    if (out.size() > 100000) break;
  }
  return out;
}

double roman_to_decimal(const std::string& roman) {
  auto val = [](char c) -> double {
    switch (c) {
      case 'M':
        return 1000;
      case 'D':
        return 500;
      case 'C':
        return 100;
      case 'L':
        return 50;
      case 'X':
        return 10;
      case 'V':
        return 5;
      case 'I':
        return 1;
      default:
        return std::nan("");
    }
  };
  double decimal = 0;
  double max = 1;
  for (std::size_t i = roman.size(); i-- > 0;) {
    double v = val(roman[i]);
    if (v < max) {
      decimal -= v;
    } else {
      max = v;
      decimal += v;
    }
  }
  return decimal;
}

std::string decimal_to_letters(double value, char a) {
  std::string letters;
  while (value > 0) {
    letters.insert(letters.begin(), static_cast<char>(std::fmod(value - 1, 26) + a));
    value = std::floor((value - 1) / 26);
  }
  return letters;
}

double letters_to_decimal(const std::string& letters, char a) {
  double decimal = 0;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    decimal += (letters[letters.size() - i - 1] - a + 1) * std::pow(26, static_cast<double>(i));
  }
  return decimal;
}

const char32_t kDecimalGroups[] = {0x30,   0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
                                   0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0,
                                   0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
                                   0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900,
                                   0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10};

int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

// `digits` with `separator` after every `step` digits counted from the right (none in front):
// what inserting them one at a time, a copy of the digits each, gave.
std::u32string group_from_right(const std::u32string& digits, std::size_t step,
                                const std::u32string& separator) {
  const std::size_t groups = digits.empty() ? 0 : (digits.size() - 1) / step;
  std::u32string out;
  out.reserve(digits.size() + groups * separator.size());
  const std::size_t first = digits.size() - groups * step;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i >= first && i > 0 && (digits.size() - i) % step == 0) out += separator;
    out += digits[i];
  }
  return out;
}

}  // namespace

IntegerFormat analyse_integer_picture(const std::u32string& picture) {
  IntegerFormat format;
  std::u32string primary = picture;
  std::size_t semicolon = picture.rfind(U';');
  if (semicolon != std::u32string::npos) {
    primary = picture.substr(0, semicolon);
    std::u32string modifier = picture.substr(semicolon + 1);
    if (!modifier.empty() && modifier[0] == U'o') format.ordinal = true;
  }
  if (primary == U"A" || primary == U"a") {
    format.letter_case = primary == U"A" ? LetterCase::Upper : LetterCase::Lower;
    format.primary = IntPrimary::Letters;
    return format;
  }
  if (primary == U"I" || primary == U"i") {
    format.letter_case = primary == U"I" ? LetterCase::Upper : LetterCase::Lower;
    format.primary = IntPrimary::Roman;
    return format;
  }
  if (primary == U"W" || primary == U"Ww" || primary == U"w") {
    format.letter_case = primary == U"W"    ? LetterCase::Upper
                         : primary == U"Ww" ? LetterCase::Title
                                            : LetterCase::Lower;
    format.primary = IntPrimary::Words;
    return format;
  }
  bool have_zero = false;
  int separator_position = 0;
  std::vector<GroupingSeparator> separators;
  for (std::size_t i = primary.size(); i-- > 0;) {
    char32_t cp = primary[i];
    bool digit = false;
    for (char32_t group : kDecimalGroups) {
      if (cp >= group && cp <= group + 9) {
        digit = true;
        ++format.mandatory_digits;
        ++separator_position;
        if (!have_zero) {
          format.zero_code = group;
          have_zero = true;
        } else if (group != format.zero_code) {
          throw JError("D3131");
        }
        break;
      }
    }
    if (!digit) {
      if (cp == U'#') {
        ++separator_position;
        ++format.optional_digits;
      } else {
        separators.push_back({separator_position, std::u32string(1, cp)});
      }
    }
  }
  if (format.mandatory_digits > 0) {
    format.primary = IntPrimary::Decimal;
    int regular = 0;
    if (!separators.empty()) {
      bool same = true;
      for (const auto& s : separators)
        if (s.character != separators[0].character) same = false;
      if (same) {
        int factor = separators[0].position;
        for (std::size_t k = 1; k < separators.size(); ++k)
          factor = gcd(factor, separators[k].position);
        regular = factor;
        // a set of the positions: searching the list for each multiple was quadratic
        std::unordered_set<int> positions;
        for (const auto& s : separators) positions.insert(s.position);
        for (std::size_t index = 1; index <= separators.size(); ++index) {
          if (positions.count(static_cast<int>(index) * factor) == 0) {
            regular = 0;
            break;
          }
        }
      }
    }
    if (regular > 0) {
      format.regular = true;
      format.regular_separator = {regular, separators[0].character};
    } else {
      format.regular = false;
      format.separators = separators;
    }
  } else {
    format.primary = IntPrimary::Sequence;
    format.token = primary;
  }
  return format;
}

std::string format_integer_value(double value, const IntegerFormat& format, Evaluator& ev) {
  // Letters, numerals and words exist for finite numbers only. NaN (a date out of range) and
  // Infinity (1e308*10) made the words cast them to int and the letters loop without end
  // (jsonata-js recurses without end on them in words); they print as decimal pictures print
  // them, "NaN" and "Infinity".
  bool spelled = format.primary == IntPrimary::Letters || format.primary == IntPrimary::Roman ||
                 format.primary == IntPrimary::Words;
  if (spelled && !std::isfinite(value)) return js_number_to_string(value);
  bool negative = value < 0;
  value = std::fabs(value);
  std::string out;
  switch (format.primary) {
    case IntPrimary::Letters:
      out = decimal_to_letters(value, format.letter_case == LetterCase::Upper ? 'A' : 'a');
      break;
    case IntPrimary::Roman:
      out = decimal_to_roman(value);
      if (format.letter_case == LetterCase::Upper) out = to_upper(out);
      break;
    case IntPrimary::Words:
      out = lookup_words(value, false, format.ordinal);
      if (format.letter_case == LetterCase::Upper) {
        out = to_upper(out);
      } else if (format.letter_case == LetterCase::Lower) {
        out = to_lower(out);
      }
      break;
    case IntPrimary::Decimal: {
      std::u32string digits = to_u32(js_number_to_string(value));
      int pad = format.mandatory_digits - static_cast<int>(digits.size());
      if (pad > 0) {
        ev.charge(static_cast<std::size_t>(format.mandatory_digits));
        ev.account(static_cast<std::size_t>(format.mandatory_digits));
        digits.insert(0, static_cast<std::size_t>(pad), U'0');
      }
      if (format.zero_code != U'0') {
        for (char32_t& c : digits) c = c + format.zero_code - U'0';
      }
      if (format.regular) {
        digits =
            group_from_right(digits, static_cast<std::size_t>(format.regular_separator.position),
                             format.regular_separator.character);
      } else {
        // irregular separators are few in any real picture; each insertion is counted as work
        for (auto it = format.separators.rbegin(); it != format.separators.rend(); ++it) {
          ev.account(digits.size());
          const long len = static_cast<long>(digits.size());
          const long pos = len - it->position;
          if (pos >= 0) {
            digits.insert(static_cast<std::size_t>(pos), it->character);
          } else {
            // JavaScript's substr(0, pos) is "" and substr(pos) the last -pos units: a
            // separator beyond the digits replaces the ones before the last -pos.
            digits =
                it->character + digits.substr(static_cast<std::size_t>(std::max(len + pos, 0L)));
          }
        }
      }
      out = from_u32(digits);
      if (format.ordinal) {
        char last = out.empty() ? '\0' : out.back();
        std::string suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "";
        if (suffix.empty() || (out.size() > 1 && out[out.size() - 2] == '1')) suffix = "th";
        out += suffix;
      }
      break;
    }
    case IntPrimary::Sequence:
      throw JError("D3130").with("value", Value::string(from_u32(format.token)));
  }
  if (negative) out = "-" + out;
  return out;
}

IntegerMatcher integer_matcher(const IntegerFormat& format) {
  IntegerMatcher m;
  m.format = format;
  bool upper = format.letter_case == LetterCase::Upper;
  std::string occurrences = "+";
  if (format.has_n && format.n > 0) {
    if (format.optional_digits == 0) {
      occurrences = "{" + std::to_string(format.n) + "}";
    } else {
      occurrences = "{" + std::to_string(format.n - format.optional_digits) + "," +
                    std::to_string(format.n) + "}";
    }
  }
  switch (format.primary) {
    case IntPrimary::Letters:
      m.regex = upper ? "[A-Z]+" : "[a-z]+";
      break;
    case IntPrimary::Roman:
      m.regex = upper ? "[MDCLXVI]+" : "[mdclxvi]+";
      break;
    case IntPrimary::Words: {
      std::string alt;
      for (const auto& k : word_keys_in_order()) alt += k + "|";
      m.regex = "(?:" + alt + "and|[\\-, ])+";
      break;
    }
    case IntPrimary::Decimal:
      m.regex = "[0-9]" + occurrences;
      if (format.ordinal) m.regex += "(?:th|st|nd|rd)";
      break;
    case IntPrimary::Sequence:
      throw JError("D3130").with("value", Value::string(from_u32(format.token)));
  }
  return m;
}

double parse_integer_text(const std::string& value, const IntegerFormat& format) {
  bool upper = format.letter_case == LetterCase::Upper;
  switch (format.primary) {
    case IntPrimary::Letters:
      return letters_to_decimal(value, upper ? 'A' : 'a');
    case IntPrimary::Roman:
      return roman_to_decimal(upper ? value : to_upper(value));
    case IntPrimary::Words:
      return words_to_number(to_lower(value));
    case IntPrimary::Decimal: {
      std::u32string digits = to_u32(value);
      if (format.ordinal && digits.size() >= 2) digits.resize(digits.size() - 2);
      auto remove_all = [&](const std::u32string& sep) {
        if (sep.empty()) return;
        std::u32string out;
        for (std::size_t i = 0; i < digits.size();) {
          if (digits.compare(i, sep.size(), sep) == 0) {
            i += sep.size();
          } else {
            out += digits[i++];
          }
        }
        digits = out;
      };
      if (format.regular) {
        remove_all(U",");
      } else {
        for (const auto& s : format.separators) remove_all(s.character);
      }
      if (format.zero_code != U'0') {
        for (char32_t& c : digits) c = c - format.zero_code + U'0';
      }
      // parseInt: leading digits, NaN if none
      std::string ascii;
      std::size_t i = 0;
      if (i < digits.size() && (digits[i] == U'-' || digits[i] == U'+'))
        ascii += static_cast<char>(digits[i++]);
      while (i < digits.size() && digits[i] >= U'0' && digits[i] <= U'9')
        ascii += static_cast<char>(digits[i++]);
      if (ascii.empty() || ascii == "-" || ascii == "+") return std::nan("");
      return std::strtod(ascii.c_str(), nullptr);
    }
    case IntPrimary::Sequence:
      break;
  }
  throw JError("D3130").with("value", Value::string(from_u32(format.token)));
}

Value formatInteger(Call& c) {
  const Value& v = c.arg(0);
  if (v.is_undefined()) return Value();
  std::string picture = c.arg(1).is_string() ? c.arg(1).as_string() : std::string();
  IntegerFormat format = analyse_integer_picture(to_u32(picture));
  return Value::string(format_integer_value(std::floor(v.as_number()), format, c.ev));
}

Value parseInteger(Call& c) {
  const Value& v = c.arg(0);
  if (v.is_undefined()) return Value();
  std::string picture = c.arg(1).is_string() ? c.arg(1).as_string() : std::string();
  IntegerFormat format = analyse_integer_picture(to_u32(picture));
  integer_matcher(format);  // raises D3130 for unsupported pictures
  return Value::number(parse_integer_text(v.as_string(), format));
}

}  // namespace sfn::jsonata::fn
