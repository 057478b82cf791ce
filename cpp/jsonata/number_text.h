// Numbers printed exactly as JavaScript prints them.
#pragma once

#include <string>

namespace sfn::jsonata {

// Number.prototype.toString(): shortest round-trip digits, exponent form from 1e21 and below
// 1e-6 ("1e+21", "1.5e-7").
std::string js_number_to_string(double d);
// Number(d.toPrecision(15)), which $string and JSON output apply to hide binary noise.
double js_round15(double d);
// Number.prototype.toFixed(dp) for finite d >= 0 (ties go up, from the exact binary value).
std::string js_to_fixed(double d, int dp);
// Number.prototype.toString(radix) for integral d.
std::string js_to_radix(double d, int radix);
// parseFloat-compatible conversion of a complete decimal literal; false if not a number.
bool parse_js_decimal(const std::string& text, double& out);

}  // namespace sfn::jsonata
