#include "service/runner.h"

#include <algorithm>
#include <thread>

#include "service/errors.h"
#include "service/nested.h"
#include "service/retention.h"
#include "service/sdk_sfn.h"

namespace sfn::service {

namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using Kind = asl::Resource::Kind;
using Pattern = asl::Resource::Pattern;

// Registers task tokens so SendTask* and GetActivityTask can find the execution, and queues
// activity tasks for workers. Tasks without a handler wait for a callback when they can
// receive one (callback integrations, activities) and fail otherwise.
// Whether a Complete for `token` was queued (by the task handler itself) and not yet applied.
bool completion_queued(ExecutionRecord& record, std::string_view token) {
  std::lock_guard lock(record.mutex);
  return std::any_of(record.pending.begin(), record.pending.end(), [&](const PendingOp& op) {
    return op.kind == PendingOp::Kind::Complete && op.token == token;
  });
}

engine::TaskInvoker wrap_invoker(std::weak_ptr<Core> weak_core,
                                 std::weak_ptr<ExecutionRecord> weak_record,
                                 engine::TaskInvoker user) {
  return [weak_core, weak_record,
          user = std::move(user)](const engine::TaskRequest& request) -> TaskOutcome {
    const asl::Resource& resource = *request.resource;
    bool callback =
        resource.pattern == Pattern::WaitForTaskToken || resource.kind == Kind::Activity;
    auto core = weak_core.lock();
    auto record = weak_record.lock();
    std::string token(request.task_token);
    if (core && record && !token.empty()) {
      // The token leads to this execution from the moment the task starts: the handler (a
      // Lambda doing the work itself, a nested child) may send it back before it returns.
      std::unique_lock lock(core->registry.mutex);
      core->registry.tokens[token] = weak_record;
    }
    TaskOutcome outcome;
    if (user) {
      bool real_clock = core && core->options.clock.kind == ClockKind::Real;
      std::int64_t started_ms = real_clock ? core->now_ms() : 0;
      outcome = user(request);
      if (outcome.kind == TaskOutcome::Kind::InFlight) {
        if (!engine::may_stay_in_flight(resource)) {
          outcome = engine::settled(std::move(outcome));
        } else {
          // Settled by the engine later (a request-response call: no token to register). On
          // the real clock the time until it is settled is the task's, as below.
          if (real_clock) {
            outcome.settle = [settle = std::move(outcome.settle), weak_core, started_ms] {
              TaskOutcome inner;
              inner.kind = TaskOutcome::Kind::InFlight;
              inner.settle = settle;
              TaskOutcome done = engine::settled(std::move(inner));
              auto live = weak_core.lock();
              if (live && done.kind != TaskOutcome::Kind::Pending) {
                double elapsed = static_cast<double>(live->now_ms() - started_ms) / 1000.0;
                if (!(done.duration_seconds >= elapsed)) done.duration_seconds = elapsed;
              }
              return done;
            };
          }
          return outcome;
        }
      }
      if (outcome.kind == TaskOutcome::Kind::Delegate) {
        if (!core || !record) return TaskOutcome::undelegated(resource.arn, request.state_name);
        outcome = is_sdk_task_token_call(resource)
                      ? perform_sdk_task_token_call(*core, record, request)
                      : start_nested(*core, record, request, user);
      } else if (real_clock && outcome.kind != TaskOutcome::Kind::Pending) {
        // On the real clock a handler's own running time is the task's: TimeoutSeconds counts it.
        double elapsed = static_cast<double>(core->now_ms() - started_ms) / 1000.0;
        if (!(outcome.duration_seconds >= elapsed)) outcome.duration_seconds = elapsed;
      }
    } else if (callback) {
      outcome = TaskOutcome::pending();
    } else {
      outcome = TaskOutcome::failed("States.TaskFailed",
                                    "No task handler is configured for resource '" + resource.arn +
                                        "' (state '" + std::string(request.state_name) + "').");
    }
    if (!token.empty() && record && outcome.kind != TaskOutcome::Kind::Pending &&
        completion_queued(*record, token)) {
      // The handler answered its own token (AWS ignores what a .waitForTaskToken Lambda
      // returns): the task waits, and the queued callback completes it.
      TaskOutcome waiting = TaskOutcome::pending();
      waiting.submitted = std::move(outcome.submitted);
      outcome = std::move(waiting);
    }
    if (!core || token.empty()) return outcome;
    if (outcome.kind != TaskOutcome::Kind::Pending) {
      std::unique_lock lock(core->registry.mutex);
      core->registry.tokens.erase(token);
      return outcome;
    }
    if (resource.kind == Kind::Activity) {
      std::unique_lock lock(core->registry.mutex);
      auto it = core->registry.activities.find(resource.arn);
      if (it != core->registry.activities.end()) {
        it->second.queue.push_back(ActivityTask{
            token, request.parameters ? to_text(*request.parameters) : "{}", weak_record});
      }
    }
    return outcome;
  };
}

constexpr auto kExpressRealTimeBound = std::chrono::minutes(5);

bool has_pending_tokens(const engine::Execution& ex) { return !ex.pending_task_tokens().empty(); }

// Virtual clock: jump from timer to timer while nothing waits on the outside world; a task
// waiting for a callback holds time still (its timeout counts from the real time that passes).
bool paused(const ExecutionRecord& record) {
  return record.has_pending.load(std::memory_order_relaxed) ||
         (record.interrupted && record.interrupted()) || past_real_time_bound(record);
}

void advance_virtual(ExecutionRecord& record) {
  engine::Execution& ex = *record.engine;
  while (ex.status() == ExecutionStatus::Running && !has_pending_tokens(ex) && !paused(record)) {
    std::optional<std::int64_t> due = ex.next_due_ms();
    if (!due) break;
    ex.run_until(*due);
  }
}

// Before a stop: no token of the execution can be accepted any more, and completions already
// accepted (queued behind this runner, their callers told yes) land first. Claims happen under
// the registry's lock, so every accepted one is in `pending` by the time the tokens are gone.
void land_accepted_completions(Core& core, ExecutionRecord& record) {
  engine::Execution& ex = *record.engine;
  {
    std::unique_lock lock(core.registry.mutex);
    for (const std::string& token : ex.pending_task_tokens()) core.registry.tokens.erase(token);
  }
  std::vector<PendingOp> accepted;
  {
    std::lock_guard lock(record.mutex);
    for (auto it = record.pending.begin(); it != record.pending.end();) {
      if (it->kind == PendingOp::Kind::Complete) {
        accepted.push_back(std::move(*it));
        it = record.pending.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (PendingOp& op : accepted) {
    ex.complete_task(op.token, std::move(op.outcome), op.now_ms ? op.now_ms : core.now_ms());
  }
}

// Applies one operation; returns whether it took effect (a completion finds its task).
bool apply(Core& core, ExecutionRecord& record, PendingOp& op) {
  engine::Execution& ex = *record.engine;
  const Clock& clock = core.options.clock;
  std::int64_t now = clock.now_ms();
  bool ok = true;
  if (past_real_time_bound(record)) ex.time_out(now);
  // Timers due by now fire first: a callback that arrives after its task timed out is late.
  // Not for a stop: it takes effect where the execution stands, so that a stop queued while a
  // task handler ran lands before the task's result does.
  if (ex.status() == ExecutionStatus::Running && op.kind != PendingOp::Kind::Stop) {
    ex.run_until(now);
  }
  switch (op.kind) {
    case PendingOp::Kind::Tick:
      break;
    case PendingOp::Kind::Complete:
      // A nested execution completes its parent's task at its own stop time.
      ok = ex.complete_task(op.token, std::move(op.outcome), op.now_ms ? op.now_ms : now);
      break;
    case PendingOp::Kind::Stop:
      ok = ex.status() == ExecutionStatus::Running;
      land_accepted_completions(core, record);
      ex.stop(op.error, op.cause, op.now_ms ? op.now_ms : now);
      break;
    case PendingOp::Kind::Heartbeat:
      ok = ex.heartbeat_task(op.token, now);
      break;
    case PendingOp::Kind::StartActivity:
      ok = ex.start_activity(op.token, op.worker_name, now);
      break;
    case PendingOp::Kind::Redrive:
      ok = ex.redrive(now);
      break;
  }
  if (clock.kind == ClockKind::Virtual) advance_virtual(record);
  return ok;
}

ExecutionSummary read_summary(const engine::Execution& ex) {
  ExecutionSummary s;
  s.status = ex.status();
  s.stop_ms = ex.stop_time_ms();
  s.output = ex.output();
  s.failure = ex.failure();
  s.next_due_ms = ex.next_due_ms();
  s.redrive_count = ex.info().redrive_count;
  s.redrive_ms = ex.redrive_time_ms();
  s.history_size = ex.history().size();
  return s;
}

// The .sync children the execution no longer waits for (its task ended some other way than by
// the child's end, or the execution itself ended); the runner holds the engine.
std::vector<ExecutionPtr> take_orphans(ExecutionRecord& record, bool running) {
  std::vector<ExecutionPtr> orphans;
  if (record.nested_children.empty()) return orphans;
  std::vector<std::string> waiting;
  if (running) waiting = record.engine->pending_task_tokens();
  std::erase_if(record.nested_children, [&](const NestedChild& nested) {
    if (std::find(waiting.begin(), waiting.end(), nested.token) != waiting.end()) return false;
    if (auto child = nested.child.lock()) orphans.push_back(std::move(child));
    return true;
  });
  return orphans;
}

// Runs queued operations until there are none; the caller is the runner. Returns the result
// of the first operation (the caller's own).
bool drain(Core& core, const ExecutionPtr& record) {
  bool first_result = true;
  bool first = true;
  bool running = true;
  std::vector<std::string> new_map_runs;
  std::vector<std::pair<std::string, std::size_t>> new_children;
  std::vector<Watcher> watchers;
  std::vector<ExecutionPtr> orphans;
  ExecutionSummary ended;
  {
    std::lock_guard engine_lock(record->engine_mutex);
    while (true) {
      std::vector<PendingOp> ops;
      {
        std::lock_guard lock(record->mutex);
        record->has_pending.store(false, std::memory_order_relaxed);
        if (record->pending.empty() && record->engine->paused() &&
            !(record->interrupted && record->interrupted())) {
          // A pause for operations that are applied by now: the execution goes on.
          record->pending.push_back(PendingOp{});
        }
        if (record->pending.empty()) {
          const engine::Execution& ex = *record->engine;
          for (; record->map_runs_seen < ex.map_runs().size(); ++record->map_runs_seen) {
            new_map_runs.push_back(ex.map_runs()[record->map_runs_seen].arn);
          }
          for (; record->children_seen < ex.child_execution_count(); ++record->children_seen) {
            new_children.emplace_back(ex.child_execution(record->children_seen).arn,
                                      record->children_seen);
          }
          record->summary = read_summary(*record->engine);
          running = record->summary.status == ExecutionStatus::Running;
          if (record->progress_board) publish_progress(*record, running);
          if (!running) {
            watchers.swap(record->watchers);
            ended = record->summary;
          }
          orphans = take_orphans(*record, running);
          record->runner.reset();
          break;
        }
        ops.swap(record->pending);
      }
      if (first && !ops.empty()) ops.front().callers = true;
      first = false;
      // Completions whose callers were told yes land before a stop queued with them.
      std::stable_partition(ops.begin(), ops.end(), [](const PendingOp& op) {
        return op.kind == PendingOp::Kind::Complete;
      });
      for (auto& op : ops) {
        bool ok = apply(core, *record, op);
        if (op.callers) first_result = ok;
      }
    }
  }
  // Still running: the clock (or a callback) wakes it later; keep it alive until then.
  {
    std::unique_lock lock(core.registry.mutex);
    for (auto& arn : new_map_runs) core.registry.map_runs.emplace(std::move(arn), record);
    for (auto& [arn, index] : new_children) {
      core.registry.child_executions.emplace(std::move(arn), std::make_pair(record, index));
    }
    if (running) {
      core.registry.active.emplace(record.get(), record);
      record_reopened(*record);
    } else {
      core.registry.active.erase(record.get());
      record_closed(core, record, ended.stop_ms.value_or(core.now_ms()));
    }
  }
  if (running) core.wake_driver();
  notify_watchers(core, watchers, *record, ended);
  stop_orphans(core, orphans, running ? 0 : ended.stop_ms.value_or(0));
  return first_result;
}

}  // namespace

engine::Limits execution_limits(bool express) {
  engine::Limits limits;
  // Nobody can read an Express execution's history through the API, and it has no event limit;
  // it has a duration limit instead (AWS: "Maximum duration: 5 minutes").
  limits.record_history = !express;
  if (express) {
    limits.max_history_events = 0;
    limits.max_duration_ms = 5 * 60 * 1000;
  }
  return limits;
}

ExecutionPtr prepare(Core& core, ExecutionPtr record, const CallContext& context) {
  engine::ExecutionInfo info;
  info.execution_arn = record->arn;
  info.name = record->name;
  info.state_machine_arn = record->state_machine_arn;
  info.state_machine_name = record->state_machine_name;
  info.role_arn = record->revision->role_arn;
  info.region = record->region;
  info.account = record->account;
  info.state_machine_version_arn = record->version_arn;
  info.state_machine_alias_arn = record->alias_arn;
  info.start_time_ms = record->start_ms;
  info.input_text = record->input_text;
  info.seed = core.execution_seed();
  info.express = record->express;
  info.synchronous = record->synchronous;
  record->engine = std::make_unique<engine::Execution>(
      record->revision->machine, std::move(info), record->input,
      wrap_invoker(core.weak_from_this(), record, context.invoker),
      execution_limits(record->express));
  record->interrupted = context.interrupted;
  if (context.progress) {
    record->progress_board = context.progress;
    record->engine->track_map_progress();
    record->next_progress = std::chrono::steady_clock::now() + ProgressBoard::kInterval;
  }
  // The record owns the engine, so the engine never outlives what the check reads.
  ExecutionRecord* self = record.get();
  record->engine->set_pause_check([self] {
    // Between steps the counters are whole; a long run publishes them as it goes.
    if (self->progress_board && std::chrono::steady_clock::now() >= self->next_progress) {
      publish_progress(*self, true);
    }
    return paused(*self);
  });
  record->runner = std::this_thread::get_id();
  record->real_start = std::chrono::steady_clock::now();
  const Clock& clock = core.options.clock;
  if (clock.kind == ClockKind::Real && clock.scale > 1.0) {
    record->real_time_bound = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        kExpressRealTimeBound * clock.scale);
  }
  record->pending.push_back(PendingOp{});
  return record;
}

void start(Core& core, const ExecutionPtr& record) { drain(core, record); }

bool submit(Core& core, const ExecutionPtr& record, PendingOp op) {
  {
    std::lock_guard lock(record->mutex);
    record->pending.push_back(std::move(op));
    record->has_pending.store(true, std::memory_order_relaxed);
    if (record->runner) return true;  // the runner applies it
    record->runner = std::this_thread::get_id();
  }
  return drain(core, record);
}

Response submit_completion(Core& core, const std::string& token, engine::TaskOutcome outcome) {
  ExecutionPtr record;
  {
    std::unique_lock registry_lock(core.registry.mutex);
    auto it = core.registry.tokens.find(token);
    if (it == core.registry.tokens.end()) return task_timed_out();
    record = it->second.lock();
    core.registry.tokens.erase(it);
    if (!record) return task_timed_out();
    std::lock_guard lock(record->mutex);
    PendingOp op;
    op.kind = PendingOp::Kind::Complete;
    op.token = token;
    op.outcome = std::move(outcome);
    record->pending.push_back(std::move(op));
    record->has_pending.store(true, std::memory_order_relaxed);
    if (record->runner) return Json::object();  // the runner applies it (land_... says when)
    record->runner = std::this_thread::get_id();
  }
  if (!drain(core, record)) return task_timed_out();
  return Json::object();
}

void run_active(Core& core) {
  std::vector<ExecutionPtr> due;
  std::int64_t now = core.now_ms();
  {
    std::shared_lock lock(core.registry.mutex);
    for (const auto& [key, record] : core.registry.active) {
      std::lock_guard record_lock(record->mutex);
      const auto& s = record->summary;
      if (s.status == ExecutionStatus::Running && s.next_due_ms && *s.next_due_ms <= now) {
        due.push_back(record);
      }
    }
  }
  // Start order, so that a run is reproducible.
  std::sort(due.begin(), due.end(),
            [](const auto& a, const auto& b) { return a->sequence < b->sequence; });
  for (const auto& record : due) submit(core, record, PendingOp{});
}

void publish_progress(ExecutionRecord& record, bool running) {
  record.progress_board->publish(record.arn, record.name, record.engine->map_progress(), running);
  record.next_progress = std::chrono::steady_clock::now() + ProgressBoard::kInterval;
}

bool past_real_time_bound(const ExecutionRecord& record) {
  return record.express &&
         std::chrono::steady_clock::now() - record.real_start > record.real_time_bound;
}

ExecutionSummary summary_of(const ExecutionRecord& record) {
  std::lock_guard lock(record.mutex);
  return record.summary;
}

}  // namespace sfn::service
