// AWS runs Step Functions on the JVM, and several intrinsic results show it: JSON text is
// Jackson's and States.MathAdd rounds like Math.round. The Java behaviours the other layers share
// live below: Double.toString, String.hashCode and HashMap order in common/java.h, UTF-16 lengths
// in common/utf.h, toString of a JSON value (States.Format) in json/java_text.h.
#pragma once

#include <cstdint>
#include <string>

#include "json/json.h"

namespace sfn::intrinsics::java {

// ObjectMapper.writeValueAsString of the Java object Jackson makes of `value`: compact, keys in
// their order, decimals as Double.toString ("1.0E7", "1.0E-4", "-0.0"), strings with `"` and `\`
// escaped, control characters as \b \t \n \f \r or \u00XX (upper-case hex), the rest as it is.
std::string jackson_text(const Json& value);

// Math.round(double): the nearest long, halves rounded up (-1.5 -> -1), clamped to the long range.
std::int64_t math_round(double value);

}  // namespace sfn::intrinsics::java
