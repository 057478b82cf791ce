#include "engine/visit_table.h"

namespace sfn::engine {

namespace {

using T = EventType;

bool is_attempt_start(T t) {
  return t == T::TaskScheduled || t == T::LambdaFunctionScheduled || t == T::ActivityScheduled;
}
bool is_attempt_run(T t) {
  return t == T::TaskStarted || t == T::LambdaFunctionStarted || t == T::ActivityStarted;
}
bool is_attempt_ok(T t) {
  return t == T::TaskSucceeded || t == T::LambdaFunctionSucceeded || t == T::ActivitySucceeded;
}
bool is_timed_out(T t) {
  return t == T::TaskTimedOut || t == T::LambdaFunctionTimedOut || t == T::ActivityTimedOut;
}
bool is_attempt_fail(T t) {
  switch (t) {
    case T::TaskFailed:
    case T::TaskTimedOut:
    case T::TaskStartFailed:
    case T::TaskSubmitFailed:
    case T::LambdaFunctionFailed:
    case T::LambdaFunctionTimedOut:
    case T::LambdaFunctionStartFailed:
    case T::LambdaFunctionScheduleFailed:
    case T::ActivityFailed:
    case T::ActivityTimedOut:
    case T::ActivityScheduleFailed:
      return true;
    default:
      return false;
  }
}
bool is_state_aborted(T t) {
  return t == T::TaskStateAborted || t == T::WaitStateAborted || t == T::MapStateAborted ||
         t == T::ParallelStateAborted;
}
// Events caused by the failure their previous event is.
bool is_ending(T t) {
  return t == T::MapIterationFailed || t == T::MapStateFailed || t == T::ParallelStateFailed ||
         t == T::MapRunFailed || t == T::ExecutionFailed;
}
bool is_execution_end(T t) {
  return t == T::ExecutionSucceeded || t == T::ExecutionFailed || t == T::ExecutionTimedOut ||
         t == T::ExecutionAborted;
}
bool is_map_iteration(T t) {
  return t == T::MapIterationStarted || t == T::MapIterationSucceeded ||
         t == T::MapIterationFailed || t == T::MapIterationAborted;
}
bool has_error(const HistoryEvent& e) {
  return e.details && e.details->error && !e.details->error->empty();
}

}  // namespace

VisitTable visit_table(const std::vector<HistoryEvent>& events,
                       const std::vector<LaneRecord>& lanes) {
  VisitTable table;
  const std::size_t n = events.size();
  for (std::size_t i = 0; i < n; ++i) {
    // Previous events are found by id: the engine numbers its events 1, 2, 3...
    if (events[i].id != static_cast<std::int64_t>(i) + 1 || events[i].lane >= lanes.size()) {
      return table;
    }
  }
  table.visit_of_event.assign(n, kNoIndex);
  table.lane_of_event.assign(n, 0);
  table.lanes.push_back(TraceLane{});
  std::vector<std::int32_t> trace_lane(lanes.size(), kNoIndex);
  if (!lanes.empty()) trace_lane[0] = 0;
  const std::int64_t start = n > 0 ? events[0].timestamp_ms : 0;
  auto& visits = table.visits;

  for (std::size_t i = 0; i < n; ++i) {
    const HistoryEvent& e = events[i];
    const auto at = static_cast<std::int32_t>(i);
    const std::int64_t now = e.timestamp_ms - start;
    const T kind = e.type;

    // The event's lane, made when its first event arrives: it belongs to the Parallel or Map
    // visit open in the lane that runs it.
    std::int32_t lane_index = trace_lane[e.lane];
    if (lane_index == kNoIndex) {
      const LaneRecord& record = lanes[e.lane];
      const std::int32_t parent = trace_lane[record.parent];
      TraceLane lane;
      lane.parent = parent == kNoIndex ? 0 : parent;
      lane.container = table.lanes[static_cast<std::size_t>(lane.parent)].current;
      lane.index = record.slot;
      lane.attempt = record.attempt;
      lane.start_ms = now;
      const bool in_map =
          lane.container != kNoIndex &&
          events[static_cast<std::size_t>(
                     visits[static_cast<std::size_t>(lane.container)].entered_event)]
                  .type == T::MapStateEntered;
      lane.kind = in_map ? LaneKind::Iteration : LaneKind::Branch;
      lane_index = static_cast<std::int32_t>(table.lanes.size());
      trace_lane[e.lane] = lane_index;
      table.lanes.push_back(lane);
    }
    table.lane_of_event[i] = lane_index;
    auto lane = [&]() -> TraceLane& { return table.lanes[static_cast<std::size_t>(lane_index)]; };

    if (is_ending(kind)) table.ending.push_back(e.previous_event_id);
    std::int32_t visit_index = lane().current;
    if (kind == T::ExecutionStarted) {
      table.execution_started = at;
      continue;
    }
    if (is_execution_end(kind)) {
      table.execution_end = at;
      continue;
    }
    if (is_state_entered(kind)) {
      VisitRecord visit;
      visit.entered_event = at;
      visit.lane = lane_index;
      visit.start_ms = now;
      if (kind == T::FailStateEntered) {
        visit.failed_here = true;
        visit.status = VisitStatus::Failed;
      }
      if (kind == T::SucceedStateEntered) visit.end_ms = now;
      visit_index = static_cast<std::int32_t>(visits.size());
      visits.push_back(std::move(visit));
      lane().current = visit_index;
    }
    if (is_map_iteration(kind)) {
      TraceLane& l = lane();
      const bool started = kind == T::MapIterationStarted;
      l.end_ms = started ? std::nullopt : std::optional<std::int64_t>(now);
      if (kind == T::MapIterationSucceeded) l.status = VisitStatus::Succeeded;
      if (kind == T::MapIterationFailed) l.status = VisitStatus::Failed;
      if (kind == T::MapIterationAborted) l.status = VisitStatus::Aborted;
      if (l.current != kNoIndex && !started) {
        VisitRecord& open = visits[static_cast<std::size_t>(l.current)];
        if (open.status == VisitStatus::Running) {
          open.end_ms = now;
          open.status =
              l.status == VisitStatus::Failed ? VisitStatus::Failed : VisitStatus::Aborted;
        }
      }
      continue;
    }
    if (visit_index == kNoIndex) continue;
    table.visit_of_event[i] = visit_index;
    VisitRecord& visit = visits[static_cast<std::size_t>(visit_index)];

    if (is_state_exited(kind)) {
      visit.exited_event = at;
      visit.end_ms = now;
      const bool last_failed = !visit.attempts.empty() &&
                               visit.attempts.back().outcome != AttemptOutcome::None &&
                               visit.attempts.back().outcome != AttemptOutcome::Succeeded;
      if (visit.status == VisitStatus::Failed || visit.status == VisitStatus::TimedOut ||
          last_failed) {
        visit.status = VisitStatus::Caught;
      } else if (visit.status == VisitStatus::Running) {
        visit.status = visit.attempts.size() > 1 ? VisitStatus::Retried : VisitStatus::Succeeded;
      }
      lane().current = kNoIndex;
    } else if (is_attempt_start(kind)) {
      AttemptRecord attempt;
      attempt.scheduled_ms = now;
      attempt.scheduled_event = at;
      visit.attempts.push_back(attempt);
      visit.status = VisitStatus::Running;
    } else if (is_attempt_run(kind)) {
      if (!visit.attempts.empty()) visit.attempts.back().started_ms = now;
    } else if (is_attempt_ok(kind)) {
      if (!visit.attempts.empty()) {
        AttemptRecord& attempt = visit.attempts.back();
        attempt.ended_ms = now;
        attempt.outcome = AttemptOutcome::Succeeded;
        attempt.end_event = at;
      }
    } else if (is_attempt_fail(kind)) {
      if (visit.attempts.empty()) {
        AttemptRecord first;
        first.scheduled_ms = now;
        visit.attempts.push_back(first);
      }
      AttemptRecord& attempt = visit.attempts.back();
      attempt.ended_ms = now;
      attempt.outcome = is_timed_out(kind) ? AttemptOutcome::TimedOut : AttemptOutcome::Failed;
      attempt.end_event = at;
      visit.failed_here = true;
      visit.failure_id = e.id;
      visit.status = is_timed_out(kind) ? VisitStatus::TimedOut : VisitStatus::Failed;
      visit.error_event = at;
      visit.end_ms = now;
    } else if (kind == T::EvaluationFailed) {
      visit.failed_here = true;
      visit.failure_id = e.id;
      visit.status = VisitStatus::Failed;
      visit.error_event = at;
      visit.end_ms = now;
    } else if (is_state_aborted(kind)) {
      if (!visit.end_ms) visit.end_ms = now;
      if (visit.status == VisitStatus::Running) visit.status = VisitStatus::Aborted;
      visit.aborted = true;
    } else if (kind == T::MapStateFailed || kind == T::ParallelStateFailed) {
      visit.status = VisitStatus::Failed;
      visit.end_ms = now;
      if (has_error(e)) visit.error_event = at;
      // It points at the failure that ended it; a state that failed without an event of its
      // own (a Choice that matched nothing) is known to have failed only from this pointer.
      const std::int64_t prev = e.previous_event_id;
      const std::int32_t culprit = prev >= 1 && static_cast<std::size_t>(prev) <= n
                                       ? table.visit_of_event[static_cast<std::size_t>(prev - 1)]
                                       : kNoIndex;
      if (culprit != kNoIndex && culprit != visit_index) {
        visit.culprit = culprit;
        VisitRecord& other = visits[static_cast<std::size_t>(culprit)];
        if (other.status == VisitStatus::Running && other.exited_event == kNoIndex) {
          other.status = VisitStatus::Failed;
          other.failed_here = true;
          other.end_ms = now;
        }
      }
    } else if (kind == T::MapStateStarted || kind == T::ParallelStateStarted) {
      ++visit.starts;
      if (kind == T::MapStateStarted) visit.map_started_event = at;
    } else if (kind == T::MapRunStarted) {
      visit.map_run_event = at;
    } else if (kind == T::MapRunFailed) {
      visit.error_event = at;
    }
  }
  table.complete = true;
  return table;
}

}  // namespace sfn::engine
