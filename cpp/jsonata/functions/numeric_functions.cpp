// $number $floor $ceil $round $abs $sqrt $power $random $formatBase
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "jsonata/functions/builtins.h"
#include "jsonata/number_text.h"

namespace sfn::jsonata::fn {

namespace {

bool matches_decimal(const std::string& s) {
  // ^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$
  std::size_t i = 0;
  auto digits = [&]() {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// ^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$ — note the alternation binds loosely, so
// The digits of a whole "0x1F"/"0o17"/"0b101" text, as Number() reads it; false otherwise.
bool prefixed_integer(std::string_view s, double& out) {
  if (s.size() < 3 || s[0] != '0') return false;
  char p = s[1];
  int base = (p == 'x' || p == 'X')   ? 16
             : (p == 'o' || p == 'O') ? 8
             : (p == 'b' || p == 'B') ? 2
                                      : 0;
  if (base == 0) return false;
  double v = 0;
  for (std::size_t i = 2; i < s.size(); ++i) {
    char ch = s[i];
    int d = (ch >= '0' && ch <= '9')   ? ch - '0'
            : (ch >= 'a' && ch <= 'z') ? ch - 'a' + 10
            : (ch >= 'A' && ch <= 'Z') ? ch - 'A' + 10
                                       : 99;
    if (d >= base) return false;
    v = v * base + d;
  }
  out = v;
  return true;
}

// A run of `digit_of` digits (at least one) starting at s[i]; returns its end or npos.
template <class Pred>
std::size_t digits_end(std::string_view s, std::size_t i, Pred is_digit) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  return j > i ? j : std::string_view::npos;
}

// jsonata-js's test /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/, whose alternation
// binds looser than the anchors: a string *starting* with a hex literal, *containing* an octal
// one anywhere, or *ending* with a binary one.
bool js_prefixed_test(std::string_view s) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  auto oct = [](char c) { return c >= '0' && c <= '7'; };
  auto bin = [](char c) { return c == '0' || c == '1'; };
  if (s.size() >= 3 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
      digits_end(s, 2, hex) != std::string_view::npos) {
    return true;
  }
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] == '0' && (s[i + 1] == 'o' || s[i + 1] == 'O') &&
        digits_end(s, i + 2, oct) != std::string_view::npos) {
      return true;
    }
    if (s[i] == '0' && (s[i + 1] == 'b' || s[i + 1] == 'B') &&
        digits_end(s, i + 2, bin) == s.size()) {
      return true;
    }
  }
  return false;
}

// JavaScript's StringToNumber trims white space (ASCII, NBSP, BOM, line separators, Zs).
std::string_view js_trim(std::string_view s) {
  auto space_at_start = [](std::string_view t) -> std::size_t {
    static constexpr std::string_view kMulti[] = {"\xC2\xA0",     "\xEF\xBB\xBF", "\xE1\x9A\x80",
                                                  "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
                                                  "\xE2\x81\x9F", "\xE3\x80\x80"};
    if (t.empty()) return 0;
    if (t[0] == ' ' || (t[0] >= '\t' && t[0] <= '\r')) return 1;
    for (std::string_view m : kMulti) {
      if (t.substr(0, m.size()) == m) return m.size();
    }
    // U+2000..U+200A
    if (t.size() >= 3 && t.substr(0, 2) == "\xE2\x80" && static_cast<unsigned char>(t[2]) >= 0x80 &&
        static_cast<unsigned char>(t[2]) <= 0x8A) {
      return 3;
    }
    return 0;
  };
  while (std::size_t n = space_at_start(s)) s.remove_prefix(n);
  for (bool trimmed = true; trimmed && !s.empty();) {
    trimmed = false;
    for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n) {
      if (space_at_start(s.substr(s.size() - n)) == n) {
        s.remove_suffix(n);
        trimmed = true;
        break;
      }
    }
  }
  return s;
}

}  // namespace

Value number(Call& c) {
  const Value& arg = c.arg(0);
  if (arg.is_undefined()) return Value();
  if (arg.is_number()) return arg;
  if (arg.is_string()) {
    const std::string& s = arg.as_string();
    if (matches_decimal(s)) {
      double d = std::strtod(s.c_str(), nullptr);
      if (std::isfinite(d)) return Value::number(d);
    }
    // Number() of what that test lets through: a whole prefixed literal (after trimming), else
    // NaN, which the caller then meets as a non-number.
    if (js_prefixed_test(s)) {
      double v = 0;
      return Value::number(prefixed_integer(js_trim(s), v) ? v : std::nan(""));
    }
  }
  if (arg.is_bool()) return Value::number(arg.as_bool() ? 1 : 0);
  throw JError("D3030").with("value", arg).with("index", Value::number(1));
}

Value floor(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  return Value::number(std::floor(a.as_number()));
}

Value ceil(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  return Value::number(std::ceil(a.as_number()));
}

Value abs(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  return Value::number(std::fabs(a.as_number()));
}

// jsonata-js round(): shift by `precision` decimal places through the decimal text (to avoid
// binary noise), round half to even, shift back.
double round_half_even(double arg, int precision) {
  auto shift = [](double v, int places) {
    std::string text = js_number_to_string(v);
    std::size_t e = text.find('e');
    std::string mantissa = e == std::string::npos ? text : text.substr(0, e);
    int exp = e == std::string::npos ? 0 : std::atoi(text.c_str() + e + 1);
    std::string shifted = mantissa + "e" + std::to_string(exp + places);
    // JavaScript's unary + reads the whole text or gives NaN: "Infinitye1" (a shifted
    // Infinity) is NaN, where strtod would stop after "Infinity".
    char* end = nullptr;
    const double d = std::strtod(shifted.c_str(), &end);
    return end == shifted.c_str() + shifted.size() ? d : std::nan("");
  };
  if (precision) arg = shift(arg, precision);
  double result = std::floor(arg);  // Math.round, without the x + 0.5 rounding trap
  if (arg - result >= 0.5) result += 1;
  double diff = result - arg;
  if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (precision) result = shift(result, -precision);
  if (result == 0) result = 0;  // no -0
  return result;
}

Value round(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  int precision = 0;
  if (c.arg(1).is_number()) {
    // Clamped before the cast (undefined for doubles beyond int): no double has more than a few
    // hundred decimal places either way, and the shift adds the exponent to it.
    double p = c.arg(1).as_number();
    precision = std::isnan(p) ? 0 : static_cast<int>(std::clamp(p, -100000.0, 100000.0));
  }
  return Value::number(round_half_even(a.as_number(), precision));
}

Value sqrt(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  if (a.as_number() < 0) throw JError("D3060").with("index", Value::number(1)).with("value", a);
  return Value::number(std::sqrt(a.as_number()));
}

Value power(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  double exp = c.arg(1).is_number() ? c.arg(1).as_number() : 0.0 / 0.0;
  double r = std::pow(a.as_number(), exp);
  if (!std::isfinite(r)) {
    throw JError("D3061").with("index", Value::number(1)).with("value", a).with("exp", c.arg(1));
  }
  return Value::number(r);
}

Value random(Call& c) { return Value::number(c.ev.rng().next_double()); }

Value formatBase(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  double value = round_half_even(a.as_number(), 0);
  double radix = 10;
  if (!c.arg(1).is_undefined()) radix = round_half_even(c.arg(1).as_number(), 0);
  if (!(radix >= 2 && radix <= 36)) throw JError("D3100").with("value", Value::number(radix));
  return Value::string(js_to_radix(value, static_cast<int>(radix)));
}

}  // namespace sfn::jsonata::fn
