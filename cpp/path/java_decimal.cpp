#include "path/java_decimal.h"

#include <cstdint>
#include <limits>

#include "common/java.h"
#include "path/java_text.h"

namespace sfn::path::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string strip_leading_zeros(std::string digits) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return digits.substr(i);
}

// Compares magnitudes a*10^-sa and b*10^-sb.
int compare_magnitude(const std::string& a, int sa, const std::string& b, int sb) {
  const bool a_zero = a == "0";
  const bool b_zero = b == "0";
  if (a_zero || b_zero) return a_zero && b_zero ? 0 : (a_zero ? -1 : 1);
  // Position of the leading digit: len - 1 - scale.
  const long ea = static_cast<long>(a.size()) - 1 - sa;
  const long eb = static_cast<long>(b.size()) - 1 - sb;
  if (ea != eb) return ea < eb ? -1 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char ca = i < a.size() ? a[i] : '0';
    const char cb = i < b.size() ? b[i] : '0';
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  Decimal d;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    d.negative = text[i] == '-';
    ++i;
  }
  std::string digits;
  int scale = 0;
  bool seen_point = false;
  bool any_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digits += c;
      any_digit = true;
      if (seen_point) ++scale;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i >= text.size()) return std::nullopt;
    long exp = 0;
    for (; i < text.size(); ++i) {
      if (!is_digit(text[i])) return std::nullopt;
      exp = exp * 10 + (text[i] - '0');
      if (exp > std::numeric_limits<int>::max()) return std::nullopt;
    }
    const long s = static_cast<long>(scale) + (exp_negative ? exp : -exp);
    if (s > std::numeric_limits<int>::max() || s < std::numeric_limits<int>::min()) {
      return std::nullopt;
    }
    scale = static_cast<int>(s);
  }
  d.digits = strip_leading_zeros(digits);
  d.scale = scale;
  return d;
}

int Decimal::compare(const Decimal& other) const {
  const bool zero = digits == "0";
  const bool other_zero = other.digits == "0";
  const int sign = zero ? 0 : (negative ? -1 : 1);
  const int other_sign = other_zero ? 0 : (other.negative ? -1 : 1);
  if (sign != other_sign) return sign < other_sign ? -1 : 1;
  if (sign == 0) return 0;
  const int m = compare_magnitude(digits, scale, other.digits, other.scale);
  return sign > 0 ? m : -m;
}

std::string Decimal::to_string() const {
  // Appended piece by piece (GCC 12 misreports `"." + std::string` at -O3 with -Wrestrict).
  std::string out;
  if (negative && digits != "0") out += '-';  // BigDecimal has no negative zero
  const long adjusted = -static_cast<long>(scale) + static_cast<long>(digits.size()) - 1;
  if (scale >= 0 && adjusted >= -6) {
    const auto s = static_cast<std::size_t>(scale);
    if (s == 0) {
      out += digits;
    } else if (digits.size() > s) {
      out.append(digits, 0, digits.size() - s);
      out += '.';
      out.append(digits, digits.size() - s, s);
    } else {
      out += "0.";
      out.append(s - digits.size(), '0');
      out += digits;
    }
    return out;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out.append(digits, 1, digits.size() - 1);
  }
  out += 'E';
  if (adjusted >= 0) out += '+';
  out += std::to_string(adjusted);
  return out;
}

int Decimal::int_value() const {
  // The integer part, then its low 32 bits (BigInteger.intValue()). The scale can be as low as
  // -2^31 (`1e2147483647`): walking every implied trailing zero took a minute. Past 32 of
  // them the low 32 bits are all zero anyway, since 10^32 is a multiple of 2^32.
  std::uint32_t value = 0;
  const long int_len = static_cast<long>(digits.size()) - scale;
  if (int_len > static_cast<long>(digits.size()) + 32) return 0;
  for (long i = 0; i < int_len; ++i) {
    const char c = i < static_cast<long>(digits.size()) ? digits[static_cast<std::size_t>(i)] : '0';
    value = value * 10u + static_cast<std::uint32_t>(c - '0');
  }
  if (negative) value = ~value + 1u;
  return static_cast<std::int32_t>(value);
}

std::string java_number_text(const Json& number) {
  switch (number.type()) {
    case Json::value_t::number_integer:
      return std::to_string(number.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return std::to_string(number.get<std::uint64_t>());
    default:
      return java::double_to_string(number.get<double>());
  }
}

}  // namespace sfn::path::detail
