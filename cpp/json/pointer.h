// JSON Pointer (RFC 6901), how diagnostics locate a value inside a definition:
// "/States/A/Parameters/x".
#pragma once

#include <string>
#include <string_view>

namespace sfn {

// One reference token for an object key: "~" written as "~0", "/" as "~1", the rest as it is.
std::string pointer_token(std::string_view key);

}  // namespace sfn
