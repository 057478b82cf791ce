// UTF-8 text as the engine carries it, read the way Java and JavaScript see strings: as UTF-16
// code units. The one home of the UTF-8/UTF-16 helpers every layer uses (JSONPath, intrinsics,
// JSONata, the validator, the service).
//
// Strings are WTF-8: valid UTF-8, except that a lone surrogate may stand encoded on its own
// (ED A0 80 for U+D800). The bindings encode Python text with "surrogatepass" and the JSONata
// lexer writes a lone "\ud800" escape that way, because Java's and JavaScript's strings hold such
// a unit; decoding gives it back as that one unit. Bytes that are no UTF-8 at all (a stray
// continuation byte, an overlong form, a cut-off sequence, a value past U+10FFFF) decode as
// U+FFFD, one byte each.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sfn::utf {

// Decodes one code point (or lone surrogate) at `i`, advancing `i` past it. Requires i < s.size().
char32_t next_code_point(std::string_view s, std::size_t& i);

// Appends the UTF-8 form of `cp` (a lone surrogate gets its three-byte WTF-8 form).
void append_utf8(std::string& out, char32_t cp);

// UTF-8 <-> UTF-16. to_utf8 joins surrogate pairs and writes a lone surrogate as U+FFFD: its
// result is valid UTF-8, fit for JSON text (as Java's encoder makes it).
std::u16string to_utf16(std::string_view text);
std::string to_utf8(std::u16string_view text);

// Code points (a lone surrogate counts as one): what jsonata's $length and AWS's character limits
// on names and labels count.
std::size_t code_point_count(std::string_view text);

// Java's String.length() and JavaScript's .length: UTF-16 code units.
std::size_t utf16_length(std::string_view text);

// Java's String.compareTo() and JavaScript's `<` on strings: lexicographic on UTF-16 code units
// (so U+1F600, a surrogate pair, sorts below U+E000). Negative, zero or positive.
int compare_utf16(std::string_view a, std::string_view b);

}  // namespace sfn::utf
