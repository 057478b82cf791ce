// Versions of a state machine, shared by CreateStateMachine / UpdateStateMachine (`publish`)
// and the version and alias operations. Callers hold the registry's lock exclusively.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/core.h"

namespace sfn::service {

// Publishes the current revision: the version already made of it if there is one and
// `description` is absent or that version's own (publishing is idempotent per revision and
// description), otherwise a new one numbered after every earlier version.
const Version& publish_version(StateMachineRecord& machine, std::optional<std::string> description,
                               std::int64_t now_ms);

// Names of the aliases routing to `version_arn`.
std::vector<std::string> aliases_referencing(const StateMachineRecord& machine,
                                             const std::string& version_arn);

// ConflictException: a version an alias still routes to cannot be deleted.
ServiceError version_in_use(const std::vector<std::string>& alias_names);

}  // namespace sfn::service
