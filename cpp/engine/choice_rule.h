// Evaluates a Choice rule (comparison, And / Or / Not) against a state's effective input.
#pragma once

#include <string>

#include "asl/model.h"
#include "common/failure.h"
#include "path/jsonpath.h"

namespace sfn::engine {

// True / false, or the message of a States.Runtime failure (a Variable that does not resolve).
Expected<bool, std::string> evaluate_rule(const asl::ChoiceRule& rule, const path::Scope& scope);

// `*` wildcard matching of StringMatches, with `\*` and `\\` escapes.
bool string_matches(std::string_view text, std::string_view pattern);

}  // namespace sfn::engine
