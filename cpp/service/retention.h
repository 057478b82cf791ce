// Which closed executions the registry keeps (ServiceOptions::retention): AWS's 90 days, an
// optional bound on their number, and none of a deleted state machine's. Every function here
// is called with the registry's mutex held exclusively.
#pragma once

#include <cstdint>
#include <string>

#include "service/core.h"

namespace sfn::service {

// `record` (a Standard execution) has just closed at `stop_ms`: it joins the closed list, and
// whatever the retention no longer allows leaves the registry.
void record_closed(Core& core, const ExecutionPtr& record, std::int64_t stop_ms);
// A redrive reopened `record`: it is no longer a candidate for eviction.
void record_reopened(ExecutionRecord& record);
// Drops closed executions older than the retention period or beyond its count.
void enforce_retention(Core& core);
// DeleteStateMachine: the machine's closed executions go now, running ones when they close.
void forget_executions_of(Core& core, const std::string& state_machine_arn);

}  // namespace sfn::service
