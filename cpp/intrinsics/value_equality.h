// Equality as States.ArrayContains and States.ArrayUnique see it: deep, with object keys compared
// as a set (Java maps ignore order), and numbers equal only when both are integers or both are
// decimals of equal value (Java's Integer(1) is not Double(1.0)), decimals compared as
// Double.equals does (-0.0 is not 0.0). nlohmann's own operator== differs
// on both counts: it compares ordered objects in order and 1 == 1.0.
#pragma once

#include <cstddef>

#include "json/json.h"

namespace sfn::intrinsics {

bool same_value(const Json& a, const Json& b);

// Consistent with same_value: equal values hash equally.
std::size_t value_hash(const Json& value);

}  // namespace sfn::intrinsics
