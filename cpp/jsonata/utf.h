// UTF-8 text as jsonata-js sees it: JS strings are UTF-16, and jsonata counts characters either
// by code point (stringToArray: $length, $substring, $pad) or by UTF-16 unit (regex offsets).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/utf.h"

namespace sfn::jsonata {

// Decoding, encoding, UTF-16 lengths and JS's `a < b` on strings (UTF-16 code unit order) are the
// common ones (common/utf.h: a lone surrogate, which JS strings can hold, is one unit).
using utf::append_utf8;
using utf::code_point_count;
using utf::compare_utf16;
using utf::next_code_point;
using utf::utf16_length;

std::u32string to_u32(std::string_view s);
std::string from_u32(std::u32string_view s);

// Byte offset of UTF-16 unit offset `units` (clamped; a split surrogate pair rounds up).
std::size_t byte_offset_of_utf16(std::string_view s, std::size_t units);
std::size_t utf16_offset_of_byte(std::string_view s, std::size_t bytes);

// JS's String.prototype.toUpperCase / toLowerCase for the characters they map one-to-one plus
// the common special cases (ß → SS).
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

// One-to-one case mappings used by both of the above (and by the regex engine's /i).
char32_t simple_upper(char32_t c);
char32_t simple_lower(char32_t c);

}  // namespace sfn::jsonata
