// The `States.*` intrinsic functions of JSONPath states: parsed once per definition, evaluated
// against the input, the context object and the variables.
#pragma once

#include <memory>
#include <string>
#include <string_view>

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
};

struct SyntaxError {
  std::string message;
};

// True when a payload-template string value is meant as an intrinsic call (starts with
// "States." after optional whitespace), as opposed to a path.
bool looks_like_call(std::string_view text);

// Parses and checks an intrinsic call: the function exists, argument counts and literal argument
// types are right, nesting is within AWS's limit, escapes are well formed.
Expected<Expression, SyntaxError> compile(std::string_view text);

// Evaluates a call. Failures are ASL failures with AWS's error names and causes
// (States.IntrinsicFailure, States.Runtime for missing paths, ...). `rng` serves States.UUID and
// States.MathRandom without a seed.
Expected<Json> evaluate(const Expression& expression, const path::Scope& scope, Rng& rng);

}  // namespace sfn::intrinsics
