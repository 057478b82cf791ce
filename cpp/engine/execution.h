// One execution of a compiled state machine. It is a deterministic state machine driven by
// time: `run_until(now)` performs everything due by `now` and returns when the execution has
// ended or waits on something (a timer, a task token). The caller owns the clock, so the same
// execution runs on a virtual clock (jump to `next_due_ms()`), a manual one, or the real one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/model.h"
#include "common/failure.h"
#include "engine/history_event.h"
#include "engine/task_invoker.h"
#include "json/json.h"

namespace sfn::engine {

struct ExecutionInfo {
  std::string execution_arn;
  std::string name;
  std::string state_machine_arn;
  std::string state_machine_name;
  std::string role_arn;
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string state_machine_version_arn;
  std::string state_machine_alias_arn;
  std::int64_t start_time_ms = 0;
  std::uint64_t seed = 0;
  std::int64_t redrive_count = 0;
  // How the context object's Execution looks (docs/semantics/execution.md E12): an Express
  // execution lists Name, RoleArn and StartTime after Input; one started by StartSyncExecution
  // has no RedriveCount (it cannot be redriven).
  bool express = false;
  bool synchronous = false;
  // The input exactly as the caller wrote it: ExecutionStarted records it verbatim.
  std::optional<std::string> input_text;
};

struct Limits {
  std::size_t max_payload_bytes = 256 * 1024;
  // AWS ends an execution that records history (Standard) at 25,000 events: event 25,000 is
  // ExecutionSucceeded, or else ExecutionFailed with States.Runtime (engine/lifecycle.cpp).
  // 0: no limit.
  std::size_t max_history_events = 25000;
  // AWS ends an Express execution after five minutes; 0: no limit (Standard executions run
  // for up to a year, which their TimeoutSeconds bounds).
  std::int64_t max_duration_ms = 0;
  // The longest a Wait state may wait: AWS refuses delays past 2^31 - 1 seconds (recorded: a
  // 24,855-day wait runs, a 69-year one fails with "Wait state delay is too long.").
  std::int64_t max_wait_ms = 2147483647LL * 1000;
  bool record_history = true;
  // The most events kept in memory (0: all). An execution without a history limit (Express)
  // can record events without end; past this many it goes on counting them but keeps no more.
  std::size_t max_recorded_events = 0;
};

enum class ExecutionStatus : unsigned char { Running, Succeeded, Failed, TimedOut, Aborted };

std::string_view to_string(ExecutionStatus status);

// A Distributed Map run, as DescribeMapRun reports it.
struct MapRunRecord {
  std::string arn;
  std::string state_machine_arn;  // ...:stateMachine:<name>/<label>
  ExecutionStatus status = ExecutionStatus::Running;
  std::int64_t start_ms = 0;
  std::optional<std::int64_t> stop_ms;
  std::int64_t max_concurrency = 0;
  std::int64_t tolerated_failure_count = 0;
  double tolerated_failure_percentage = 0;
  std::int64_t items_total = 0;
  std::int64_t items_succeeded = 0;
  std::int64_t items_failed = 0;
  std::int64_t items_aborted = 0;
  std::vector<std::size_t> child_executions;  // indexes into child_execution_count()
  // The items_* counters count child executions. With an ItemBatcher, a child execution takes
  // a batch: batch_sizes[k] is how many items the k-th child (in start order) takes, and
  // item_total how many the reader read (DescribeMapRun's itemCounts, B4).
  std::vector<std::int64_t> batch_sizes;
  std::int64_t item_total = 0;
  // Redrives of the run (docs/semantics/distributed-map.md R*): how many, the last one's time,
  // and the children (positions in child_executions) waiting to be redriven from
  // redrive_next on (DescribeMapRun's pendingRedrive).
  std::int64_t redrive_count = 0;
  std::optional<std::int64_t> redrive_ms;
  std::vector<std::size_t> redrive_queue;
  std::size_t redrive_next = 0;
  // With a ResultWriter (writes_results): how many child executions, and items, the files
  // written list (M3); nothing written yet: unset.
  bool writes_results = false;
  std::optional<std::int64_t> results_written;
  std::optional<std::int64_t> results_written_items;
};

// A Distributed Map child execution, for ListExecutions(mapRunArn) and its history.
struct ChildExecutionView {
  const std::string& name;
  const std::string& arn;
  const std::string& map_run_arn;
  ExecutionStatus status;
  const JsonPtr& input;
  const JsonPtr& output;
  const Failure& failure;
  std::int64_t start_ms;
  std::optional<std::int64_t> stop_ms;
  const std::vector<HistoryEvent>& history;
  bool express;
  std::int64_t redrive_count;
  std::optional<std::int64_t> redrive_ms;
};

// How far the Map states of a running execution are, for a progress bar: counters per Map state
// (every run of it added up: a Map inside a Map's iterations, a retried Map), in the order the
// states first started. Iterations are `running` from their start until they succeed or fail,
// or the failure of their Map aborts them; iterations aborted from outside the Map (the
// execution stopped, an enclosing state failed) are left counted as running.
struct MapProgress {
  std::string state_name;
  bool distributed = false;
  std::size_t total = 0;  // items (batches, for an ItemBatcher) of every run started so far
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t running = 0;
};

struct Runtime;  // the execution's mutable state (engine/runtime.h)

class Execution {
 public:
  Execution(asl::StateMachinePtr machine, ExecutionInfo info, JsonPtr input, TaskInvoker invoker,
            Limits limits = {});
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // Performs everything due at or before `now_ms` (the first call also records
  // ExecutionStarted at the start time).
  void run_until(std::int64_t now_ms);
  // Runs on a virtual clock: jumps from timer to timer until the execution ends or waits on
  // something outside it (a task token, an activity worker, a job): the deadlines of such
  // tasks are passed only by run_until. Returns the virtual time reached.
  std::int64_t run_virtual();
  // The time of the next timer, if the execution waits on one.
  std::optional<std::int64_t> next_due_ms() const;

