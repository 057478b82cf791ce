// The execution's mutable state and the operations the per-state step functions share. Private
// to the engine: Execution (execution.h) is the public face.
//
// Control flows through threads: the execution's root, each Parallel branch, each Map
// iteration. A scheduler runs ready threads round-robin, one step at a time, at the current
// (virtual) time; a thread that waits sits in the timer queue or on a task token. Stepping
// round-robin interleaves concurrent branches the way AWS histories show them.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/model.h"
#include "common/random.h"
#include "engine/execution.h"
#include "engine/variables.h"
#include "path/jsonpath.h"

namespace sfn::engine {

struct ItemStream;  // engine/item_stream.h

enum class Phase : unsigned char {
  Enter,         // record XStateEntered and start the state
  TaskStart,     // record TaskStarted and call the invoker
  TaskResult,    // the task's outcome is in `outcome`
  TaskWaiting,   // waiting for a token / a simulated duration
  TaskInFlight,  // the invoker answered InFlight: an entry in Runtime::in_flight holds it
  TaskTimedOut,  // a task's timeout was recorded: handle it as a failure when next stepped
  WaitExit,      // a Wait state's time has come
  FanoutStart,   // record Map/ParallelStateStarted and spawn children
  FanoutJoin,    // waiting for children
  RetryTask,     // a Task's retry delay elapsed: schedule it again
  FailPending,   // fail with `pending_failure` when next stepped
  Finished,
};

// The children of a running Parallel or Map state.
struct Fanout {
  std::vector<int> children;     // thread id per branch / item; -1 while not started
  std::vector<JsonPtr> results;  // per branch / item
  std::size_t next_to_start = 0;
  std::size_t running = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t max_concurrency = 0;           // 0: unbounded
  std::int64_t tolerated_failure_count = 0;  // Distributed Map
  double tolerated_failure_percentage = 0;
  bool has_tolerated_count = false;
  bool has_tolerated_percentage = false;
  JsonPtr items;  // Map: the array iterated over
  // Distributed Map: instead of `items`, the ItemReader's stream, read as iterations start.
  std::shared_ptr<ItemStream> stream;
  bool aborting = false;
  std::size_t map_run = 0;  // Distributed Map: index in Runtime::map_runs
  bool distributed = false;
  bool items_are_inputs = false;  // ItemBatcher: `items` are the batches (ItemSelector applied)
  // Map: `items` are a JSON object's members as {Key, Value} pairs (E18): $$.Map.Item has a Key.
  bool keyed = false;
  // Index in Runtime::map_progress while progress is tracked (Execution::track_map_progress);
  // -1 otherwise, and for a Parallel's branches.
  int progress = -1;
};

// Which state's view a context object holds (its `State` and `Task` members): context_for
// rewrites them only when another state, entry, attempt or token asks. A Map's iterations
// asking in turn for the same state would otherwise rebuild them on every Task.
struct ContextStamp {
  const void* state = nullptr;  // the asl::State; null: nothing written yet
  std::int64_t entered_ms = 0;
  std::int64_t retry_count = 0;
  std::string task_token;
  // Whether Execution.Input holds the input yet (make_context_object's placeholder filled).
  bool has_input = true;
};

// Where a thread records its events: the execution's own history, or a Distributed Map child
// execution's.
struct EventLog {
  std::vector<HistoryEvent> events;
  std::int64_t next_id = 1;
  std::vector<LaneRecord> lanes;  // indexed by HistoryEvent::lane; lane 0 is the top level
};

// A Distributed Map iteration runs as a child execution with its own history. Once it has
// ended it keeps only what DescribeExecution, GetExecutionHistory, ListExecutions and the
// ResultWriter read (docs/semantics/distributed-map.md S4): its context object and its threads
// are freed.
struct ChildExecution {
  std::string name;
  std::string arn;
  std::size_t map_run = 0;  // index in Runtime::map_runs
  EventLog log;
  Json context;  // its own context object ($$.Execution is the child's), while it runs
  ContextStamp context_stamp;
  ExecutionStatus status = ExecutionStatus::Running;
  JsonPtr input;
  JsonPtr output;
  Failure failure;
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> stop_ms;
  // Redrive (docs/semantics/distributed-map.md R*): a STANDARD child is redriven in place from
  // the state it ended in, with that state's input and variables; an EXPRESS one starts again.
  bool express = false;
  std::int64_t redrive_count = 0;
  std::optional<std::int64_t> redrive_ms;
  struct ResumePoint {
    int state = -1;
    JsonPtr input;
    std::shared_ptr<VariableScope> variables;
  };
  std::optional<ResumePoint> resume;  // set when it ends unsuccessfully
};

struct Thread {
  int id = 0;
  int parent = -1;       // thread id of the Map/Parallel thread that spawned this one
  std::size_t slot = 0;  // branch / item index in the parent
  // An inline Map iteration's {"index": slot} details: made for MapIterationStarted, shared by
  // the event that ends the iteration.
  std::shared_ptr<const EventDetails> iteration_details;
  const asl::StateGraph* graph = nullptr;
  int state = -1;  // index in graph->states
  Phase phase = Phase::Enter;

