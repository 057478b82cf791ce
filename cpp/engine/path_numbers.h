// Numbers read through the *Path fields that hold a count or a percentage (MaxConcurrencyPath,
// ToleratedFailureCountPath, ToleratedFailurePercentagePath, MaxItemsPath, TimeoutSecondsPath,
// HeartbeatSecondsPath). AWS reads the referenced value's text as a number, so a JSON number
// and a string holding one are both taken ("1" from a variable runs the Map state: recorded,
// LocalStack snapshot test_assign_reference_variables::test_reference_in_map_state), while
// anything else fails with `The <field>Path field refers to value "<v>" which is not a valid
// integer|float: <path>` (docs/semantics/execution.md, rows E1-E3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "json/json.h"

namespace sfn::engine {

// A JSON integer, an integral JSON float, or a string Java's Long.parseLong reads (an optional
// sign and ASCII digits, nothing else); nullopt otherwise or when out of the int64 range.
std::optional<std::int64_t> path_integer(const Json& v);

// A JSON number, or a string Java's Float.parseFloat reads after trimming (decimal digits with
// an optional fraction and exponent, an optional f/F/d/D suffix, or NaN / Infinity).
std::optional<double> path_float(const Json& v);

// How AWS shows the referenced value in these errors: a string bare, anything else as JSON.
std::string referenced_value_text(const Json& v);

}  // namespace sfn::engine
