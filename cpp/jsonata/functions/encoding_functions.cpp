// $base64encode $base64decode $encodeUrlComponent $encodeUrl $decodeUrlComponent $decodeUrl,
// with Node's semantics: base64 works on "binary" (latin1) strings, URL functions are
// encodeURI/encodeURIComponent and their decode counterparts.
#include <vector>

#include "jsonata/functions/builtins.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

namespace {

const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string latin1_bytes(const std::string& s) {
  std::string bytes;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp >= 0x10000) {
      char32_t v = cp - 0x10000;
      bytes.push_back(static_cast<char>((0xD800 + (v >> 10)) & 0xFF));
      bytes.push_back(static_cast<char>((0xDC00 + (v & 0x3FF)) & 0xFF));
    } else {
      bytes.push_back(static_cast<char>(cp & 0xFF));
    }
  }
  return bytes;
}

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

bool unescaped(unsigned char c, bool component) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  static const std::string_view kMarks = "-_.!~*'()";
  static const std::string_view kReserved = ";,/?:@&=+$#";
  if (kMarks.find(static_cast<char>(c)) != std::string_view::npos) return true;
  return !component && kReserved.find(static_cast<char>(c)) != std::string_view::npos;
}

Value encode(Call& c, bool component, const char* name) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  const std::string& s = str.as_string();
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(s, i);
    // JS strings can hold unpaired surrogates (from a \ud800 escape); encodeURI refuses them
    if ((cp == 0xFFFD && !(i - start == 3)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw JError("D3140").with("value", str).with("functionName", Value::string(name));
    }
    if (cp < 0x80 && unescaped(static_cast<unsigned char>(cp), component)) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    for (std::size_t k = start; k < i; ++k) {
      auto b = static_cast<unsigned char>(s[k]);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return Value::string(std::move(out));
}

int hex(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

Value decode(Call& c, bool component, const char* name) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  const std::string& s = str.as_string();
  auto bad = [&]() -> JError {
    return JError("D3140").with("value", str).with("functionName", Value::string(name));
  };
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '%') {
      out += s[i++];
      continue;
    }
    auto byte_at = [&](std::size_t p) {
      if (p + 3 > s.size() || s[p] != '%') throw bad();
      int h = hex(s[p + 1]);
      int l = hex(s[p + 2]);
      if (h < 0 || l < 0) throw bad();
      return static_cast<unsigned char>(h * 16 + l);
    };
    unsigned char b0 = byte_at(i);
    if (b0 < 0x80) {
      if (!component &&
          std::string_view(";/?:@&=+$,#").find(static_cast<char>(b0)) != std::string_view::npos) {
        out.append(s, i, 3);
      } else {
        out.push_back(static_cast<char>(b0));
      }
      i += 3;
      continue;
    }
    int n = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0) throw bad();
    std::string bytes(1, static_cast<char>(b0));
    for (int k = 1; k < n; ++k) {
      unsigned char b = byte_at(i + 3 * static_cast<std::size_t>(k));
      if ((b & 0xC0) != 0x80) throw bad();
      bytes.push_back(static_cast<char>(b));
    }
    std::size_t j = 0;
    char32_t cp = next_code_point(bytes, j);
    if (cp == 0xFFFD || j != bytes.size() || (cp >= 0xD800 && cp <= 0xDFFF)) throw bad();
    // overlong forms decode to U+FFFD in next_code_point only partially; check minimal length
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      throw bad();
    }
    out += bytes;
    i += 3 * static_cast<std::size_t>(n);
  }
  return Value::string(std::move(out));
}

}  // namespace

Value base64encode(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  std::string bytes = latin1_bytes(str.as_string());
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kB64[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kB64[v & 63] : '=';
  }
  return Value::string(std::move(out));
}

Value base64decode(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  // Node reads a string holding characters beyond Latin-1 by the low byte of each UTF-16
  // unit, then decodes those bytes: bytes outside the alphabet are skipped and '=' ends the
  // input. So U+2030 counts as '0', and the high surrogate of U+1F600 (0xD83D) as '='.
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  const std::string& text = str.as_string();
  std::vector<unsigned> bytes;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = next_code_point(text, i);
    if (cp >= 0x10000) {
      bytes.push_back((0xD800 + ((cp - 0x10000) >> 10)) & 0xFF);
      bytes.push_back((0xDC00 + ((cp - 0x10000) & 0x3FF)) & 0xFF);
    } else {
      bytes.push_back(cp & 0xFF);
    }
  }
  for (const unsigned b : bytes) {
    if (b == '=') break;
    int v = b < 0x80 ? b64_value(static_cast<char>(b)) : -1;
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      append_utf8(out, (acc >> bits) & 0xFF);
    }
  }
  return Value::string(std::move(out));
}

Value encodeUrlComponent(Call& c) { return encode(c, true, "encodeUrlComponent"); }
Value encodeUrl(Call& c) { return encode(c, false, "encodeUrl"); }
Value decodeUrlComponent(Call& c) { return decode(c, true, "decodeUrlComponent"); }
Value decodeUrl(Call& c) { return decode(c, false, "decodeUrl"); }

}  // namespace sfn::jsonata::fn
