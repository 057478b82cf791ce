#include "intrinsics/java_semantics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace sfn::intrinsics::java {

namespace {

// Calls `emit(unit)` for each UTF-16 code unit of a UTF-8 string. Malformed bytes count as U+FFFD,
// as Java's decoder would make them.
template <class Emit>
void for_each_utf16_unit(std::string_view s, Emit emit) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0xFFFD;
    std::size_t len = 1;
    auto cont = [&](std::size_t k) {
      return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    };
    if (b0 < 0x80) {
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0 && b0 >= 0xC2 && cont(1)) {
      cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((b0 & 0xF0) == 0xE0 && cont(1) && cont(2)) {
      cp = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      len = 3;
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
        len = 1;
      }
    } else if ((b0 & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
      cp = ((b0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      len = 4;
      if (cp < 0x10000 || cp > 0x10FFFF) {
        cp = 0xFFFD;
        len = 1;
      }
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      emit(static_cast<std::uint16_t>(0xD800 + (cp >> 10)));
      emit(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      emit(static_cast<std::uint16_t>(cp));
    }
    i += len;
  }
}

}  // namespace

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

void append_to_string(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::string:
      out += value.get_ref<const std::string&>();
      return;
    case Json::value_t::number_integer:
      out += std::to_string(value.get<std::int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(value.get<std::uint64_t>());
      return;
    case Json::value_t::number_float:
      out += double_to_string(value.get<double>());
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += ", ";
        first = false;
        out += key;
        out.push_back('=');
        append_to_string(item, out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ", ";
        first = false;
        append_to_string(item, out);
      }
      out.push_back(']');
      return;
    }
    default:
      out += "null";
      return;
  }
}

namespace {

void append_jackson_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('"');
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && c != '"' && c != '\\') {
      out.push_back(c);
      continue;
    }
    out.push_back('\\');
    switch (c) {
      case '"':
      case '\\':
        out.push_back(c);
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\t':
        out.push_back('t');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\f':
        out.push_back('f');
        break;
      case '\r':
        out.push_back('r');
        break;
      default:
        out += "u00";
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0xF]);
    }
  }
  out.push_back('"');
}

void append_jackson_text(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::string:
      append_jackson_string(value.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      // Jackson writes NaN and the infinities as strings (WRITE_NAN_AS_STRINGS is on by default).
      if (!std::isfinite(d)) {
        out.push_back('"');
        out += double_to_string(d);
        out.push_back('"');
      } else {
        out += double_to_string(d);
      }
      return;
    }
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        append_jackson_string(key, out);
        out.push_back(':');
        append_jackson_text(item, out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : value) {
        if (!first) out.push_back(',');
        first = false;
        append_jackson_text(item, out);
      }
      out.push_back(']');
      return;
    }
    default:
      append_to_string(value, out);  // integers, booleans and null print alike
      return;
  }
}

}  // namespace

std::string jackson_text(const Json& value) {
  std::string out;
  append_jackson_text(value, out);
  return out;
}

std::int64_t math_round(double value) {
  if (std::isnan(value)) return 0;
  // 2^63 as a double; anything at or beyond it saturates like Java does.
  constexpr double kTwo63 = 9223372036854775808.0;
  if (value >= kTwo63) return std::numeric_limits<std::int64_t>::max();
  if (value < -kTwo63) return std::numeric_limits<std::int64_t>::min();
  const double floor = std::floor(value);
  // value - floor is exact for doubles, so this is floor(value + 0.5) without its rounding error.
  const double rounded = (value - floor) >= 0.5 ? floor + 1 : floor;
  if (rounded >= kTwo63) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(rounded);
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for_each_utf16_unit(utf8, [&](std::uint16_t) { ++n; });
  return n;
}

std::int32_t string_hash(std::string_view utf8) {
  std::uint32_t h = 0;
  for_each_utf16_unit(utf8, [&](std::uint16_t unit) { h = 31 * h + unit; });
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
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::size_t bucket = spread[i] & (capacity - 1);
    const std::size_t before = bucket_sizes[bucket]++;
    bool resized = false;
    if (before >= 8 && capacity < 64) {
      capacity *= 2;
      resized = true;
    }
    if (i + 1 > capacity * 3 / 4) {
      capacity *= 2;
      resized = true;
    }
    if (resized) {
      bucket_sizes.assign(capacity, 0);
      for (std::size_t j = 0; j <= i; ++j) ++bucket_sizes[spread[j] & (capacity - 1)];
    }
  }
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return (spread[a] & (capacity - 1)) < (spread[b] & (capacity - 1));
  });
  return order;
}

}  // namespace sfn::intrinsics::java
