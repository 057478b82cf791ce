// Driving executions on the service's clock. Exactly one thread at a time runs an execution's
// engine (the "runner"); anything another thread (or a task handler on the runner's own
// thread) asks of a running execution is queued for the runner, so callers never wait for a
// task handler and a handler may call back into the service.
#pragma once

#include "service/core.h"

namespace sfn::service {

// AWS's bounds on an execution of this type (docs/limits.md): a Standard one ends at 25,000
// history events; an Express one has no event limit but runs five minutes at most, and records
// no history (nobody can read it through the API). StartExecution, StartSyncExecution, nested
// executions and sfnsim.run (standalone.h) all take them from here.
engine::Limits execution_limits(bool express);

// A new execution record, ready to be published in the registry: its engine is built and the
// calling thread is its runner, with a first run queued.
ExecutionPtr prepare(Core& core, ExecutionPtr record, const CallContext& context);

// Runs a prepared execution as far as the clock allows: to its end or until it waits on
// something outside it (virtual clock), or up to the clock's time (manual and real clocks).
void start(Core& core, const ExecutionPtr& record);

// Applies `op` to the execution now, or hands it to the thread currently running it (then it
// is applied before that thread lets go). Returns false when `op` was applied at once and did
// not take effect (a completion whose task had already ended, a stop of an ended execution).
bool submit(Core& core, const ExecutionPtr& record, PendingOp op);

// SendTaskSuccess/SendTaskFailure: takes `token` out of the registry and queues its completion
// in one step under the registry's lock, so that a token is answered once and a stop applied
// meanwhile sees the completion it must let land first. TaskTimedOut when no task waits on
// it.
Response submit_completion(Core& core, const std::string& token, engine::TaskOutcome outcome);

// Runs every active execution up to the clock's current time (manual and real clocks).
void run_active(Core& core);

// Publishes the execution's Map progress to its board (it has one): `running` false once it
// has ended. The runner, or the thread running a StartSyncExecution, calls it.
void publish_progress(ExecutionRecord& record, bool running);

// A copy of the published summary.
ExecutionSummary summary_of(const ExecutionRecord& record);

// AWS ends an Express execution after five minutes. On the virtual clock a loop that takes no
// simulated time would never reach that, so the bound is kept in real time as well: a runner
// that has spent five real minutes on one ends it TIMED_OUT (real time can only be shorter than
// what AWS would have taken, so this never ends one AWS would let run).
bool past_real_time_bound(const ExecutionRecord& record);

}  // namespace sfn::service
