// Map and Parallel children ending: collecting results, and when one fails, aborting the
// others with the events AWS records (all pointing at the failing event).
#include "engine/io_processing.h"
#include "engine/map_iterations.h"
#include "engine/runtime.h"
#include "engine/state_events.h"

namespace sfn::engine {

namespace {

bool is_map(const Thread& t) { return t.current().type == asl::StateType::Map; }

std::shared_ptr<EventDetails> index_details(std::size_t index) {
  auto d = std::make_shared<EventDetails>();
  d->index = static_cast<std::int64_t>(index);
  return d;
}

void all_done(Runtime& rt, Thread& parent, std::int64_t previous) {
  Fanout& f = *parent.fanout;
  Json results = Json::array();
  for (auto& r : f.results) results.push_back(r ? *r : Json(nullptr));
  EventType succeeded = is_map(parent) ? EventType::MapStateSucceeded
                                       : EventType::ParallelStateSucceeded;
  emit_detached(rt, previous, succeeded);
  parent.last_event = previous;  // AWS: XStateExited points where XStateSucceeded points
  parent.fanout.reset();
  finish_with_result(rt, parent, share(std::move(results)));
}

// Aborted events for whatever `thread` is in the middle of.
void abort_state(Runtime& rt, Thread& thread, std::int64_t previous) {
  if (thread.phase == Phase::Enter || thread.phase == Phase::Finished) return;
  const asl::State& state = thread.current();
  switch (state.type) {
    case asl::StateType::Task:
    case asl::StateType::Wait:
      emit_detached(rt, previous, aborted_event(state.type));
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
      emit_detached(rt, previous, aborted_event(state.type));
      break;
    default:
      break;
  }
}

}  // namespace

void abort_thread(Runtime& rt, Thread& thread, std::int64_t previous) {
  if (thread.phase == Phase::Finished) return;
  if (thread.parent >= 0) {
    Thread* parent = rt.threads[static_cast<std::size_t>(thread.parent)].get();
    if (parent && is_map(*parent)) {
      emit_detached(rt, previous, EventType::MapIterationAborted, parent->current().name, {},
                    index_details(thread.slot));
    }
  }
  abort_state(rt, thread, previous);
  if (!thread.task_token.empty()) rt.tokens.erase(thread.task_token);
  thread.phase = Phase::Finished;
  ++thread.wake_generation;
}

void child_succeeded(Runtime& rt, Thread& parent, Thread& child, JsonPtr output) {
  if (!parent.fanout || parent.fanout->aborting) return;
  Fanout& f = *parent.fanout;
  f.results[child.slot] = std::move(output);
  --f.running;
  ++f.succeeded;
  std::int64_t previous = child.last_event;
  if (is_map(parent)) {
    parent.last_event = emit_detached(rt, child.last_event, EventType::MapIterationSucceeded,
                                      parent.current().name, {}, index_details(child.slot));
    previous = parent.last_event;
    start_iterations(rt, parent, child.last_event);
  }
  if (f.succeeded + f.failed == f.results.size()) all_done(rt, parent, previous);
}

void child_failed(Runtime& rt, Thread& parent, Thread& child, const Failure& failure) {
  if (!parent.fanout || parent.fanout->aborting) return;
  Fanout& f = *parent.fanout;
  std::int64_t failing_event = child.last_event;
  bool map = is_map(parent);
  if (map) {
    emit_detached(rt, failing_event, EventType::MapIterationFailed, parent.current().name, {},
                  index_details(child.slot));
  }
  if (child.current().type == asl::StateType::Task) {
    emit_detached(rt, failing_event, EventType::TaskStateAborted);
  }
  f.aborting = true;
  for (int id : f.children) {
    if (id < 0 || id == child.id) continue;
    if (Thread* other = rt.threads[static_cast<std::size_t>(id)].get()) {
      abort_thread(rt, *other, failing_event);
    }
  }
  parent.last_event = failing_event;
  parent.fanout.reset();
  if (retry_state(rt, parent, failure)) return;
  emit(rt, parent, map ? EventType::MapStateFailed : EventType::ParallelStateFailed);
  catch_or_fail(rt, parent, failure);
}

}  // namespace sfn::engine
