// Tasks in flight: a Task whose invoker answered InFlight runs elsewhere (an executor's worker)
// while the scheduler steps the other threads. The rule that keeps a run deterministic lives
// here, in one place: when nothing is ready, before any timer fires (so before simulated time
// moves), every task in flight is settled in the order the tasks started, and each outcome is
// applied exactly as an answer at once would have been, with the timer sequence number the task
// took when it started. So the history is the one an invoker answering at once records,
// whatever the executor and whichever task finishes first.
#include "engine/runtime.h"

namespace sfn::engine {

void settle_in_flight(Runtime& rt) {
  while (!rt.in_flight.empty() && rt.status == ExecutionStatus::Running) {
    InFlightTask task = std::move(rt.in_flight.front());
    rt.in_flight.pop_front();
    Thread* thread = rt.threads[static_cast<std::size_t>(task.thread)].get();
    // A thread aborted meanwhile (a sibling failed its Map, the execution was stopped) no
    // longer waits: its outcome is dropped unread, as is the handler still running.
    if (!thread || thread->phase != Phase::TaskInFlight ||
        thread->wake_generation != task.generation) {
      continue;
    }
    TaskOutcome outcome;
    outcome.kind = TaskOutcome::Kind::InFlight;
    outcome.settle = std::move(task.settle);
    apply_task_outcome(rt, *thread, settled(std::move(outcome)), task.started_ms, task.sequence);
    if (rt.pause && rt.status == ExecutionStatus::Running && rt.pause()) {
      rt.paused = true;
      return;
    }
  }
}

}  // namespace sfn::engine
