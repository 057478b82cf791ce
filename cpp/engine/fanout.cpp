// Map and Parallel children ending: collecting results, and when one fails, aborting the
// others with the events AWS records (all pointing at the failing event). Distributed Map
// children are child executions: their ends are recorded in their own histories.
#include "engine/io_processing.h"
#include "engine/map_distributed.h"
#include "engine/map_iterations.h"
#include "engine/map_redrive.h"
#include "engine/runtime.h"
#include "engine/state_events.h"

namespace sfn::engine {

namespace {

bool is_map(const Thread& t) { return t.current().type == asl::StateType::Map; }

// The details of the event ending an inline Map iteration: those its MapIterationStarted has.
std::shared_ptr<const EventDetails> iteration_details(const Thread& child) {
  if (child.iteration_details) return child.iteration_details;
  auto d = std::make_shared<EventDetails>();
  d->index = static_cast<std::int64_t>(child.slot);
  return d;
}

std::shared_ptr<EventDetails> failure_details(const Failure& failure) {
  auto d = std::make_shared<EventDetails>();
  if (failure.has_error) d->error = failure.error;
  if (failure.has_cause) d->cause = failure.cause;
  return d;
}

void parallel_completed(Runtime& rt, Thread& parent, std::int64_t previous) {
  Fanout& f = *parent.fanout;
  Json results = Json::array();
  for (auto& r : f.results) results.push_back(r ? *r : Json(nullptr));
  emit_detached(rt, *parent.log, &parent, previous, EventType::ParallelStateSucceeded);
  parent.last_event = previous;  // AWS: ParallelStateExited points where ...Succeeded points
  parent.fanout.reset();
  finish_with_result(rt, parent, share(std::move(results)));
}

// Records the end of Distributed Map child execution `ex` in its own history (`owner`: the
// thread that ended it, if one still runs; `previous`: the event the end follows).
void close_child_execution(Runtime& rt, ChildExecution& ex, Thread* owner, std::int64_t previous,
                           ExecutionStatus status, JsonPtr output, const Failure* failure) {
  if (ex.status != ExecutionStatus::Running) return;
  EventType type = status == ExecutionStatus::Succeeded ? EventType::ExecutionSucceeded
                   : status == ExecutionStatus::Failed  ? EventType::ExecutionFailed
                                                        : EventType::ExecutionAborted;
  // ExecutionSucceeded carries no details (as the execution's own); an allocation per child
  // would be most of what a finished child keeps (S4).
  std::shared_ptr<EventDetails> details;
  if (failure) {
    details = failure_details(*failure);
  } else if (status != ExecutionStatus::Succeeded) {
    details = std::make_shared<EventDetails>();
  }
  emit_detached(rt, ex.log, owner, previous, type, {}, output, std::move(details));
  ex.status = status;
  ex.output = std::move(output);
  if (failure) ex.failure = *failure;
  ex.stop_ms = rt.now_ms;
  // P2/P3: every child that ends aborted counts in its map run's `aborted` (DescribeMapRun).
  if (status == ExecutionStatus::Aborted) ++rt.map_runs[ex.map_run].items_aborted;
  // S4: what only a running execution needs goes.
  ex.context = Json();
  ex.context_stamp = ContextStamp{};
  ex.log.events.shrink_to_fit();
  ex.log.lanes.shrink_to_fit();
}

void end_child_execution(Runtime& rt, Thread& child, ExecutionStatus status, JsonPtr output,
                         const Failure* failure) {
  if (!child.child_execution) return;
  if (status != ExecutionStatus::Succeeded) note_child_resume(child);  // R5
  close_child_execution(rt, *child.child_execution, &child, child.last_event, status,
                        std::move(output), failure);
}

// P3: a Distributed Map aborted with the branch it runs in (a sibling branch failed): its
// children are aborted, then its map run, which records MapRunAborted before MapStateAborted
// (the order MapRunFailed and MapStateFailed follow).
void abort_map_run(Runtime& rt, Thread& map_thread, std::int64_t previous) {
  MapRunRecord& run = rt.map_runs[map_thread.fanout->map_run];
  if (run.status != ExecutionStatus::Running) return;
  run.status = ExecutionStatus::Aborted;
  run.stop_ms = rt.now_ms;
  emit_detached(rt, *map_thread.log, &map_thread, previous, EventType::MapRunAborted);
}

// Aborted events for whatever `thread` is in the middle of.
void abort_state(Runtime& rt, Thread& thread, std::int64_t previous) {
  if (thread.phase == Phase::Enter || thread.phase == Phase::Finished) return;
  const asl::State& state = thread.current();
  switch (state.type) {
    case asl::StateType::Task:
    case asl::StateType::Wait:
      emit_detached(rt, *thread.log, &thread, previous, aborted_event(state.type));
      break;
    case asl::StateType::Map:
    case asl::StateType::Parallel:
      if (thread.fanout) {
        thread.fanout->aborting = true;
        for (int id : thread.fanout->children) {
          if (id < 0) continue;
          if (Thread* child = rt.threads[static_cast<std::size_t>(id)].get()) {
            abort_thread(rt, *child, previous);
          }
        }
      }
      if (thread.fanout && thread.fanout->distributed &&
          thread.fanout->map_run < rt.map_runs.size()) {
        abort_map_run(rt, thread, previous);
      }
      emit_detached(rt, *thread.log, &thread, previous, aborted_event(state.type));
      break;
    default:
      break;
  }
}

bool within_tolerance(const Fanout& f) {
  if (!f.has_tolerated_count && !f.has_tolerated_percentage) return f.failed == 0;
  if (f.has_tolerated_count && static_cast<std::int64_t>(f.failed) > f.tolerated_failure_count) {
    return false;
  }
  if (f.has_tolerated_percentage && !f.results.empty() &&
      100.0 * static_cast<double>(f.failed) / static_cast<double>(f.results.size()) >
          f.tolerated_failure_percentage) {
    return false;
  }
  return true;
}

}  // namespace

void abort_thread(Runtime& rt, Thread& thread, std::int64_t previous) {
  if (thread.phase == Phase::Finished) return;
  if (is_child_execution_root(rt, thread)) {
    abort_state(rt, thread, thread.last_event);
    end_child_execution(rt, thread, ExecutionStatus::Aborted, nullptr, nullptr);
  } else {
    if (thread.parent >= 0) {
      Thread* parent = rt.threads[static_cast<std::size_t>(thread.parent)].get();
      if (parent && is_map(*parent)) {
        emit_detached(rt, *parent->log, &thread, previous, EventType::MapIterationAborted,
                      parent->current().name, {}, iteration_details(thread));
      }
    }
    abort_state(rt, thread, previous);
  }
  release_task_keys(rt, thread);
  thread.phase = Phase::Finished;
  ++thread.wake_generation;
  if (thread.parent >= 0) rt.ended.push_back(thread.id);
}

void child_succeeded(Runtime& rt, Thread& parent, Thread& child, JsonPtr output) {
  if (!parent.fanout || parent.fanout->aborting) return;
  Fanout& f = *parent.fanout;
  --f.running;
  ++f.succeeded;
  if (f.progress >= 0) {
    MapProgress& p = rt.map_progress[static_cast<std::size_t>(f.progress)];
    --p.running;
    ++p.succeeded;
  }
  if (f.distributed) {
    end_child_execution(rt, child, ExecutionStatus::Succeeded, output, nullptr);
    ++rt.map_runs[f.map_run].items_succeeded;
    f.results[child.slot] = std::move(output);
    start_iterations(rt, parent, 0);
    if (f.succeeded + f.failed == f.results.size()) map_completed(rt, parent);
    return;
  }
  f.results[child.slot] = std::move(output);
  if (!is_map(parent)) {
    if (f.succeeded == f.results.size()) parallel_completed(rt, parent, child.last_event);
    return;
  }
  parent.last_event =
      emit_detached(rt, *parent.log, &child, child.last_event, EventType::MapIterationSucceeded,
                    parent.current().name, {}, iteration_details(child));
  start_iterations(rt, parent, child.last_event);
  if (f.succeeded + f.failed == f.results.size()) map_completed(rt, parent);
}

void child_failed(Runtime& rt, Thread& parent, Thread& child, const Failure& failure) {
  if (!parent.fanout || parent.fanout->aborting) return;
  Fanout& f = *parent.fanout;
  bool map = is_map(parent);
  Failure state_failure = failure;
  MapProgress* progress =
      f.progress >= 0 ? &rt.map_progress[static_cast<std::size_t>(f.progress)] : nullptr;
  if (progress) {
    --progress->running;
    ++progress->failed;
  }
  if (f.distributed) {
    end_child_execution(rt, child, ExecutionStatus::Failed, nullptr, &failure);
    MapRunRecord& run = rt.map_runs[f.map_run];
    ++run.items_failed;
    --f.running;
    ++f.failed;
    if (within_tolerance(f)) {
      start_iterations(rt, parent, 0);
      if (f.succeeded + f.failed == f.results.size()) map_completed(rt, parent);
      return;
    }
    f.aborting = true;
    if (progress) progress->running -= f.running;  // the others are aborted
    for (int id : f.children) {
      if (id < 0 || id == child.id) continue;
      if (Thread* other = rt.threads[static_cast<std::size_t>(id)].get()) {
        abort_thread(rt, *other, 0);
      }
    }
    state_failure = Failure{"States.ExceedToleratedFailureThreshold",
                            "The specified tolerated failure threshold was exceeded"};
    // W3: the results written so far, failures included, before the run fails.
    if (auto problem = write_failed_run_results(rt, parent)) state_failure = std::move(*problem);
    run.status = ExecutionStatus::Failed;
    run.stop_ms = rt.now_ms;
    emit(rt, parent, EventType::MapRunFailed, {}, {}, failure_details(state_failure));
  } else {
    std::int64_t failing_event = child.last_event;
    if (map) {
      emit_detached(rt, *parent.log, &child, failing_event, EventType::MapIterationFailed,
                    parent.current().name, {}, iteration_details(child));
    }
    if (child.current().type == asl::StateType::Task) {
      emit_detached(rt, *child.log, &child, failing_event, EventType::TaskStateAborted);
    }
    f.aborting = true;
    if (progress) progress->running -= f.running - 1;  // the others (f.running counts `child`)
    for (int id : f.children) {
      if (id < 0 || id == child.id) continue;
      if (Thread* other = rt.threads[static_cast<std::size_t>(id)].get()) {
        abort_thread(rt, *other, failing_event);
      }
    }
    parent.last_event = failing_event;
  }
  park_map_run(rt, parent);  // R1: a failed map run can be redriven; any other fanout goes
  if (retry_state(rt, parent, state_failure)) return;
  emit(rt, parent, map ? EventType::MapStateFailed : EventType::ParallelStateFailed);
  catch_or_fail(rt, parent, std::move(state_failure));
}

void abort_open_map_runs(Runtime& rt) {
  // R5: where each running child stands, for a redrive.
  for (const auto& thread : rt.threads) {
    if (thread && thread->phase != Phase::Finished && is_child_execution_root(rt, *thread) &&
        thread->child_execution->status == ExecutionStatus::Running) {
      note_child_resume(*thread);
    }
  }
  for (auto& ex : rt.child_executions) {
    // Stopped by Step Functions, as StopExecution stops an execution: ExecutionAborted after
    // whatever the child recorded, pointing at no event (test_stop_execution, recorded).
    if (ex->status == ExecutionStatus::Running) {
      close_child_execution(rt, *ex, nullptr, 0, ExecutionStatus::Aborted, nullptr, nullptr);
    }
  }
  for (MapRunRecord& run : rt.map_runs) {
    if (run.status != ExecutionStatus::Running) continue;
    run.status = ExecutionStatus::Aborted;
    run.stop_ms = rt.now_ms;
  }
}

}  // namespace sfn::engine
