#include "engine/execution.h"

#include <algorithm>
#include <utility>

#include "engine/context_object.h"
#include "engine/map_distributed.h"
#include "engine/map_redrive.h"
#include "engine/runtime.h"

namespace sfn::engine {

std::string_view to_string(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::Running:
      return "RUNNING";
    case ExecutionStatus::Succeeded:
      return "SUCCEEDED";
    case ExecutionStatus::Failed:
      return "FAILED";
    case ExecutionStatus::TimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::Aborted:
      return "ABORTED";
  }
  return "UNKNOWN";
}

namespace {

void step(Runtime& rt, Thread& thread) {
  if (thread.phase == Phase::Finished) return;
  if (thread.phase == Phase::FailPending) {
    thread.phase = Phase::Finished;
    thread_failed(rt, thread, std::move(thread.pending_failure));
    return;
  }
  switch (thread.current().type) {
    case asl::StateType::Pass:
      return step_pass(rt, thread);
    case asl::StateType::Task:
      return step_task(rt, thread);
    case asl::StateType::Choice:
      return step_choice(rt, thread);
    case asl::StateType::Wait:
      return step_wait(rt, thread);
    case asl::StateType::Succeed:
      return step_succeed(rt, thread);
    case asl::StateType::Fail:
      return step_fail(rt, thread);
    case asl::StateType::Parallel:
      return step_parallel(rt, thread);
    case asl::StateType::Map:
      return step_map(rt, thread);
  }
}

void start(Runtime& rt) {
  rt.started = true;
  rt.now_ms = rt.info.start_time_ms;
  rt.context = make_context_object(rt.info, rt.input, /*with_input=*/false);
  rt.context_stamp.has_input = false;

  auto details = std::make_shared<EventDetails>();
  details->role_arn = rt.info.role_arn;
  details->state_machine_alias_arn = rt.info.state_machine_alias_arn;
  details->state_machine_version_arn = rt.info.state_machine_version_arn;
  details->verbatim_data = rt.info.input_text;
  emit_detached(rt, rt.log, nullptr, 0, EventType::ExecutionStarted, {}, rt.input,
                std::move(details));

  const asl::StateMachine& machine = *rt.machine;
  // The execution's own deadline: TimeoutSeconds, and an Express execution's five minutes,
  // whichever comes first. Both end it TIMED_OUT with States.Timeout.
  std::optional<std::int64_t> limit_ms;
  if (machine.timeout_seconds) limit_ms = *machine.timeout_seconds * 1000;
  if (rt.limits.max_duration_ms > 0 && (!limit_ms || *limit_ms > rt.limits.max_duration_ms)) {
    limit_ms = rt.limits.max_duration_ms;
  }
  if (limit_ms) rt.timers.push(Timer{rt.now_ms + *limit_ms, rt.timer_sequence++, -1, 0});
  auto root_scope = std::make_shared<VariableScope>();
  Thread& root = spawn_thread(rt, machine.graph, -1, 0, std::move(root_scope));
  root.last_event = 0;  // AWS: the first state's Entered event points at 0, not at event 1
  goto_state(rt, root, machine.graph.start, rt.input);
}

void time_out_execution(Runtime& rt) {
  if (rt.status != ExecutionStatus::Running) return;
  std::int64_t last = rt.log.next_id - 1;
  auto details = std::make_shared<EventDetails>();
  details->error = "States.Timeout";
  emit_detached(rt, rt.log, nullptr, last, EventType::ExecutionTimedOut, {}, {}, details);
  rt.status = ExecutionStatus::TimedOut;
  rt.failure = Failure{"States.Timeout", "", true, false};
  rt.stop_time_ms = rt.now_ms;
}

// Timers of threads that have since moved on (a heartbeat re-armed the deadline, a result
// arrived) stay queued until popped; dropping those on top keeps next_due_ms() exact.
void drop_stale_timers(Runtime& rt) {
  while (!rt.timers.empty()) {
    const Timer& timer = rt.timers.top();
    if (timer.thread < 0) return;
    const Thread* thread = rt.threads[static_cast<std::size_t>(timer.thread)].get();
    if (thread && thread->wake_generation == timer.generation) return;
    rt.timers.pop();
  }
}

// Whether the next timer to fire is the deadline of a task waiting on the outside world (a task
// token, an activity worker, a job): the virtual clock must not run past it on its own, or
// every callback would time out before anyone could answer it.
bool next_timer_awaits_outside(Runtime& rt) {
  drop_stale_timers(rt);
  if (rt.timers.empty() || rt.timers.top().thread < 0) return false;
  const Thread& thread = *rt.threads[static_cast<std::size_t>(rt.timers.top().thread)];
  return thread.phase == Phase::TaskWaiting && !thread.wait_key.empty();
}

// The threads that ended during the step just taken (Runtime::threads).
void release_ended_threads(Runtime& rt) {
  for (int id : rt.ended) rt.threads[static_cast<std::size_t>(id)].reset();
  rt.ended.clear();
}

void finish_if_ended(Runtime& rt) {
  if (rt.status == ExecutionStatus::Running) return;
  abort_open_map_runs(rt);
  if (rt.status != ExecutionStatus::Succeeded && !rt.threads.empty() && rt.threads.front() &&
      rt.threads.front()->parent < 0 && rt.threads.front()->state >= 0) {
    const Thread& root = *rt.threads.front();
    rt.resume = Runtime::ResumePoint{root.state, root.state_input, root.variables};
    // R1: a top-level Distributed Map stopped or timed out with its parent (P1, P2).
    if (rt.threads.front()->fanout) park_map_run(rt, *rt.threads.front());
  }
  rt.ready.clear();
  rt.timers = {};
  rt.tokens.clear();
  rt.in_flight.clear();  // their handlers may still run; their outcomes are not wanted
  rt.threads.clear();
  rt.ended.clear();
}

}  // namespace

