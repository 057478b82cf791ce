// The `States.*` intrinsic functions of JSONPath states: parsed once per definition, evaluated
// against the input, the context object and the variables.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/failure.h"
#include "common/random.h"
#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::intrinsics {

namespace detail {
struct Call;  // the compiled call tree; private to the intrinsics layer
}

struct Expression {
  std::string text;  // as written
  std::shared_ptr<const detail::Call> call;
  // Set when a string literal holds an escape other than \' \{ \} \\ (e.g. `\"`): AWS creates
  // such state machines (aws-samples s3-highthrouput-distributed-map writes `'{\"NewField\": ..}'`)
  // and documents that "the interpreter will throw a runtime exception" on an open escape
  // backslash, so the call compiles and its evaluation fails with States.Runtime and this text.
  std::string runtime_error;
  // Set when a literal argument is not of the type the function takes
  // (`States.StringToJson(6000)`): accepted, since nothing shows AWS refusing it and deployed
  // definitions hold it; validation reports it as a WARNING with this text.
  std::string warning;
};

struct SyntaxError {
  std::string message;  // what is wrong, for diagnostics; AWS reports every problem with one
                        // sentence per field, which the payload layer words
};

// AWS's limit on nested calls within one field.
inline constexpr int kMaxNesting = 10;

// True when a payload-template string value is meant as an intrinsic call (starts with
// "States." after optional whitespace), as opposed to a path.
bool looks_like_call(std::string_view text);

// Parses and checks an intrinsic call: the function exists, argument counts are right (a literal
// argument of the wrong type is Expression::warning), nesting is within AWS's limit, string
// literals are terminated. Paths among the arguments are compiled with path::compile.
Expected<Expression, SyntaxError> compile(std::string_view text);

// The outermost function's name as written, e.g. "States.Format" (Fail's ErrorPath/CausePath
// accept only some functions).
std::string_view function_name(const Expression& expression);

// Appends the workflow variables the call's path arguments start from (`$name...`), at any
// nesting depth, in writing order (duplicates included).
void collect_variables(const Expression& expression, std::vector<std::string>& out);

// Evaluates a call. Failures are ASL failures with AWS's error names and causes:
// - a path argument that selects nothing: States.Runtime, "The JSONPath '$.x' specified for the
//   field '<field>' could not be found in the input '<input as compact JSON>'";
// - arguments a function refuses: States.IntrinsicFailure, "Invalid arguments in States.X".
// `field` is the payload-template key (with its `.$`) or field name the call stands in, used only
// to word causes. `rng` serves States.UUID and States.MathRandom without a seed.
Expected<Json> evaluate(const Expression& expression, const path::Scope& scope, Rng& rng,
                        std::string_view field = {});

}  // namespace sfn::intrinsics
