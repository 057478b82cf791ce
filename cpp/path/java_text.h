// How the Java side of Jayway names values. Jayway's messages embed the class Jackson gives a
// value and Java's toString() of it (json/java_text.h); its parser counts positions in UTF-16
// code units (common/utf.h).
#pragma once

#include <string>
#include <string_view>

#include "json/json.h"

namespace sfn::path::detail {

// The class Jackson gives a parsed value: "java.lang.String", "java.util.LinkedHashMap", ...;
// "null" for JSON null (Jayway prints it that way).
std::string java_class_name(const Json& value);

// The message of the StringIndexOutOfBoundsException that String.charAt throws (JDK 17).
std::string java_index_message(long index);

}  // namespace sfn::path::detail
