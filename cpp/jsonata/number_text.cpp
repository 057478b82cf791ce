#include "jsonata/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace sfn::jsonata {

std::string js_number_to_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return "0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // sci: [-]d[.ddd]e[+-]XX
  bool neg = sci[0] == '-';
  std::size_t start = neg ? 1 : 0;
  std::size_t epos = sci.find('e');
  std::string digits;
  for (std::size_t i = start; i < epos; ++i)
    if (sci[i] != '.') digits.push_back(sci[i]);
  int exp10 = std::atoi(sci.c_str() + epos + 1);
  int k = static_cast<int>(digits.size());
  int n = exp10 + 1;  // position of the decimal point relative to the digits
  std::string out = neg ? "-" : "";
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1) >= 0 ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

double js_round15(double d) {
  if (!std::isfinite(d) || d == 0) return d;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.14e", d);
  return std::strtod(buf, nullptr);
}

std::string js_to_fixed(double d, int dp) {
  if (!std::isfinite(d)) return js_number_to_string(d);
  if (d >= 1e21) return js_number_to_string(d);
  // glibc prints the exact binary value; take enough digits to see whether the discarded part
  // is at least one half (JS picks the larger candidate on a tie).
  std::vector<char> buf(static_cast<std::size_t>(dp) + 1200);
  std::snprintf(buf.data(), buf.size(), "%.*f", dp + 1100, d);
  std::string exact(buf.data());
  std::size_t dot = exact.find('.');
  std::string kept = exact.substr(0, dot + 1 + static_cast<std::size_t>(dp));
  if (dp == 0) kept = exact.substr(0, dot);
  char first_dropped = exact[dot + 1 + static_cast<std::size_t>(dp)];
  if (first_dropped >= '5') {
    // increment kept (digits and maybe '.')
    int i = static_cast<int>(kept.size()) - 1;
    for (; i >= 0; --i) {
      if (kept[static_cast<std::size_t>(i)] == '.') continue;
      if (kept[static_cast<std::size_t>(i)] == '9') {
        kept[static_cast<std::size_t>(i)] = '0';
      } else {
        ++kept[static_cast<std::size_t>(i)];
        break;
      }
    }
    if (i < 0) kept.insert(kept.begin(), '1');
  }
  return kept;
}

std::string js_to_radix(double d, int radix) {
  if (radix == 10) return js_number_to_string(d);
  if (!std::isfinite(d)) return js_number_to_string(d);
  bool neg = d < 0;
  double v = std::fabs(std::trunc(d));
  std::string out;
  static const char* kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  if (v == 0) out = "0";
  // V8 (DoubleToRadixCString) emits zeros for the digits a double cannot represent
  while (v / radix >= 9007199254740992.0) {
    v /= radix;
    out.insert(out.begin(), '0');
  }
  v = std::trunc(v);
  while (v > 0) {
    double r = std::fmod(v, radix);
    out.insert(out.begin(), kDigits[static_cast<int>(r)]);
    v = (v - r) / radix;
  }
  if (neg) out.insert(out.begin(), '-');
  return out;
}

bool parse_js_decimal(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

}  // namespace sfn::jsonata
