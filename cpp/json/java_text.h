// String.valueOf(v) of the Java object Jackson makes of a JSON value (LinkedHashMap, ArrayList,
// String, Integer/Long/BigInteger, Double, Boolean, null). AWS's Java shows it in two places:
// States.Format's arguments (`{Arg1=1, Arg2=[]}`) and Jayway's messages ("Current context is:
// {a=1}"). Doubles are Double.toString's (common/java.h).
#pragma once

#include <string>

#include "json/json.h"

namespace sfn {

// Appends the text to `out`: strings unquoted, objects as `{k=v, k2=v2}`, arrays as `[a, b]`.
// Recursive: values hold at most kMaxNestingDepth levels.
void append_java_to_string(const Json& value, std::string& out);

std::string java_to_string(const Json& value);

}  // namespace sfn
