// The visits of an execution's history (each time a state ran: its events, attempts and
// outcome) and its lanes (the top level, each Parallel branch, each Map iteration), read from
// the lanes the engine recorded on its events instead of guessed from previousEventId.
//
// Plain data for one pass over the events; what a visit's outcome becomes once the whole
// history is known (stopped before a retry, failed because a run inside it failed, the error a
// failed Parallel or Map reports) is decided afterwards by the one reader every history goes
// through (python/sfnsim/history_reader.py, `Trace._finish`). The per-event rules here are
// that reader's `_apply`, event by event; a test runs both on the same executions and
// compares every visit, lane and attempt.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/history_event.h"

namespace sfn::engine {

// How a visit or lane stands after the pass (the reader's outcome names).
enum class VisitStatus : unsigned char {
  Running,
  Succeeded,
  Retried,
  Caught,
  Failed,
  TimedOut,
  Aborted
};

enum class AttemptOutcome : unsigned char { None, Succeeded, Failed, TimedOut };

inline constexpr std::int32_t kNoIndex = -1;

// Event fields are indices into the history (its `events` vector), so the caller reads names,
// payloads, errors and ARNs from the events as it renders them: one rendering, one text.
struct AttemptRecord {
  std::int64_t scheduled_ms = 0;
  std::optional<std::int64_t> started_ms;
  std::optional<std::int64_t> ended_ms;
  AttemptOutcome outcome = AttemptOutcome::None;
  std::int32_t scheduled_event = kNoIndex;  // resource, parameters
  std::int32_t end_event = kNoIndex;        // output, or error and cause
};

struct VisitRecord {
  std::int32_t entered_event = 0;  // name, type, input
  std::int32_t lane = 0;           // index in VisitTable::lanes
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms;
  std::int32_t exited_event = kNoIndex;  // output
  VisitStatus status = VisitStatus::Running;
  std::int32_t error_event = kNoIndex;  // where its error and cause were read
  bool failed_here = false;
  bool aborted = false;
  std::optional<std::int64_t> failure_id;  // event id
  std::int32_t culprit = kNoIndex;         // a failed Parallel or Map: the visit that ended it
  std::uint32_t starts = 0;                // a Parallel or Map: its branches started (1 + retries)
  std::int32_t map_started_event = kNoIndex;  // the last MapStateStarted (length)
  std::int32_t map_run_event = kNoIndex;      // MapRunStarted (mapRunArn)
  std::vector<AttemptRecord> attempts;
};

enum class LaneKind : unsigned char { Execution, Branch, Iteration };

struct TraceLane {
  std::int32_t parent = kNoIndex;     // index in VisitTable::lanes
  std::int32_t container = kNoIndex;  // the Parallel or Map visit it belongs to
  std::uint32_t index = 0;            // branch or item index
  LaneKind kind = LaneKind::Execution;
  std::uint32_t attempt = 1;  // which run of its Parallel or Map
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> end_ms;
  VisitStatus status = VisitStatus::Running;
  std::int32_t current = kNoIndex;  // the visit still open in it
};

struct VisitTable {
  bool complete = false;  // false: the events lack what the table needs (read them instead)
  std::vector<VisitRecord> visits;
  std::vector<TraceLane> lanes;               // lanes[0]: the top level
  std::vector<std::int32_t> visit_of_event;   // per event: its visit, or kNoIndex
  std::vector<std::int32_t> lane_of_event;    // per event: its lane
  std::vector<std::int64_t> ending;           // ids of failures something ended because of
  std::int32_t execution_started = kNoIndex;  // input
  std::int32_t execution_end = kNoIndex;      // the last end of the execution
};

// `lanes`: the EventLog's lane records the events' `lane` fields index.
VisitTable visit_table(const std::vector<HistoryEvent>& events,
                       const std::vector<LaneRecord>& lanes);

}  // namespace sfn::engine
