// Finding registry entries from the ARNs callers pass, with AWS's errors when they are not
// there. Callers of find_* hold Registry::mutex (shared is enough); lookup_* take it.
#pragma once

#include <optional>
#include <string>

#include "common/failure.h"
#include "service/arn.h"
#include "service/core.h"

namespace sfn::service {

// A state machine ARN, read: the record, and the version or alias it names, if any.
struct MachineRef {
  StateMachineRecord* machine = nullptr;
  Version* version = nullptr;
  Alias* alias = nullptr;
};

// Reads a state machine ARN (unqualified, version or alias) and finds what it names;
// StateMachineDoesNotExist quotes `text` as given.
Expected<MachineRef, ServiceError> find_machine(Registry& registry, const std::string& text);

// Whether a state machine ARN names a Distributed Map state: arn:...:stateMachine:<name>/<label>
// (a name cannot hold '/', so the slash is the label's).
bool names_map_state(const Arn& state_machine);

// Reads an ARN that must name a resource of `type` ("stateMachine", "execution", "activity").
Expected<Arn, ServiceError> parse_typed_arn(const std::string& text, std::string_view type);

// A Standard execution by ARN; an Express execution ARN is refused as AWS refuses it.
Expected<ExecutionPtr, ServiceError> find_execution(const Registry& registry,
                                                    const std::string& text);

// A Standard execution or a Distributed Map child execution (which lives in its parent's
// engine, at index `child`).
struct ExecutionRef {
  ExecutionPtr record;
  std::optional<std::size_t> child;
};
Expected<ExecutionRef, ServiceError> find_any_execution(const Registry& registry,
                                                        const std::string& text);

// The two lookups above for callers that hold no registry lock: each takes Registry::mutex
// (shared) for the lookup only, so the execution's own locks are taken without it.
Expected<ExecutionPtr, ServiceError> lookup_execution(Core& core, const std::string& text);
Expected<ExecutionRef, ServiceError> lookup_any_execution(Core& core, const std::string& text);

}  // namespace sfn::service
