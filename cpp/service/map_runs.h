// Distributed Map child executions as the execution operations show them.
#pragma once

#include <cstddef>
#include <string>

#include "engine/execution.h"
#include "service/core.h"

namespace sfn::service {

// DescribeExecution of child `index` of `parent` (the caller holds the parent's engine lock).
Json describe_child(const engine::Execution& parent, std::size_t index, bool included);

// DescribeStateMachineForExecution's stateMachineArn, name, mapRunArn and label for child `index`
// of `parent` (the caller holds the parent's engine lock): its map run's state machine,
// `<machine>/<label>` (docs/semantics/distributed-map.md X4).
void put_child_state_machine(Json& out, const engine::Execution& parent, std::size_t index);

// ListExecutions(mapRunArn=...).
Response list_map_run_executions(Core& core, const Json& request, const std::string& arn);

}  // namespace sfn::service