Execution::Execution(asl::StateMachinePtr machine, ExecutionInfo info, JsonPtr input,
                     TaskInvoker invoker, Limits limits)
    : rt_(std::make_unique<Runtime>()) {
  rt_->machine = std::move(machine);
  rt_->info = std::move(info);
  rt_->limits = limits;
  rt_->invoker = std::move(invoker);
  rt_->rng = Rng(rt_->info.seed);
  rt_->input = input ? std::move(input) : share(Json::object());
}

Execution::~Execution() = default;

void drive(Runtime& rt, std::int64_t now_ms) {
  rt.paused = false;
  while (rt.status == ExecutionStatus::Running && !(rt.test && rt.test->done)) {
    if (!rt.ready.empty()) {
      int id = rt.ready.front();
      rt.ready.pop_front();
      Thread* thread = rt.threads[static_cast<std::size_t>(id)].get();
      if (thread) step(rt, *thread);
      release_ended_threads(rt);
      if (rt.pause && rt.status == ExecutionStatus::Running && rt.pause()) {
        rt.paused = true;
        break;
      }
      continue;
    }
    if (!rt.in_flight.empty()) {
      settle_in_flight(rt);  // before any timer fires (engine/in_flight.cpp)
      if (rt.paused) break;
      continue;
    }
    if (rt.timers.empty() || rt.timers.top().due_ms > now_ms) break;
    // Everything due at the same instant wakes together, in the order it was armed: tasks
    // timing out together record their timeouts before any of them fails its state.
    std::int64_t due = rt.timers.top().due_ms;
    if (due > rt.now_ms) rt.now_ms = due;
    bool execution_timed_out = false;
    while (!rt.timers.empty() && rt.timers.top().due_ms == due) {
      Timer timer = rt.timers.top();
      rt.timers.pop();
      if (timer.thread < 0) {
        execution_timed_out = true;
        break;
      }
      Thread* thread = rt.threads[static_cast<std::size_t>(timer.thread)].get();
      if (thread && thread->wake_generation == timer.generation) make_ready(rt, *thread);
    }
    if (execution_timed_out) {
      time_out_execution(rt);
      break;
    }
  }
}

void Execution::run_until(std::int64_t now_ms) {
  Runtime& rt = *rt_;
  if (!rt.started) start(rt);
  drive(rt, now_ms);
  if (rt.status == ExecutionStatus::Running && now_ms > rt.now_ms && rt.ready.empty() &&
      rt.in_flight.empty()) {
    rt.now_ms = now_ms;
  }
  if (rt.status == ExecutionStatus::Running) drop_stale_timers(rt);
  finish_if_ended(rt);
}

std::int64_t Execution::run_virtual() {
  Runtime& rt = *rt_;
  rt.paused = false;
  if (!rt.started) run_until(rt.info.start_time_ms);
  while (rt.status == ExecutionStatus::Running && !rt.paused) {
    if (rt.ready.empty() && rt.in_flight.empty() && next_timer_awaits_outside(rt)) break;
    std::optional<std::int64_t> due = next_due_ms();
    if (!due) break;
    run_until(*due);
  }
  return rt.now_ms;
}

