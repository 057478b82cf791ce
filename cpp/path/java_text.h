// How the Java side of Jayway renders values and counts characters. Jayway's messages embed Java's
// toString() of the JSON values (as the Jackson provider parses them: LinkedHashMap, ArrayList,
// Integer, Long, Double, ...), and its parser counts positions in UTF-16 code units.
#pragma once

#include <string>
#include <string_view>

#include "json/json.h"

namespace sfn::path::detail {

// UTF-8 <-> UTF-16. Invalid UTF-8 becomes U+FFFD, as Java's decoder would make it.
std::u16string to_utf16(std::string_view text);
std::string to_utf8(std::u16string_view text);

// Java String.length(): UTF-16 code units.
std::size_t utf16_length(std::string_view utf8);

// Java String.compareTo(): lexicographic on UTF-16 code units.
int utf16_compare(std::string_view a, std::string_view b);

// The class Jackson gives a parsed value: "java.lang.String", "java.util.LinkedHashMap", ...;
// "null" for JSON null (Jayway prints it that way).
std::string java_class_name(const Json& value);

// String.valueOf(value) for a Jackson-parsed value: `{a=1, b=[x, y]}`, `1.0E10`, `text`.
std::string java_to_string(const Json& value);

// Double.toString(d): `1.0`, `0.001`, `1.0E7`, `1.0E-4`, `-0.0`.
std::string java_double_to_string(double d);

// The message of the StringIndexOutOfBoundsException that String.charAt throws (JDK 17).
std::string java_index_message(long index);

}  // namespace sfn::path::detail
