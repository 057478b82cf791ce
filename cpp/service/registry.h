// What a Service knows: state machines with their revisions, versions, aliases and tags;
// executions; activities; task tokens. Plain data guarded by Registry::mutex; an execution's
// engine has its own locks (ExecutionRecord) so running one never blocks the registry.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "asl/model.h"
#include "common/failure.h"
#include "engine/execution.h"
#include "json/json.h"
#include "service/progress_board.h"

namespace sfn::service {

using Tags = std::vector<std::pair<std::string, std::string>>;  // in the order they were added

// A state machine's content at one point in time. Immutable once made: versions and executions
// share it.
struct Revision {
  std::string definition;  // as the caller sent it
  asl::StateMachinePtr machine;
  std::string role_arn;
  Json logging;             // loggingConfiguration as DescribeStateMachine returns it
  Json tracing;             // tracingConfiguration
  Json encryption;          // encryptionConfiguration, or null when not given
  std::string revision_id;  // empty for the revision the state machine was created with
  std::int64_t created_ms = 0;
};
using RevisionPtr = std::shared_ptr<const Revision>;

struct Version {
  std::int64_t number = 0;
  std::string arn;
  RevisionPtr revision;
  std::optional<std::string> description;
  std::int64_t creation_ms = 0;
};

struct Route {
  std::string version_arn;
  std::int64_t weight = 0;
};

struct Alias {
  std::string arn;
  std::string name;
  std::optional<std::string> description;
  std::vector<Route> routing;
  std::int64_t creation_ms = 0;
  std::int64_t update_ms = 0;
};

struct StateMachineRecord {
  std::string arn;
  std::string name;
  bool express = false;
  std::int64_t creation_ms = 0;
  RevisionPtr current;
  std::map<std::int64_t, Version> versions;  // by number
  std::int64_t next_version = 1;
  std::vector<Alias> aliases;  // in creation order
  Tags tags;
};

// Mutations of an execution requested while another thread (or a task handler on the same
// thread) is running it; the runner applies them in order before it lets go.
struct PendingOp {
  // Heartbeat: SendTaskHeartbeat; StartActivity: GetActivityTask handed the task to a worker.
  enum class Kind : unsigned char {
    Tick,
    Complete,
    Stop,
    Heartbeat,
    StartActivity,
    Redrive  // RedriveExecution
  } kind = Kind::Tick;
  std::string token;
  std::string worker_name;  // StartActivity
  engine::TaskOutcome outcome;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::int64_t now_ms = 0;
  bool callers = false;  // the operation of the thread that became the runner to apply it
};

// What DescribeExecution / ListExecutions read, published after each run so that reading it
// never waits for a running task handler.
struct ExecutionRecord;

// A parent's Task waiting for this execution to end (states:startExecution.sync / .sync:2).
struct Watcher {
  std::weak_ptr<ExecutionRecord> parent;
  std::string token;   // the key the parent's task waits on
  bool sync2 = false;  // .sync:2: Input and Output as JSON values rather than JSON text
};

// An execution a Task of this one started with .sync / .sync:2 and waits for.
struct NestedChild {
  std::weak_ptr<ExecutionRecord> child;
  std::string token;
};

struct ExecutionSummary {
  engine::ExecutionStatus status = engine::ExecutionStatus::Running;
  std::optional<std::int64_t> stop_ms;
  JsonPtr output;
  Failure failure;
  std::optional<std::int64_t> next_due_ms;
  std::int64_t redrive_count = 0;
  std::optional<std::int64_t> redrive_ms;
  std::size_t history_size = 0;
};

struct ExecutionRecord {
  // Fixed when the execution starts.
  std::string arn;
  std::string name;
  std::string region;
  std::string account;
  std::string state_machine_arn;  // unqualified
  std::string state_machine_name;
  std::string version_arn;
  std::string alias_arn;
  bool express = false;
  bool synchronous = false;  // started by StartSyncExecution
  RevisionPtr revision;
  JsonPtr input;
  std::string input_text;  // as sent (DescribeExecution returns it verbatim)
  std::optional<std::string> trace_header;
  std::int64_t start_ms = 0;
  std::uint64_t sequence = 0;  // start order within the service

