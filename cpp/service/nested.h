// Nested executions: a Task `arn:aws:states:::states:startExecution[.sync|.sync:2|
// .waitForTaskToken]` whose task handler delegated it starts a real execution of a state machine
// of the same service, with the shapes AWS's optimised integration records.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/task_invoker.h"
#include "service/core.h"

namespace sfn::service {

// How deep executions may nest: a state machine starting itself would otherwise recurse without
// end on the virtual clock, where a child runs inside its parent's task.
inline constexpr int kMaxNestingDepth = 32;

// Performs a delegated task of `parent` on its runner thread. The child runs with the same task
// handler (`user`) and starts at the task's start time. For .sync and .sync:2 the task waits
// until the child ends (notify_watchers completes it).
engine::TaskOutcome start_nested(Core& core, const ExecutionPtr& parent,
                                 const engine::TaskRequest& request,
                                 const engine::TaskInvoker& user);

// `record` has ended: completes the parent tasks waiting for it, at its stop time.
void notify_watchers(Core& core, const std::vector<Watcher>& watchers,
                     const ExecutionRecord& record, const ExecutionSummary& summary);

// Stops the running children whose parent task no longer waits for them (the parent was
// stopped or failed, or its task timed out).
void stop_orphans(Core& core, const std::vector<ExecutionPtr>& orphans, std::int64_t now_ms);

}  // namespace sfn::service
