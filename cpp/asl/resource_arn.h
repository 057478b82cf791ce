// A Task's `Resource`: what kind of thing it names, the history's `resourceType`/`resource`
// pair, and whether AWS knows it (the optimized integrations and their patterns).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/model.h"

namespace sfn::asl {

// Classifies an ARN; never fails (an unknown ARN is Resource::Kind::Other).
Resource classify_resource(std::string_view arn);

// Why AWS refuses `resource` in a Task state (its diagnostic message), or nothing.
std::optional<std::string> resource_problem(const Resource& resource);

// Whether AWS is known to refuse a resource resource_problem() finds fault with: a malformed ARN
// (reported), an action or pattern of an optimized integration AWS documents (the "not
// recognized" text is recorded for dynamodb:query), `.sync` on an AWS SDK integration (documented
// as unsupported). Any other ARN (a service whose integrations we do not list, another service's
// ARN) may be one AWS added or accepts: the validator reports it as a WARNING.
bool resource_refusal_has_evidence(const Resource& resource);

// Optimized integrations need a `Parameters` (JSONPath) or `Arguments` (JSONata) object.
bool requires_parameters(const Resource& resource);

// The request fields AWS checks for an optimized integration ("The field 'FunctionName' is
// required but was missing"); empty when it checks none.
std::vector<std::string_view> required_request_fields(const Resource& resource);

}  // namespace sfn::asl
