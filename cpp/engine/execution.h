// One execution of a compiled state machine. It is a deterministic state machine driven by
// time: `run_until(now)` performs everything due by `now` and returns when the execution has
// ended or waits on something (a timer, a task token). The caller owns the clock, so the same
// execution runs on a virtual clock (jump to `next_due_ms()`), a manual one, or the real one.
#pragma once

#include <cstdint>
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
};

struct Limits {
  std::size_t max_payload_bytes = 256 * 1024;
  // AWS ends a Standard execution at 25,000 history events.
  std::size_t max_history_events = 25000;
  bool enforce_history_limit = false;
  // The longest a Wait state may wait (a Standard execution lives at most a year).
  std::int64_t max_wait_ms = 365LL * 24 * 3600 * 1000;
  bool record_history = true;
};

enum class ExecutionStatus : unsigned char { Running, Succeeded, Failed, TimedOut, Aborted };

std::string_view to_string(ExecutionStatus status);

struct Runtime;  // the execution's mutable state (engine/runtime.h)

class Execution {
 public:
  Execution(asl::StateMachinePtr machine, ExecutionInfo info, JsonPtr input,
            TaskInvoker invoker, Limits limits = {});
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // Performs everything due at or before `now_ms` (the first call also records
  // ExecutionStarted at the start time).
  void run_until(std::int64_t now_ms);
  // Runs on a virtual clock: jumps from timer to timer until the execution ends or waits on
  // something outside it (a task token). Returns the virtual time reached.
  std::int64_t run_virtual();
  // The time of the next timer, if the execution waits on one.
  std::optional<std::int64_t> next_due_ms() const;

  // Completes a task that answered Pending (a .waitForTaskToken or activity task). Returns false
  // when no running task has this token.
  bool complete_task(std::string_view token, TaskOutcome outcome, std::int64_t now_ms);
  // StopExecution.
  void stop(std::optional<std::string> error, std::optional<std::string> cause,
            std::int64_t now_ms);

  ExecutionStatus status() const;
  const ExecutionInfo& info() const;
  const JsonPtr& input() const;
  const JsonPtr& output() const;  // set when SUCCEEDED
  const Failure& failure() const;  // set when FAILED / TIMED_OUT / ABORTED
  std::optional<std::int64_t> stop_time_ms() const;
  const std::vector<HistoryEvent>& history() const;
  const asl::StateMachinePtr& machine() const;
  // Tokens of tasks waiting on send_task_success/failure.
  std::vector<std::string> pending_task_tokens() const;

 private:
  std::unique_ptr<Runtime> rt_;
};

}  // namespace sfn::engine