  // Asked after every step: when it answers true, run_until and run_virtual return at once,
  // with the rest of the work still due (next_due_ms() is now). Whoever drives the execution
  // uses it to get a word in: the service applies a StopExecution or a callback queued while a
  // task handler ran, Python delivers Ctrl-C and keeps its time limit.
  void set_pause_check(std::function<bool()> pause);
  // Whether the last run_until or run_virtual returned because the pause check said so, with
  // the execution still running: the caller runs it on when it has had its word.
  bool paused() const;

  // Completes a task that answered Pending (a .waitForTaskToken or activity task). Returns false
  // when no running task has this token.
  // Timers due by `now_ms` fire first. A Pending outcome counts as a success.
  bool complete_task(std::string_view token, TaskOutcome outcome, std::int64_t now_ms);
  // SendTaskHeartbeat: restarts the HeartbeatSeconds clock of the task waiting on `token`.
  // Returns false when no running task has this token (it ended or timed out).
  bool heartbeat_task(std::string_view token, std::int64_t now_ms);
  // GetActivityTask handed the activity task with `token` to a worker: records ActivityStarted
  // (workerName omitted when empty) and starts the heartbeat clock. Returns false when no
  // running activity task has this token.
  bool start_activity(std::string_view token, std::string_view worker_name, std::int64_t now_ms);
  // RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution runs again from the top-level
  // state it ended in, with that state's input; the history continues after an
  // ExecutionRedriven event. Returns false when there is nothing to redrive.
  bool redrive(std::int64_t now_ms);
  std::optional<std::int64_t> redrive_time_ms() const;

  // StopExecution.
  void stop(std::optional<std::string> error, std::optional<std::string> cause,
            std::int64_t now_ms);
  // Ends the execution TIMED_OUT (States.Timeout) now, as its own deadline does: for a bound
  // its driver keeps outside simulated time (an Express execution's five minutes of real time).
  void time_out(std::int64_t now_ms);

  ExecutionStatus status() const;
  const ExecutionInfo& info() const;
  const JsonPtr& input() const;
  const JsonPtr& output() const;   // set when SUCCEEDED
  const Failure& failure() const;  // set when FAILED / TIMED_OUT / ABORTED
  std::optional<std::int64_t> stop_time_ms() const;
  const std::vector<HistoryEvent>& history() const;
  // The lanes the history's events name (HistoryEvent::lane): see engine/visit_table.h.
  const std::vector<LaneRecord>& lanes() const;
  const asl::StateMachinePtr& machine() const;
  // Tokens of tasks waiting on send_task_success/failure.
  std::vector<std::string> pending_task_tokens() const;

  // Starts counting MapProgress (before the execution runs). Never called, the engine keeps no
  // such counters: a Map pays one comparison per iteration for the feature.
  void track_map_progress();
  const std::vector<MapProgress>& map_progress() const;

  // How many threads (the execution's, its branches', its iterations') the execution holds
  // now: those running and those waiting on their children. A thread that has ended inside a
  // Map or Parallel is freed, so a Map holds as many as run at once, however many items it has.
  std::size_t held_threads() const;

  // Distributed Map runs and their child executions.
  const std::vector<MapRunRecord>& map_runs() const;
  std::size_t child_execution_count() const;
  ChildExecutionView child_execution(std::size_t index) const;

 private:
  std::unique_ptr<Runtime> rt_;
};

}  // namespace sfn::engine
