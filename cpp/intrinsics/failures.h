// The run-time failures intrinsics report, worded in one place.
//
// What is settled: AWS reports a payload-template path that selects nothing as States.Runtime with
// "The JSONPath '<path>' specified for the field '<key>.$' could not be found in the input
// '<input>'" (LocalStack's AWS-recorded snapshots, and an AWS execution history quoted on GitHub).
// What is not: the error name of a function refusing its arguments. The ASL specification names
// States.IntrinsicFailure; the one cause seen from production is "Invalid arguments in
// States.MathAdd". Both are used here until a recording settles them.
#pragma once

#include <string>
#include <string_view>

#include "common/failure.h"
#include "json/json.h"

namespace sfn::intrinsics {

inline constexpr std::string_view kIntrinsicFailure = "States.IntrinsicFailure";
inline constexpr std::string_view kRuntime = "States.Runtime";

// "Invalid arguments in States.MathAdd" for `function_name` "States.MathAdd".
Failure invalid_arguments(std::string_view function_name);

// The cause AWS gives when a path used by a payload template selects nothing. `input` may be null
// (rendered as "null").
Failure path_not_found(std::string_view path_text, std::string_view field, const Json* input);

}  // namespace sfn::intrinsics