void Execution::set_pause_check(std::function<bool()> pause) { rt_->pause = std::move(pause); }

bool Execution::paused() const { return rt_->paused && rt_->status == ExecutionStatus::Running; }

std::optional<std::int64_t> Execution::next_due_ms() const {
  const Runtime& rt = *rt_;
  if (rt.status != ExecutionStatus::Running) return std::nullopt;
  if (!rt.started || !rt.ready.empty() || !rt.in_flight.empty()) return rt.now_ms;
  if (rt.timers.empty()) return std::nullopt;
  return std::max(rt.timers.top().due_ms, rt.now_ms);
}

namespace {

// The thread waiting on `token` (a task token or a job key), if any.
Thread* waiting_thread(Runtime& rt, std::string_view token) {
  if (rt.status != ExecutionStatus::Running) return nullptr;
  auto it = rt.tokens.find(std::string(token));
  if (it == rt.tokens.end()) return nullptr;
  Thread* thread = rt.threads[static_cast<std::size_t>(it->second)].get();
  if (!thread || thread->phase != Phase::TaskWaiting) return nullptr;
  return thread;
}

}  // namespace

bool Execution::complete_task(std::string_view token, TaskOutcome outcome, std::int64_t now_ms) {
  Runtime& rt = *rt_;
  // Timers due by now fire first: a result that arrives after its task timed out is late.
  if (rt.started && now_ms > rt.now_ms) run_until(now_ms);
  Thread* thread = waiting_thread(rt, token);
  if (!thread) return false;
  release_task_keys(rt, *thread);
  if (now_ms > rt.now_ms) rt.now_ms = now_ms;
  if (outcome.kind == TaskOutcome::Kind::Delegate) {
    const asl::State& state = thread->current();
    std::string_view arn;
    if (state.type == asl::StateType::Task) arn = state.as<asl::TaskState>().resource.arn;
    outcome = TaskOutcome::undelegated(arn, state.name);
  }
  outcome.kind =
      outcome.kind == TaskOutcome::Kind::Pending ? TaskOutcome::Kind::Succeeded : outcome.kind;
  thread->outcome = std::move(outcome);
  thread->phase = Phase::TaskResult;
  ++thread->wake_generation;  // cancels the pending timeout
  make_ready(rt, *thread);
  run_until(rt.now_ms);
  return true;
}

bool Execution::heartbeat_task(std::string_view token, std::int64_t now_ms) {
  Runtime& rt = *rt_;
  if (rt.started && now_ms > rt.now_ms) run_until(now_ms);
  Thread* thread = waiting_thread(rt, token);
  if (!thread) return false;
  if (thread->heartbeat_seconds && thread->heartbeat_deadline_ms) {
    thread->heartbeat_deadline_ms = std::max(now_ms, rt.now_ms) + *thread->heartbeat_seconds * 1000;
    std::int64_t due = std::min(thread->task_deadline_ms, *thread->heartbeat_deadline_ms);
    ++thread->wake_generation;
    sleep_until(rt, *thread, due);
    drop_stale_timers(rt);
  }
  return true;
}

bool Execution::start_activity(std::string_view token, std::string_view worker_name,
                               std::int64_t now_ms) {
  Runtime& rt = *rt_;
  if (rt.started && now_ms > rt.now_ms) run_until(now_ms);
  Thread* thread = waiting_thread(rt, token);
  if (!thread || thread->current().type != asl::StateType::Task) return false;
  const auto& task = thread->current().as<asl::TaskState>();
  if (task.resource.kind != asl::Resource::Kind::Activity) return false;
  if (thread->activity_started) return true;
  if (now_ms > rt.now_ms) rt.now_ms = now_ms;
  thread->activity_started = true;
  auto details = std::make_shared<EventDetails>();
  details->worker_name = std::string(worker_name);
  emit(rt, *thread, EventType::ActivityStarted, {}, {}, std::move(details));
  // The heartbeat clock starts when the worker takes the task.
  return heartbeat_task(token, now_ms);
}

