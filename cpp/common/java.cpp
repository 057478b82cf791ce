#include "common/java.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/utf.h"

namespace sfn::java {

std::string double_to_string(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";

  // The shortest digits that read back as `value`, then Java's layout. Java always prints at
  // least two significant digits (d.d), and when the shortest form has one it prints the two-digit
  // decimal nearest the value: Double.MIN_VALUE is "4.9E-324", not "5.0E-324".
  auto scientific = [&](std::string& digits, int& exponent, int precision) {
    char buf[64];
    auto res =
        precision < 0
            ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific)
            : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, precision);
    std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));  // "-1.2345e+02"
    if (sci.front() == '-') sci.remove_prefix(1);
    const std::size_t e_pos = sci.find('e');
    digits.clear();
    for (char c : sci.substr(0, e_pos)) {
      if (c != '.') digits.push_back(c);
    }
    exponent = 0;
    std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+' ? 1 : 0),
                    sci.data() + sci.size(), exponent);
  };
  std::string out = value < 0 ? "-" : "";
  std::string digits;
  int exponent = 0;
  scientific(digits, exponent, -1);
  if (digits.size() == 1) scientific(digits, exponent, 1);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();

  // Plain notation for 10^-3 <= |value| < 10^7, computerized scientific notation outside.
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const auto int_len = static_cast<std::size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out.append(digits, 0, int_len);
        out.push_back('.');
        out.append(digits, int_len, std::string::npos);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-exponent - 1), '0');
      out += digits;
    }
  } else {
    out.push_back(digits[0]);
    out.push_back('.');
    out += digits.size() > 1 ? digits.substr(1) : std::string("0");
    out.push_back('E');
    out += std::to_string(exponent);
  }
  return out;
}

std::int32_t string_hash(std::string_view text) {
  std::uint32_t h = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = utf::next_code_point(text, i);
    if (cp >= 0x10000) {
      h = 31 * h + (0xD800 + ((cp - 0x10000) >> 10));
      h = 31 * h + (0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<std::int32_t>(h);
}

std::vector<std::size_t> hashmap_order(const std::vector<std::string_view>& keys) {
  std::vector<std::uint32_t> spread(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto h = static_cast<std::uint32_t>(string_hash(keys[i]));
    spread[i] = h ^ (h >> 16);
  }
  // Replay the puts for the table size alone: within a bucket nodes keep insertion order through
  // every resize, so the final order is a stable sort on the final bucket index. A bucket reaching
  // eight nodes doubles a table smaller than 64 instead of becoming a tree (HashMap.treeifyBin);
  // tree buckets in larger tables are not modelled (their order differs only for heavy collisions).
  std::size_t capacity = 16;
  std::vector<std::size_t> bucket_sizes(capacity);
  for (std::size_t e = 0; e < keys.size(); ++e) {
    const std::size_t bucket = spread[e] & (capacity - 1);
    const std::size_t before = bucket_sizes[bucket]++;
    bool resized = false;
    if (before >= 8 && capacity < 64) {
      capacity *= 2;
      resized = true;
    }
    if (e + 1 > capacity * 3 / 4) {
      capacity *= 2;
      resized = true;
    }
    if (resized) {
      bucket_sizes.assign(capacity, 0);
      for (std::size_t j = 0; j <= e; ++j) ++bucket_sizes[spread[j] & (capacity - 1)];
    }
  }
  std::vector<std::size_t> order(keys.size());
  for (std::size_t e = 0; e < order.size(); ++e) order[e] = e;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return (spread[a] & (capacity - 1)) < (spread[b] & (capacity - 1));
  });
  return order;
}

}  // namespace sfn::java
