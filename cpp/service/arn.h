// Step Functions ARNs: building them, and reading the ones callers pass in.
//   arn:aws:states:<region>:<account>:stateMachine:<name>[:<version>|:<alias>]
//   arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>
//   arn:aws:states:<region>:<account>:express:<stateMachine>:<name>:<uuid>
//   arn:aws:states:<region>:<account>:activity:<name>
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/failure.h"
#include "service/service.h"

namespace sfn::service {

struct Arn {
  std::string partition;
  std::string region;
  std::string account;
  std::string type;                // "stateMachine", "execution", "express", "activity", ...
  std::vector<std::string> parts;  // the ':'-separated parts after the type
};

// Reads an ARN of the `states` service. An ARN that does not start like one fails with AWS's
// "Invalid ARN prefix" InvalidArn.
Expected<Arn, ServiceError> parse_arn(std::string_view text);

std::string partition_for(std::string_view region);
std::string state_machine_arn(std::string_view region, std::string_view account,
                              std::string_view name);
std::string execution_arn(std::string_view region, std::string_view account,
                          std::string_view state_machine, std::string_view name);
std::string express_execution_arn(std::string_view region, std::string_view account,
                                  std::string_view state_machine, std::string_view name,
                                  std::string_view uuid);
std::string activity_arn(std::string_view region, std::string_view account, std::string_view name);

// The state machine ARN without a version or alias qualifier.
std::string unqualified(const Arn& state_machine);

// Names of state machines, executions and activities: 1-80 characters, none of whitespace,
// brackets, wildcards, the special characters "#%\^|~`$&,;:/ or control characters.
bool is_valid_resource_name(std::string_view name);

// Alias names: ^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$
bool is_valid_alias_name(std::string_view name);

bool is_version_number(std::string_view text);

}  // namespace sfn::service
