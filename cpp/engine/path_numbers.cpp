#include "engine/path_numbers.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace sfn::engine {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Java's String.trim(): every character up to U+0020 at either end.
std::string_view java_trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::size_t digits(std::string_view s, std::size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

// The decimal forms of Java's FloatValue grammar (Double.valueOf's documentation): digits with an
// optional fraction (either side of the point may be empty, not both), an optional exponent and
// an optional type suffix. Hexadecimal floats are not read.
bool is_java_decimal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t int_end = digits(s, i);
  bool int_digits = int_end > i;
  i = int_end;
  bool frac_digits = false;
  if (i < s.size() && s[i] == '.') {
    std::size_t frac_end = digits(s, i + 1);
    frac_digits = frac_end > i + 1;
    i = frac_end;
  }
  if (!int_digits && !frac_digits) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_end = digits(s, i);
    if (exp_end == i) return false;
    i = exp_end;
  }
  if (i < s.size() && (s[i] == 'f' || s[i] == 'F' || s[i] == 'd' || s[i] == 'D')) ++i;
  return i == s.size();
}

}  // namespace

std::optional<std::int64_t> path_integer(const Json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return {};
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15) return {};
    return static_cast<std::int64_t>(d);
  }
  if (!v.is_string()) return {};
  std::string_view s = v.get_ref<const std::string&>();
  // Long.parseLong takes a leading '+' that from_chars does not.
  bool plus = !s.empty() && s.front() == '+';
  if (plus) s.remove_prefix(1);
  if (s.empty() || (plus && s.front() == '-')) return {};
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return {};
  return out;
}

std::optional<double> path_float(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return {};
  std::string_view s = java_trim(v.get_ref<const std::string&>());
  std::string_view unsigned_part = s;
  bool negative = false;
  if (!unsigned_part.empty() && (unsigned_part.front() == '+' || unsigned_part.front() == '-')) {
    negative = unsigned_part.front() == '-';
    unsigned_part.remove_prefix(1);
  }
  if (unsigned_part == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (unsigned_part == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  if (!is_java_decimal(s)) return {};
  if (char last = s.back(); last == 'f' || last == 'F' || last == 'd' || last == 'D') {
    s.remove_suffix(1);
  }
  if (s.front() == '+') s.remove_prefix(1);  // from_chars takes '-' but not '+'
  double out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc::result_out_of_range) {
    // Java rounds to infinity or to zero; strtod does the same (from_chars only reports it).
    return std::strtod(std::string(s).c_str(), nullptr);
  }
  if (ec != std::errc() || end != s.data() + s.size()) return {};
  return out;
}

std::string referenced_value_text(const Json& v) {
  return v.is_string() ? v.get<std::string>() : to_text(v);
}

}  // namespace sfn::engine
