// Conversion between sfn::Json and the evaluator's values.
#pragma once

#include "json/json.h"
#include "jsonata/value.h"

namespace sfn::jsonata {

// Both throw JError U1001 past kMaxValueDepth levels of nesting.
Value from_json(const Json& j, int depth = 0);
// Undefined members are dropped, undefined array items and functions become null (arrays) or
// are dropped (objects). Non-finite numbers become null, or their JS names when `aws`.
Json to_json(const Value& v, bool aws, int depth = 0);

}  // namespace sfn::jsonata