  JsonPtr state_input;       // the raw input of the current state
  JsonPtr effective_input;   // after InputPath
  JsonPtr task_parameters;   // a Task's input after Parameters (re-evaluated on each attempt)
  JsonPtr task_credentials;  // a Task's resolved Credentials (each attempt), null without any
  std::int64_t last_event = 0;
  std::int64_t entered_event = 0;  // id of the current state's Entered event
  std::uint32_t lane = kNoLane;    // its lane in `log`, given when it records its first event
  std::int64_t entered_time_ms = 0;

  std::vector<std::int64_t> retry_attempts;  // per retrier of the current state
  std::int64_t retry_count = 0;              // $$.State.RetryCount

  // Task bookkeeping.
  std::optional<TaskOutcome> outcome;
  std::string task_token;
  std::string wait_key;  // the key in Runtime::tokens while the task waits (token or job key)
  std::int64_t task_deadline_ms = 0;                  // TimeoutSeconds of a waiting task
  std::optional<std::int64_t> heartbeat_deadline_ms;  // HeartbeatSeconds of a waiting task
  bool activity_started = false;                      // ActivityStarted was recorded
  std::optional<std::int64_t> timeout_seconds;
  std::optional<std::int64_t> heartbeat_seconds;
  std::int64_t wake_generation = 0;  // timers armed for an older generation are ignored

  std::unique_ptr<Fanout> fanout;
  Failure pending_failure;

  EventLog* log = nullptr;                    // where this thread's events go
  ChildExecution* child_execution = nullptr;  // set on a Distributed Map child's threads

  std::shared_ptr<VariableScope> variables;
  path::VariableLookup lookup;    // reads `variables`; built once per thread
  path::ContextProvider context;  // context_for(this thread), built on demand