  // The engine; only the thread named in `runner` touches it (history reads also lock
  // `engine_mutex`).
  std::recursive_mutex engine_mutex;
  std::unique_ptr<engine::Execution> engine;

  // Set while `pending` holds operations: the engine's pause check reads it after every step,
  // so a stop or a callback queued by a task handler (or another thread) is applied before the
  // execution takes another step.
  std::atomic<bool> has_pending{false};
  // The caller's CallContext::interrupted, asked with has_pending.
  std::function<bool()> interrupted;
  // When the runner first took it, for the Express bound kept in real time (runner.cpp).
  std::chrono::steady_clock::time_point real_start{};
  // That bound: AWS's five minutes, longer on a real clock slowed down (time scale above 1),
  // where the five simulated minutes take longer than five real ones.
  std::chrono::steady_clock::duration real_time_bound = std::chrono::minutes(5);

  // Retention (retention.h), guarded by the registry's mutex: the execution has closed (it is
  // in Registry::closed), it was dropped from the registry, its state machine was deleted.
  bool closed = false;
  bool evicted = false;
  bool machine_deleted = false;
  std::uint32_t closings = 0;  // a redriven execution closes again: older entries are stale

  mutable std::mutex mutex;  // guards everything below
  ExecutionSummary summary;
  std::vector<PendingOp> pending;
  std::optional<std::thread::id> runner;

  std::vector<Watcher> watchers;  // notified when the execution ends

  // Distributed Map runs and child executions already published in the registry (runner only).
  std::size_t map_runs_seen = 0;
  std::size_t children_seen = 0;
  // Nested executions (runner only): those this one waits for, and how deep it is itself
  // (0: started by a caller, n: by a Task of an execution at depth n - 1).
  std::vector<NestedChild> nested_children;
  int depth = 0;

  // Where the runner publishes the Map progress (fixed at the start; none: not counted), and
  // when next at the latest while the engine steps (runner only).
  std::shared_ptr<ProgressBoard> progress_board;
  std::chrono::steady_clock::time_point next_progress{};
};
using ExecutionPtr = std::shared_ptr<ExecutionRecord>;

struct ActivityTask {
  std::string token;
  std::string input;
  std::weak_ptr<ExecutionRecord> execution;
};

struct Activity {
  std::string arn;
  std::string name;
  std::int64_t creation_ms = 0;
  Tags tags;
  Json encryption;
  std::deque<ActivityTask> queue;
};

struct Registry {
  mutable std::shared_mutex mutex;
  std::map<std::string, StateMachineRecord> state_machines;  // by unqualified ARN
  std::unordered_map<std::string, ExecutionPtr> executions;  // Standard ones, by ARN
  // Standard executions of each state machine (unqualified ARN), in start order.
  std::unordered_map<std::string, std::vector<ExecutionPtr>> executions_by_machine;
  std::map<std::string, Activity> activities;  // by ARN
  // Distributed Map runs and their child executions, which live inside the parent's engine.
  std::unordered_map<std::string, std::weak_ptr<ExecutionRecord>> map_runs;  // by map run ARN
  std::unordered_map<std::string, std::pair<std::weak_ptr<ExecutionRecord>, std::size_t>>
      child_executions;  // by ARN: the parent and the child's index in its engine
  // Task tokens handed out and not yet completed -> the execution waiting on them.
  std::unordered_map<std::string, std::weak_ptr<ExecutionRecord>> tokens;
  // Executions still running after their last run: kept alive (an Express execution is in no
  // other list) and woken by the manual or real clock when their timers come due.
  std::unordered_map<const ExecutionRecord*, ExecutionPtr> active;
  std::uint64_t next_sequence = 1;
  // Closed Standard executions in the order they closed, for Retention (retention.h).
  struct Closed {
    std::weak_ptr<ExecutionRecord> record;
    std::int64_t stop_ms = 0;
    std::uint32_t closing = 0;  // ExecutionRecord::closings when it closed
  };
  std::deque<Closed> closed;
  // Evicted records still listed in executions_by_machine, per state machine: the list is
  // compacted when they are half of it.
  std::unordered_map<std::string, std::size_t> evicted_by_machine;
};

}  // namespace sfn::service