void Execution::stop(std::optional<std::string> error, std::optional<std::string> cause,
                     std::int64_t now_ms) {
  Runtime& rt = *rt_;
  if (rt.status != ExecutionStatus::Running) return;
  if (!rt.started) start(rt);
  if (now_ms > rt.now_ms) rt.now_ms = now_ms;
  auto details = std::make_shared<EventDetails>();
  details->error = error;
  details->cause = cause;
  emit_detached(rt, rt.log, nullptr, 0, EventType::ExecutionAborted, {}, {}, details);
  rt.status = ExecutionStatus::Aborted;
  rt.failure =
      Failure{error.value_or(""), cause.value_or(""), error.has_value(), cause.has_value()};
  rt.stop_time_ms = rt.now_ms;
  finish_if_ended(rt);
}

void Execution::time_out(std::int64_t now_ms) {
  Runtime& rt = *rt_;
  if (rt.status != ExecutionStatus::Running) return;
  if (!rt.started) start(rt);
  if (now_ms > rt.now_ms) rt.now_ms = now_ms;
  time_out_execution(rt);
  finish_if_ended(rt);
}

bool Execution::redrive(std::int64_t now_ms) {
  Runtime& rt = *rt_;
  if (rt.status == ExecutionStatus::Running || rt.status == ExecutionStatus::Succeeded ||
      !rt.resume) {
    return false;
  }
  Runtime::ResumePoint resume = std::move(*rt.resume);
  rt.resume.reset();
  rt.redriving_map = rt.parked_run && rt.parked_run->state == resume.state;
  if (now_ms > rt.now_ms) rt.now_ms = now_ms;
  ++rt.info.redrive_count;
  rt.redrive_time_ms = rt.now_ms;
  rt.context["Execution"]["RedriveCount"] = rt.info.redrive_count;

  auto details = std::make_shared<EventDetails>();
  details->redrive_count = rt.info.redrive_count;
  std::int64_t redriven = emit_detached(rt, rt.log, nullptr, rt.log.next_id - 1,
                                        EventType::ExecutionRedriven, {}, {}, std::move(details));
  rt.status = ExecutionStatus::Running;
  rt.failure = Failure{};
  rt.output.reset();
  rt.stop_time_ms.reset();
  const asl::StateMachine& machine = *rt.machine;
  if (machine.timeout_seconds) {
    rt.timers.push(Timer{rt.now_ms + *machine.timeout_seconds * 1000, rt.timer_sequence++, -1, 0});
  }
  Thread& root = spawn_thread(rt, machine.graph, -1, 0, std::move(resume.variables));
  root.last_event = redriven;
  goto_state(rt, root, resume.state, std::move(resume.input));
  run_until(rt.now_ms);
  return true;
}

std::optional<std::int64_t> Execution::redrive_time_ms() const { return rt_->redrive_time_ms; }

ExecutionStatus Execution::status() const { return rt_->status; }
const ExecutionInfo& Execution::info() const { return rt_->info; }
const JsonPtr& Execution::input() const { return rt_->input; }
const JsonPtr& Execution::output() const { return rt_->output; }
const Failure& Execution::failure() const { return rt_->failure; }
std::optional<std::int64_t> Execution::stop_time_ms() const { return rt_->stop_time_ms; }
const std::vector<HistoryEvent>& Execution::history() const { return rt_->log.events; }
const std::vector<LaneRecord>& Execution::lanes() const { return rt_->log.lanes; }
void Execution::track_map_progress() { rt_->track_progress = true; }
const std::vector<MapProgress>& Execution::map_progress() const { return rt_->map_progress; }
const std::vector<MapRunRecord>& Execution::map_runs() const { return rt_->map_runs; }
std::size_t Execution::held_threads() const {
  std::size_t held = 0;
  for (const auto& thread : rt_->threads) held += thread ? 1 : 0;
  return held;
}

std::size_t Execution::child_execution_count() const { return rt_->child_executions.size(); }

ChildExecutionView Execution::child_execution(std::size_t index) const {
  const ChildExecution& c = *rt_->child_executions.at(index);
  return ChildExecutionView{c.name,       c.arn,      rt_->map_runs[c.map_run].arn,
                            c.status,     c.input,    c.output,
                            c.failure,    c.start_ms, c.stop_ms,
                            c.log.events, c.express,  c.redrive_count,
                            c.redrive_ms};
}
const asl::StateMachinePtr& Execution::machine() const { return rt_->machine; }

std::vector<std::string> Execution::pending_task_tokens() const {
  std::vector<std::string> out;
  for (const auto& [token, thread] : rt_->tokens) out.push_back(token);
  return out;
}

}  // namespace sfn::engine
