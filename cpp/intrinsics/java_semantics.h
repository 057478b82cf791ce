// AWS runs Step Functions on the JVM, and several intrinsic results show it: States.Format renders
// values with Java's toString (`{Arg1=1, Arg2=[]}`), States.MathAdd rounds like Math.round, limits
// count UTF-16 code units, and objects built by the engine iterate like java.util.HashMap. These
// helpers reproduce those behaviours on the project's JSON values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace sfn::intrinsics::java {

// Double.toString(double): "1.0", "1.1", "1.0E7", "1.0E-4", "NaN", "Infinity".
std::string double_to_string(double value);

// String.valueOf(v) of the Java object Jackson makes of `value` (LinkedHashMap, ArrayList, String,
// Integer/Long/BigInteger, Double, Boolean, null), appended to `out`: strings unquoted, objects as
// `{k=v, k2=v2}`, arrays as `[a, b]`.
void append_to_string(const Json& value, std::string& out);

// ObjectMapper.writeValueAsString of the Java object Jackson makes of `value`: compact, keys in
// their order, decimals as Double.toString ("1.0E7", "1.0E-4", "-0.0"), strings with `"` and `\`
// escaped, control characters as \b \t \n \f \r or \u00XX (upper-case hex), the rest as it is.
std::string jackson_text(const Json& value);

// Math.round(double): the nearest long, halves rounded up (-1.5 -> -1), clamped to the long range.
std::int64_t math_round(double value);

// String.length(): UTF-16 code units of a UTF-8 string.
std::size_t utf16_length(std::string_view utf8);

// String.hashCode() of a UTF-8 string (computed over its UTF-16 code units).
std::int32_t string_hash(std::string_view utf8);

// The iteration order of a java.util.HashMap<String, ?> after `keys` were put in this order
// (distinct keys, default capacity and load factor). Returns indexes into `keys`.
std::vector<std::size_t> hashmap_order(const std::vector<std::string_view>& keys);

}  // namespace sfn::intrinsics::java
