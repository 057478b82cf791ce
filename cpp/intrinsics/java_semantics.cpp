#include "intrinsics/java_semantics.h"

#include <cmath>
#include <limits>

#include "common/java.h"
#include "json/java_text.h"

namespace sfn::intrinsics::java {

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
        out += sfn::java::double_to_string(d);
        out.push_back('"');
      } else {
        out += sfn::java::double_to_string(d);
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
      append_java_to_string(value, out);  // integers, booleans and null print alike
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

}  // namespace sfn::intrinsics::java
