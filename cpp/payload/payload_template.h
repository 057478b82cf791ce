// Payload templates: Parameters, ItemSelector, ResultSelector, Credentials and JSONPath-mode
// Assign. A key ending in `.$` takes its value from a path (`$.x`, `$$.x`, `$var`) or an
// intrinsic call; every other value is literal. Compiled once; evaluating never re-parses.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/failure.h"
#include "common/random.h"
#include "intrinsics/intrinsics.h"
#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::payload {

namespace detail {
struct Node;
}

struct Template {
  std::shared_ptr<const detail::Node> root;
};

// A problem found while compiling, located by JSON Pointer below the template's own location
// (e.g. "/Parameters/foo.$" when `at` is "/Parameters").
struct Problem {
  std::string pointer;
  std::string message;  // AWS's words, e.g. "The value for the field 'foo.$' must be a valid
                        // JSONPath or a valid intrinsic function call"
};

// Compiles `value` (any JSON; objects are walked recursively, arrays too). `at` is the JSON
// Pointer of the template in the definition, used to locate problems.
Expected<Template, std::vector<Problem>> compile(const Json& value, const std::string& at);

// Evaluates a compiled template. A missing path fails with States.Runtime and AWS's cause
// ("The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{...}'");
// a failing intrinsic with the error the intrinsic reports.
Expected<Json> evaluate(const Template& tpl, const path::Scope& scope, Rng& rng);

}  // namespace sfn::payload