  const asl::State& current() const { return graph->states[static_cast<std::size_t>(state)]; }
};

// A task whose invoker answered InFlight, with what `start` would have used had it answered at
// once: its start time and the timer sequence number its end takes (reserved when it started),
// so that settling it later arms the very timer an answer at once would have.
struct InFlightTask {
  int thread = -1;
  std::int64_t generation = 0;  // the thread's wake_generation: stale once it is aborted
  std::int64_t started_ms = 0;
  std::uint64_t sequence = 0;
  std::function<TaskOutcome()> settle;
};

struct Timer {
  std::int64_t due_ms;
  std::uint64_t sequence;
  int thread;  // -1: the execution's own timeout
  std::int64_t generation;
  bool operator>(const Timer& o) const {
    return due_ms != o.due_ms ? due_ms > o.due_ms : sequence > o.sequence;
  }
};

// TestState (engine/test_state.cpp) runs one state with the steps an execution runs. They note
// each stage of the state's pipeline here (AWS's inspectionData) and stop where an execution
// would move on: at the transition, or at the Retry or Catch a failure would take, which is
// reported rather than followed.
enum class TestStatus : unsigned char { Succeeded, Failed, Retriable, CaughtError };

struct StateTest {
  int thread = -1;  // the tested state's thread; set once it stands in the state
  std::optional<Json> mock_result;
  std::optional<Failure> mock_error;
  std::int64_t retrier_retry_count = 0;           // stateConfiguration.retrierRetryCount
  std::optional<std::int64_t> map_failure_count;  // stateConfiguration.mapIterationFailureCount
  bool context_given = false;  // the caller's context object is used as given, never patched
  // How many items a Map's ItemReader would read (stateConfiguration.mapItemReaderData).
  std::optional<std::size_t> reader_items;
  // A request AWS refuses once the state's values are known (ValidationException).
  std::string request_problem;

  Json inspection = Json::object();  // inspectionData members, in the order noted
  bool done = false;
  TestStatus status = TestStatus::Succeeded;
  JsonPtr output;
  std::optional<Failure> failure;
  std::string next_state;
  std::optional<std::size_t> catch_index;  // a Catch took the failure
};

struct Runtime {
  asl::StateMachinePtr machine;
  ExecutionInfo info;
  Limits limits;
  TaskInvoker invoker;
  Rng rng;

  JsonPtr input;
  bool started = false;
  std::int64_t now_ms = 0;
  EventLog log;  // the execution's history
  std::vector<std::unique_ptr<ChildExecution>> child_executions;
  std::vector<MapRunRecord> map_runs;
  bool track_progress = false;            // Execution::track_map_progress was called
  std::vector<MapProgress> map_progress;  // per Map state, when tracked

  // Thread ids index this table; a thread that has ended inside a Map or Parallel (or a
  // Distributed Map child execution) is freed after the step that ended it (`ended`), leaving
  // a null entry: nothing refers to it once it has ended, and a million-item map would
  // otherwise keep a million threads until the execution ends.
  std::vector<std::unique_ptr<Thread>> threads;
  std::vector<int> ended;
  std::deque<int> ready;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  std::uint64_t timer_sequence = 0;
  std::unordered_map<std::string, int> tokens;  // task token / job key -> waiting thread
  std::deque<InFlightTask> in_flight;           // in the order the tasks started

  StateTest* test = nullptr;    // TestState's run of one state; null in executions
  std::function<bool()> pause;  // Execution::set_pause_check
  bool paused = false;          // the last run_until returned because `pause` said so

  Json context;  // the context object; `State` (and `Task`, `Map`) patched per evaluation
  ContextStamp context_stamp;
  // The details of Task events that carry only the resource (TaskStarted, TaskSucceeded, ...):
  // immutable, so one per resource is shared by every event instead of allocated per event.
  std::unordered_map<const asl::Resource*, std::shared_ptr<const EventDetails>> resource_details;
  // The details of every Distributed Map child's ExecutionStarted (the role ARN), likewise.
  std::shared_ptr<const EventDetails> child_started_details;

  ExecutionStatus status = ExecutionStatus::Running;
  JsonPtr output;
  Failure failure;
  std::optional<std::int64_t> stop_time_ms;
  // The history reached Limits::max_history_events: the execution failed, and whatever the
  // step that reached it goes on to record is dropped.
  bool history_full = false;

