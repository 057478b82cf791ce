// Request validation as AWS's front end performs it before an operation runs: required members,
// JSON types, lengths, ranges, enums and patterns, reported as ValidationException
// "N validation error(s) detected: Value '...' at '<member>' failed to satisfy constraint: ...".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"
#include "service/service.h"

namespace sfn::service {

// Whether `operation` is one of the API's operations.
bool is_known_operation(std::string_view operation);

// A request member as a client checks it before sending (botocore's parameter validation):
// its JSON type ("string", "integer", "float", "boolean", "list", "structure"), whether it is
// required, and its minimum length (strings, lists) or value (numbers), -1 when none.
struct MemberSpec {
  std::string name;
  bool required = false;
  std::string type;
  long long min = -1;
};

// The request members of `operation` (empty when unknown).
std::vector<MemberSpec> request_members(std::string_view operation);

// The first problem found with `request` for `operation` (several constraint violations are
// reported together, as AWS does), or nullopt when it is well formed.
std::optional<ServiceError> validate_request(std::string_view operation, const Json& request);

}  // namespace sfn::service
