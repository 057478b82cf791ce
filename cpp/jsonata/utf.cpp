#include "jsonata/utf.h"

namespace sfn::jsonata {

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

std::string from_u32(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

std::size_t byte_offset_of_utf16(std::string_view s, std::size_t units) {
  std::size_t u = 0;
  std::size_t i = 0;
  while (i < s.size() && u < units) u += next_code_point(s, i) >= 0x10000 ? 2 : 1;
  return i;
}

std::size_t utf16_offset_of_byte(std::string_view s, std::size_t bytes) {
  std::size_t u = 0;
  std::size_t i = 0;
  while (i < s.size() && i < bytes) u += next_code_point(s, i) >= 0x10000 ? 2 : 1;
  return u;
}

namespace {

// Case pairs outside ASCII for the scripts people commonly put in payloads (Latin-1,
// Latin Extended-A, Greek, Cyrillic); the C library's towupper knows only ASCII in the "C"
// locale, and the result must not depend on the process locale.
char32_t upper_of(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  if (c == 0xB5) return 0x39C;
  if (c == 0xFF) return 0x178;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c >= 0x100 && c <= 0x137) return c & ~1u;
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c : c - 1;
  if (c >= 0x14A && c <= 0x177) return c & ~1u;
  if (c == 0x17A || c == 0x17C || c == 0x17E) return c - 1;
  if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x3AC && c <= 0x3AF) {
    static const char32_t map[] = {0x386, 0x388, 0x389, 0x38A};
    return map[c - 0x3AC];
  }
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  if (c >= 0x460 && c <= 0x4FF) return c & ~1u;
  return c;
}

char32_t lower_of(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if (c >= 0x100 && c <= 0x137) return c | 1u;
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
  if (c >= 0x14A && c <= 0x177) return c | 1u;
  if (c == 0x179 || c == 0x17B || c == 0x17D) return c + 1;
  if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x460 && c <= 0x4FF) return c | 1u;
  return c;
}

}  // namespace

char32_t simple_upper(char32_t c) { return upper_of(c); }
char32_t simple_lower(char32_t c) { return lower_of(c); }

std::string to_upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if (c == 0xDF) {
      out += "SS";
      continue;
    }
    append_utf8(out, upper_of(c));
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto cased = [](char32_t c) { return upper_of(c) != c || lower_of(c) != c; };
  char32_t prev = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = next_code_point(s, i);
    if (c == 0x3A3) {
      // Final sigma: after a cased letter and not before one (JS's toLowerCase context rule)
      std::size_t j = i;
      char32_t next = j < s.size() ? next_code_point(s, j) : 0;
      append_utf8(out, (prev && cased(prev) && !(next && cased(next))) ? 0x3C2 : 0x3C3);
    } else {
      append_utf8(out, lower_of(c));
    }
    prev = c;
  }
  return out;
}

}  // namespace sfn::jsonata