  // Where the root thread stood when the execution ended unsuccessfully: a redrive re-enters
  // that state with the same input and variables.
  struct ResumePoint {
    int state = -1;
    JsonPtr input;
    std::shared_ptr<VariableScope> variables;
  };
  std::optional<ResumePoint> resume;
  std::optional<std::int64_t> redrive_time_ms;
  // A top-level Distributed Map whose run ended unsuccessfully after starting children keeps
  // its fanout (items, results, settings) here, so that a redrive of the execution redrives
  // that map run instead of starting a new one (docs/semantics/distributed-map.md R1-R3).
  struct ParkedRun {
    int state = -1;  // the Map state, in the top-level graph
    std::unique_ptr<Fanout> fanout;
  };
  std::optional<ParkedRun> parked_run;
  bool redriving_map = false;  // Execution::redrive re-enters the parked run's Map state
};

// ---- events ----------------------------------------------------------------------------------

// Records an event for `thread` (previousEventId: the thread's last event) and makes it the
// thread's last event. Returns its id.
std::int64_t emit(Runtime& rt, Thread& thread, EventType type, std::string_view name = {},
                  JsonPtr data = {}, std::shared_ptr<const EventDetails> details = {});
// Records an event in `log` with an explicit previousEventId, leaving every thread's cursor
// alone. `owner`: the thread whose lane the event belongs to (null: the log's top level).
std::int64_t emit_detached(Runtime& rt, EventLog& log, Thread* owner, std::int64_t previous,
                           EventType type, std::string_view name = {}, JsonPtr data = {},
                           std::shared_ptr<const EventDetails> details = {});
// The lane of `thread` in its log, made when first asked: the log's top level for a thread
// that nothing in the same log spawned (the root, a Distributed Map child's root).
std::uint32_t lane_of(Runtime& rt, Thread& thread);
// Whether `thread` is the root of a Distributed Map child execution: the Map that spawned it
// records in another log. A child's branches and iterations share its log and its
// `child_execution` but are not its root.
inline bool is_child_execution_root(const Runtime& rt, const Thread& thread) {
  if (!thread.child_execution || thread.parent < 0) return false;
  const Thread* parent = rt.threads[static_cast<std::size_t>(thread.parent)].get();
  return parent == nullptr || parent->log != thread.log;
}

// ---- scheduling ------------------------------------------------------------------------------

Thread& spawn_thread(Runtime& rt, const asl::StateGraph& graph, int parent, std::size_t slot,
                     std::shared_ptr<VariableScope> variables);
void make_ready(Runtime& rt, Thread& thread);
void sleep_until(Runtime& rt, Thread& thread, std::int64_t due_ms);
// A waiting task stops waiting: its completion key and task token no longer lead to it.
void release_task_keys(Runtime& rt, Thread& thread);

// ---- state lifecycle -------------------------------------------------------------------------

// Makes the Assign results recorded in `details` (if any) visible to later states.
void commit_assignments(Thread& thread, const EventDetails* details);
// Records the current state's XStateEntered event (input: the state's raw input).
void record_entered(Runtime& rt, Thread& thread);
// Moves `thread` into state `index` of its graph with `input`, to be entered on its next step.
void goto_state(Runtime& rt, Thread& thread, int index, JsonPtr input);
// Records XStateExited with `output` and follows Next / End.
void exit_state(Runtime& rt, Thread& thread, JsonPtr output,
                std::shared_ptr<const EventDetails> exit_details = {});
// Handles a failure of the current state: Retry, then Catch, then the thread fails.
void fail_state(Runtime& rt, Thread& thread, Failure failure);
// The two halves of fail_state, for Map and Parallel, which record XStateFailed in between.
bool retry_state(Runtime& rt, Thread& thread, const Failure& failure);
void catch_or_fail(Runtime& rt, Thread& thread, Failure failure);
// The thread reached an End / Succeed with `output`, or failed without a handler.
void thread_succeeded(Runtime& rt, Thread& thread, JsonPtr output);
void thread_failed(Runtime& rt, Thread& thread, Failure failure);

// "An error occurred while executing the state 'X' (entered at the event id #N). <message>"
Failure runtime_failure(const Thread& thread, const std::string& message);
// States.DataLimitExceeded when `value` is over the payload limit; States.Runtime (too_deep) when
// it is nested deeper than kMaxNestingDepth.
std::optional<Failure> check_size(const Runtime& rt, const Thread& thread, const Json& value,
                                  std::string_view who);
// Values nested deeper than kMaxNestingDepth (json.h) fail their state: outputs and task results
// through check_size, assigned variables through check_depth. AWS's parser refuses such
// documents; what AWS records when a state builds one is not documented, so sfnsim fails the
// state with a runtime error rather than carry data its recursive walks cannot.
std::optional<Failure> check_depth(const Thread& thread, const Json& value);
Failure too_deep(const Thread& thread);

// ---- TestState -------------------------------------------------------------------------------

// The StateTest when `thread` is the state TestState runs (its steps note what they do), else
// null: executions pay one comparison.
inline StateTest* tested(Runtime& rt, const Thread& thread) {
  return rt.test && rt.test->thread == thread.id ? rt.test : nullptr;
}
// Notes an inspectionData member of the tested state.
inline void note(Runtime& rt, const Thread& thread, const char* member, const Json& value) {
  if (StateTest* t = tested(rt, thread)) t->inspection[member] = value;
}
// The tested state moves on to `next` (empty at its end) with `output`.
void test_transition(Runtime& rt, Thread& thread, JsonPtr output, const std::string& next);
// A tested Map or Parallel ends with the mocked result or error instead of running its
// iterations or branches; a Map's mapIterationFailureCount is held to its tolerance.
void test_fanout(Runtime& rt, Thread& thread);
// TestState: the failure of a JSONPath Map whose ItemsPath (null: `$`) selects no array.
Failure test_items_not_array(const path::Path* items_path);
// ---- tasks in flight (engine/in_flight.cpp) ---------------------------------------------------

// Records how a started Task answered (TaskSubmitted, ActivityStarted) and arms the one timer
// that ends its wait, as of `started_ms` with timer sequence `sequence`.
void apply_task_outcome(Runtime& rt, Thread& thread, TaskOutcome outcome, std::int64_t started_ms,
                        std::uint64_t sequence);
// Settles every task in flight in the order they started (waiting for each) and applies the
// outcomes of those whose thread still waits on them. The scheduler calls it whenever nothing
// is ready, before it fires any timer: the history is the one an invoker answering at once
// gives, whichever task finishes first. Stops early (leaving the rest in flight) when the
// pause check says so.
void settle_in_flight(Runtime& rt);

// The scheduler of Execution::run_until: steps what is ready and fires what is due by `now_ms`
// (engine/execution.cpp); TestState drives its one-off Runtime with it too.
void drive(Runtime& rt, std::int64_t now_ms);

// ---- evaluation scope ------------------------------------------------------------------------

// The context object as `thread`'s current state sees it. A Task's request passes `with_input`
// false: its invoker gets the input as TaskRequest::execution_input instead, so
// Execution.Input may still be the placeholder (see make_context_object).
const Json& context_for(Runtime& rt, Thread& thread, bool with_input = true);
path::Scope scope_for(Runtime& rt, Thread& thread, const Json& input);

// ---- steps, one per state type (engine/states/*.cpp) -----------------------------------------

void step_pass(Runtime& rt, Thread& thread);
void step_task(Runtime& rt, Thread& thread);
void step_choice(Runtime& rt, Thread& thread);
void step_wait(Runtime& rt, Thread& thread);
void step_succeed(Runtime& rt, Thread& thread);
void step_fail(Runtime& rt, Thread& thread);
void step_parallel(Runtime& rt, Thread& thread);
void step_map(Runtime& rt, Thread& thread);

// Map and Parallel: a child thread ended.
void child_succeeded(Runtime& rt, Thread& parent, Thread& child, JsonPtr output);
void child_failed(Runtime& rt, Thread& parent, Thread& child, const Failure& failure);
// Stops `thread` and everything under it, recording the Aborted events AWS records.
void abort_thread(Runtime& rt, Thread& thread, std::int64_t previous);

}  // namespace sfn::engine
