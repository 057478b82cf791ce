// History events: one record per AWS HistoryEvent, with payloads held by shared pointer so
// recording history never copies a document. Rendered to the API's JSON shape only when read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"

namespace sfn::engine {

// Every HistoryEventType of the Step Functions API, in the service model's order.
enum class EventType : unsigned char {
  ActivityFailed,
  ActivityScheduled,
  ActivityScheduleFailed,
  ActivityStarted,
  ActivitySucceeded,
  ActivityTimedOut,
  ChoiceStateEntered,
  ChoiceStateExited,
  ExecutionAborted,
  ExecutionFailed,
  ExecutionStarted,
  ExecutionSucceeded,
  ExecutionTimedOut,
  FailStateEntered,
  LambdaFunctionFailed,
  LambdaFunctionScheduled,
  LambdaFunctionScheduleFailed,
  LambdaFunctionStarted,
  LambdaFunctionStartFailed,
  LambdaFunctionSucceeded,
  LambdaFunctionTimedOut,
  MapIterationAborted,
  MapIterationFailed,
  MapIterationStarted,
  MapIterationSucceeded,
  MapStateAborted,
  MapStateEntered,
  MapStateExited,
  MapStateFailed,
  MapStateStarted,
  MapStateSucceeded,
  ParallelStateAborted,
  ParallelStateEntered,
  ParallelStateExited,
  ParallelStateFailed,
  ParallelStateStarted,
  ParallelStateSucceeded,
  PassStateEntered,
  PassStateExited,
  SucceedStateEntered,
  SucceedStateExited,
  TaskFailed,
  TaskScheduled,
  TaskStarted,
  TaskStartFailed,
  TaskStateAborted,
  TaskStateEntered,
  TaskStateExited,
  TaskSubmitFailed,
  TaskSubmitted,
  TaskSucceeded,
  TaskTimedOut,
  WaitStateAborted,
  WaitStateEntered,
  WaitStateExited,
  MapRunAborted,
  MapRunFailed,
  MapRunStarted,
  MapRunSucceeded,
  ExecutionRedriven,
  MapRunRedriven,
  EvaluationFailed
};

std::string_view to_string(EventType type);

// The two events that bracket a state's visit (a Fail state has no Exited event). The history
// renderer (which details they carry) and the visit table (where a visit opens and closes) both
// classify by these, so a new state type is added in one place.
constexpr bool is_state_entered(EventType type) {
  switch (type) {
    case EventType::ChoiceStateEntered:
    case EventType::FailStateEntered:
    case EventType::MapStateEntered:
    case EventType::ParallelStateEntered:
    case EventType::PassStateEntered:
    case EventType::SucceedStateEntered:
    case EventType::TaskStateEntered:
    case EventType::WaitStateEntered:
      return true;
    default:
      return false;
  }
}

constexpr bool is_state_exited(EventType type) {
  switch (type) {
    case EventType::ChoiceStateExited:
    case EventType::MapStateExited:
    case EventType::ParallelStateExited:
    case EventType::PassStateExited:
    case EventType::SucceedStateExited:
    case EventType::TaskStateExited:
    case EventType::WaitStateExited:
      return true;
    default:
      return false;
  }
}
// The HistoryEvent member holding this type's details ("stateEnteredEventDetails"), or "" for
// types that carry none.
std::string_view details_member(EventType type);

// Details other than the state name and the main payload; absent for most events.
struct EventDetails {
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::string resource_type;
  std::string resource;
  std::string region;
  JsonPtr parameters;
  std::optional<std::int64_t> timeout_seconds;
  std::optional<std::int64_t> heartbeat_seconds;
  std::optional<std::int64_t> index;
  std::optional<std::int64_t> length;
  std::optional<std::int64_t> redrive_count;
  std::string role_arn;
  std::string state_machine_alias_arn;
  std::string state_machine_version_arn;
  std::string worker_name;
  std::string map_run_arn;
  std::string location;  // EvaluationFailed
  std::string state;     // EvaluationFailed
  std::optional<Json> task_credentials;
  // Assign results in *StateExited events: name -> value, in assignment order.
  std::vector<std::pair<std::string, JsonPtr>> assigned_variables;
  bool has_assigned_variables = false;
  // A payload to record verbatim instead of rendering `data` (ExecutionStarted's input).
  std::optional<std::string> verbatim_data;
};

// The lane an event belongs to: the thread of the execution that recorded it (the execution
// itself, one Parallel branch, one Map iteration). Lane 0 is the history's top level; every
// other lane names the lane it runs in and its branch or item index. A history reader guesses
// this by following previousEventId; the engine knows it when it records the event.
struct LaneRecord {
  std::uint32_t parent = 0;   // the lane of the Parallel or Map that runs it (lane 0: none)
  std::uint32_t slot = 0;     // branch or item index
  std::uint32_t attempt = 1;  // which run of that Parallel or Map: 1, plus one per retry
};
inline constexpr std::uint32_t kNoLane = 0xffffffffU;

struct HistoryEvent {
  EventType type{};
  // Which try of its state the event belongs to (1 + the retries before it; 0 for events of
  // no state) and its lane: both sit in what would otherwise be padding, so they cost no
  // memory per event.
  std::uint16_t attempt = 0;
  std::uint32_t lane = 0;
  std::int64_t id = 0;
  std::int64_t previous_event_id = 0;
  std::int64_t timestamp_ms = 0;
  std::string_view name;  // state name, or the Map state's name for MapIteration* events
  JsonPtr data;           // the event's input or output payload, when it has one
  std::shared_ptr<const EventDetails> details;
};
static_assert(sizeof(void*) != 8 || sizeof(HistoryEvent) == 80,
              "lane and attempt must stay in the padding after the event type");

struct RenderOptions {
  bool include_execution_data = true;  // GetExecutionHistory's includeExecutionData
  // Payloads longer than this are truncated in the rendering and flagged `truncated: true`.
  std::size_t max_payload_bytes = 256 * 1024;
};

// The event as GetExecutionHistory returns it (awsJson wire shape): `timestamp` in epoch
// seconds, payloads as JSON text.
Json to_api_json(const HistoryEvent& event, const RenderOptions& options = {});

}  // namespace sfn::engine
