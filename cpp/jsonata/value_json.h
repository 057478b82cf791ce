// Conversion between sfn::Json and the evaluator's values.
#pragma once

#include "json/json.h"
#include "jsonata/value.h"

namespace sfn::jsonata {

class Evaluator;

// Both throw JError U1001 past kMaxValueDepth levels of nesting.
Value from_json(const Json& j, int depth = 0);
// Undefined members are dropped, undefined array items and functions become null (arrays) or
// are dropped (objects). Non-finite numbers become null, or their JS names when `aws`.
// Values share sub-values and JSON copies each share, so the document can be far larger than
// the value: with an evaluator it is charged as it is built, 8 bytes a node and 1 a character
// of its strings (U1002 past the memory limit, U1001 past the time limit).
Json to_json(const Value& v, bool aws, Evaluator* ev = nullptr);

}  // namespace sfn::jsonata
