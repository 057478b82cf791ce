// Payload templates: Parameters, ItemSelector, ResultSelector, Credentials and JSONPath-mode
// Assign. A key ending in `.$` takes its value from a path (`$.x`, `$$.x`, `$var`) or an
// intrinsic call; every other value is literal. Compiled once; evaluating never re-parses.
//
// Also here: the "path or intrinsic" value of Fail's ErrorPath and CausePath.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
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

// A problem found while compiling, located by JSON Pointer below the template's own location
// (e.g. "/Parameters/foo.$" when `at` is "/Parameters").
struct Problem {
  std::string pointer;
  std::string message;  // AWS's words, e.g. "The value for the field 'foo.$' must be a valid
                        // JSONPath or a valid intrinsic function call"
};

struct Template {
  std::shared_ptr<const detail::Node> root;
  // What compiled but AWS might refuse (an intrinsic's literal argument of another type than the
  // function takes): validation reports each as a WARNING.
  std::vector<Problem> warnings;
};

// Compiles `value` (any JSON; objects are walked recursively, arrays too). `at` is the JSON
// Pointer of the template in the definition, used to locate problems.
Expected<Template, std::vector<Problem>> compile(const Json& value, const std::string& at);

// True when the template has no `.$` key anywhere: evaluate() returns the precomputed value.
bool is_constant(const Template& tpl);

// Evaluates a compiled template. A missing path fails with States.Runtime and AWS's cause
// ("The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{...}'");
// a failing intrinsic with the error the intrinsic reports. The engine prefixes causes with
// "An error occurred while executing the state '<name>' (entered at the event id #<n>). ".
//
// Key order follows AWS: an object's literal entries come first in template order, then its
// `.$` entries in java.util.HashMap iteration order (recorded on AWS: {"Iterations": 3,
// "Values.$": ...} keeps its order, {"encoded.$", "decoded.$"} comes back decoded-first).
Expected<Json> evaluate(const Template& tpl, const path::Scope& scope, Rng& rng);

// The same, as a shared immutable value: a constant template hands out its precomputed value
// itself (no copy, no allocation), which is what most literal Parameters/Result-like templates
// are; others are evaluated and shared.
Expected<JsonPtr> evaluate_shared(const Template& tpl, const path::Scope& scope, Rng& rng);

// Appends the workflow variables the template's paths and intrinsic calls start from
// (`"x.$": "$name.a"`), in template order (duplicates included).
void collect_variables(const Template& tpl, std::vector<std::string>& out);

// ---------------------------------------------------------------------------------------------
// Fail's ErrorPath / CausePath: a reference path, or one of the intrinsics AWS allows there
// (States.Format, JsonToString, ArrayGetItem, Base64Encode, Base64Decode, Hash, UUID).

struct PathOrIntrinsic {
  std::string text;   // as written
  std::string field;  // "ErrorPath" or "CausePath"
  std::variant<path::Path, intrinsics::Expression> value;
};

// `field` is the field's name ("ErrorPath" or "CausePath"), used in the message of a problem:
// "The value for the field 'CausePath' must be a valid JSONPath or a valid intrinsic function
// call".
Expected<PathOrIntrinsic, std::string> compile_path_or_intrinsic(std::string_view text,
                                                                 std::string_view field);

// The selected value or the call's result (the engine checks it is a string). A path that selects
// nothing fails with States.Runtime, "The JSONPath '<path>' specified for the field 'ErrorPath'
// could not be found in the input '<input>'", as AWS words it (docs/semantics/jsonpath.md).
Expected<Json> evaluate_path_or_intrinsic(const PathOrIntrinsic& value, const path::Scope& scope,
                                          Rng& rng);

}  // namespace sfn::payload
