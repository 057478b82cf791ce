#include "path/java_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace sfn::path::detail {

namespace {

// Decodes one code point at `i`, advancing it; malformed input yields U+FFFD for one byte.
char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> int {
    if (i + k >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const int c = cont(static_cast<std::size_t>(k));
    if (c < 0) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | static_cast<char32_t>(c);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The first UTF-16 unit of a code point: what String.compareTo sees first.
char32_t utf16_key(char32_t cp) { return cp < 0x10000 ? cp : 0xD800 + ((cp - 0x10000) >> 10); }

void append_java_string(std::string& out, const Json& value, int depth);

}  // namespace

std::u16string to_utf16(std::string_view text) {
  std::u16string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = decode_utf8(text, i);
    if (cp < 0x10000) {
      out += static_cast<char16_t>(cp);
    } else {
      out += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
      out += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
  }
  return out;
}

std::string to_utf8(std::u16string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t cp = text[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 &&
        text[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (text[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;  // a lone surrogate has no UTF-8 form
    }
    append_utf8(out, cp);
  }
  return out;
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) n += decode_utf8(utf8, i) >= 0x10000 ? 2 : 1;
  return n;
}

int utf16_compare(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const char32_t ca = decode_utf8(a, i);
    const char32_t cb = decode_utf8(b, j);
    if (ca == cb) continue;
    const char32_t ka = utf16_key(ca);
    const char32_t kb = utf16_key(cb);
    if (ka != kb) return ka < kb ? -1 : 1;
    return ca < cb ? -1 : 1;  // same lead surrogate: the trail unit orders like the code point
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

std::string java_class_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "java.lang.Boolean";
    case Json::value_t::string:
      return "java.lang.String";
    case Json::value_t::number_integer: {
      const auto v = value.get<std::int64_t>();
      const bool fits_int = v >= std::numeric_limits<std::int32_t>::min() &&
                            v <= std::numeric_limits<std::int32_t>::max();
      return fits_int ? "java.lang.Integer" : "java.lang.Long";
    }
    case Json::value_t::number_unsigned: {
      const auto v = value.get<std::uint64_t>();
      if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
        return "java.lang.Integer";
      }
      if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return "java.lang.Long";
      }
      return "java.math.BigInteger";
    }
    case Json::value_t::number_float:
      return "java.lang.Double";
    case Json::value_t::array:
      return "java.util.ArrayList";
    case Json::value_t::object:
      return "java.util.LinkedHashMap";
    default:
      return "java.lang.Object";
  }
}

std::string java_double_to_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  std::string out = d < 0 ? "-" : "";
  const double a = std::fabs(d);
  char buf[64];
  // The shortest digits that read back as `a`, in d.ddde±x form.
  const auto res = std::to_chars(buf, buf + sizeof buf, a, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  const auto e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  if (a >= 1e-3 && a < 1e7) {
    if (exp >= 0) {
      const auto int_len = static_cast<std::size_t>(exp) + 1;
      while (digits.size() < int_len) digits += '0';
      out += digits.substr(0, int_len);
      out += '.';
      out += digits.size() > int_len ? digits.substr(int_len) : "0";
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    }
  } else {
    out += digits[0];
    out += '.';
    out += digits.size() > 1 ? digits.substr(1) : "0";
    out += 'E';
    out += std::to_string(exp);
  }
  return out;
}

namespace {

// Documents nest without limit; messages stop at a depth no real document reaches instead of
// recursing into a stack overflow.
constexpr int kMaxRenderDepth = 256;

void append_java_string(std::string& out, const Json& value, int depth) {
  if (depth > kMaxRenderDepth) {
    out += "...";
    return;
  }
  switch (value.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
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
      out += java_double_to_string(value.get<double>());
      return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value) {
        if (!first) out += ", ";
        first = false;
        append_java_string(out, item, depth + 1);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += ", ";
        first = false;
        out += key;
        out += '=';
        append_java_string(out, item, depth + 1);
      }
      out += '}';
      return;
    }
    default:
      out += "?";
  }
}

}  // namespace

std::string java_to_string(const Json& value) {
  std::string out;
  append_java_string(out, value, 0);
  return out;
}

std::string java_index_message(long index) {
  return "java.lang.StringIndexOutOfBoundsException: String index out of range: " +
         std::to_string(index);
}

}  // namespace sfn::path::detail
