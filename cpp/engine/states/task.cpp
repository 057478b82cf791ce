// Task: schedule, start, hand to the invoker, then record how it ended. The event family
// depends on the resource: LambdaFunction* for a Lambda function ARN, Activity* for an
// activity, Task* for every service integration.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/path_numbers.h"
#include "engine/runtime.h"

namespace sfn::engine {

namespace {

using Kind = asl::Resource::Kind;
using Pattern = asl::Resource::Pattern;

constexpr std::int64_t kDefaultTimeoutSeconds = 99999999;

struct Family {
  EventType scheduled, started, succeeded, failed, timed_out;
};

Family family_of(const asl::Resource& resource) {
  switch (resource.kind) {
    case Kind::LambdaFunction:
      return {EventType::LambdaFunctionScheduled, EventType::LambdaFunctionStarted,
              EventType::LambdaFunctionSucceeded, EventType::LambdaFunctionFailed,
              EventType::LambdaFunctionTimedOut};
    case Kind::Activity:
      return {EventType::ActivityScheduled, EventType::ActivityStarted,
              EventType::ActivitySucceeded, EventType::ActivityFailed, EventType::ActivityTimedOut};
    default:
      return {EventType::TaskScheduled, EventType::TaskStarted, EventType::TaskSucceeded,
              EventType::TaskFailed, EventType::TaskTimedOut};
  }
}

std::shared_ptr<EventDetails> resource_details(const asl::Resource& resource) {
  auto d = std::make_shared<EventDetails>();
  d->resource_type = resource.service;
  d->resource = resource.action;
  return d;
}

std::shared_ptr<const EventDetails> shared_resource_details(Runtime& rt,
                                                            const asl::Resource& resource) {
  auto& details = rt.resource_details[&resource];
  if (!details) details = resource_details(resource);
  return details;
}

// TimeoutSeconds / HeartbeatSeconds and their *Path forms.
Expected<std::optional<std::int64_t>, std::string> resolve_seconds(Runtime& rt, Thread& thread,
                                                                   const asl::IntegerOrPath& f,
                                                                   const char* field) {
  if (f.value) return std::optional<std::int64_t>(*f.value);
  if (!f.path) return std::optional<std::int64_t>();
  auto selected = path::select(*f.path, scope_for(rt, thread, *thread.effective_input));
  if (!selected.ok()) {
    return "Invalid path '" + f.path->text + "' : " + selected.error().message;
  }
  const Json& v = selected->value();
  auto n = path_integer(v);
  if (!n) {
    return std::string("The ") + field + "Path field refers to value \"" +
           referenced_value_text(v) + "\" which is not a valid integer: " + f.path->text;
  }
  auto seconds = *n;
  if (seconds <= 0) {
    return std::string("The ") + field + "Path field refers to value \"" +
           referenced_value_text(v) + "\" which is not a positive integer: " + f.path->text;
  }
  return std::optional<std::int64_t>(seconds);
}

// Which tasks get a token ($$.Task.Token): callbacks, activities (what a worker sends back),
// and jobs (.sync, .sync:2), which SendTaskSuccess/Failure/Heartbeat may also answer
// (docs/semantics/service-integrations.md S1).
bool has_task_token(const asl::Resource& resource) {
  return resource.kind == Kind::Activity || resource.pattern != Pattern::RequestResponse;
}

std::string make_task_token(Rng& rng) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string token = "AQ";
  token.reserve(160);
  for (int i = 0; i < 150; ++i) token.push_back(kAlphabet[rng.next_u64() % 64]);
  return token;
}

// Credentials (RoleArn, RoleArn.$ or JSONata), resolved on each attempt before the Scheduled
// event, which records the role the task runs under (docs/semantics/service-integrations.md C1-C3).
Expected<JsonPtr> resolve_credentials(Runtime& rt, Thread& thread, const asl::TaskState& task) {
  if (task.credentials_jsonata) {
    JsonataFields fields;
    fields.input = thread.state_input;
    auto c = evaluate_jsonata(rt, thread, *task.credentials_jsonata, "Credentials", fields);
    if (!c.ok()) return std::move(c).error();
    return std::move(c.value());
  }
  if (task.credentials) {
    auto c = apply_template(rt, thread, *task.credentials, *thread.effective_input);
    if (!c.ok()) return std::move(c).error();
    return std::move(c.value());
  }
  return JsonPtr();
}

// TaskScheduled / LambdaFunctionScheduled `taskCredentials`: {"roleArn": ...} (the API's
// TaskCredentials shape) when the resolved Credentials name a role.
std::optional<Json> task_credentials_details(const JsonPtr& credentials) {
  if (!credentials || !credentials->is_object()) return std::nullopt;
  auto role = credentials->find("RoleArn");
  if (role == credentials->end() || !role->is_string()) return std::nullopt;
  return Json{{"roleArn", *role}};
}

// Evaluates Parameters (again on each attempt: $$.State.RetryCount changes) and records the
// Scheduled event.
void schedule(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  const asl::Resource& resource = task.resource;
  thread.task_token.clear();
  if (has_task_token(resource)) thread.task_token = make_task_token(rt.rng);
  thread.task_parameters = thread.effective_input;
  if (state.arguments_jsonata) {
    JsonataFields fields;
    fields.input = thread.state_input;
    auto arguments = evaluate_jsonata(rt, thread, *state.arguments_jsonata, "Arguments", fields);
    if (!arguments.ok()) return fail_state(rt, thread, std::move(arguments).error());
    thread.task_parameters = std::move(arguments.value());
  }
  if (state.parameters) {
    auto parameters = apply_template(rt, thread, *state.parameters, *thread.effective_input);
    if (!parameters.ok()) return fail_state(rt, thread, std::move(parameters).error());
    thread.task_parameters = std::move(parameters.value());
  }
  note(rt, thread,
       state.query_language == asl::QueryLanguage::JSONata ? "afterArguments" : "afterParameters",
       *thread.task_parameters);
  auto credentials = resolve_credentials(rt, thread, task);
  if (!credentials.ok()) return fail_state(rt, thread, std::move(credentials).error());
  thread.task_credentials = std::move(credentials.value());
  Family family = family_of(resource);

  auto d = resource_details(resource);
  if (resource.kind == Kind::LambdaFunction || resource.kind == Kind::Activity) {
    d->resource = resource.arn;
    if (task.timeout_seconds.present()) d->timeout_seconds = thread.timeout_seconds;
    if (resource.kind == Kind::Activity && task.heartbeat_seconds.present()) {
      d->heartbeat_seconds = thread.heartbeat_seconds;
    }
    d->task_credentials = task_credentials_details(thread.task_credentials);
    emit(rt, thread, family.scheduled, {}, thread.task_parameters, std::move(d));
  } else {
    d->region = resource.region.empty() ? rt.info.region : resource.region;
    d->parameters = thread.task_parameters;
    if (task.timeout_seconds.present()) d->timeout_seconds = thread.timeout_seconds;
    if (task.heartbeat_seconds.present()) d->heartbeat_seconds = thread.heartbeat_seconds;
    d->task_credentials = task_credentials_details(thread.task_credentials);
    emit(rt, thread, family.scheduled, {}, {}, std::move(d));
  }
  thread.phase = Phase::TaskStart;
  make_ready(rt, thread);
}

void enter(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  record_entered(rt, thread);

  auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
  if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
  thread.effective_input = effective.value();

  if (state.query_language == asl::QueryLanguage::JSONata) {
    JsonataFields fields;
    fields.input = thread.state_input;
    for (auto [f, name, out] :
         {std::tuple{&task.timeout_seconds, "TimeoutSeconds", &thread.timeout_seconds},
          std::tuple{&task.heartbeat_seconds, "HeartbeatSeconds", &thread.heartbeat_seconds}}) {
      *out = f->value;
      if (!f->expression) continue;
      auto seconds = jsonata_integer(rt, thread, *f->expression, name, fields, 1);
      if (!seconds.ok()) return fail_state(rt, thread, std::move(seconds).error());
      *out = *seconds;
    }
    return schedule(rt, thread);
  }
  note(rt, thread, "afterInputPath", *thread.effective_input);
  auto timeout = resolve_seconds(rt, thread, task.timeout_seconds, "TimeoutSeconds");
  if (!timeout.ok()) return fail_state(rt, thread, runtime_failure(thread, timeout.error()));
  auto heartbeat = resolve_seconds(rt, thread, task.heartbeat_seconds, "HeartbeatSeconds");
  if (!heartbeat.ok()) return fail_state(rt, thread, runtime_failure(thread, heartbeat.error()));
  thread.timeout_seconds = *timeout;
  thread.heartbeat_seconds = *heartbeat;
  schedule(rt, thread);
}

// Activities, callbacks and jobs (.sync) can report heartbeats; a request-response call cannot.
bool takes_heartbeats(const asl::Resource& resource) {
  return resource.kind == Kind::Activity || resource.pattern != Pattern::RequestResponse;
}

std::shared_ptr<EventDetails> activity_started_details(const std::optional<std::string>& worker) {
  auto d = std::make_shared<EventDetails>();
  if (worker) d->worker_name = *worker;
  return d;
}

void record_activity_started(Runtime& rt, Thread& thread,
                             const std::optional<std::string>& worker) {
  if (thread.activity_started) return;
  thread.activity_started = true;
  emit(rt, thread, EventType::ActivityStarted, {}, {}, activity_started_details(worker));
}

// Arms the one timer that ends a started task's wait, with the sequence number it took when it
// started (the timers due at one instant fire in sequence order).
void arm(Runtime& rt, const Thread& thread, std::int64_t due_ms, std::uint64_t sequence) {
  rt.timers.push(Timer{due_ms, sequence, thread.id, thread.wake_generation});
}

// Arms the timer of a task waiting on the outside world: its timeout or its next heartbeat,
// whichever comes first.
void arm_wait_timer(Runtime& rt, Thread& thread, std::uint64_t sequence) {
  std::int64_t due = thread.task_deadline_ms;
  if (thread.heartbeat_deadline_ms) due = std::min(due, *thread.heartbeat_deadline_ms);
  ++thread.wake_generation;
  arm(rt, thread, due, sequence);
}

void start(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  const asl::Resource& resource = task.resource;
  Family family = family_of(resource);
  bool activity = resource.kind == Kind::Activity;
  // An activity starts when a worker takes it (recorded below or by Execution::start_activity).
  thread.activity_started = false;
  if (resource.kind == Kind::LambdaFunction) {
    emit(rt, thread, family.started);
  } else if (!activity) {
    emit(rt, thread, family.started, {}, {}, shared_resource_details(rt, resource));
  }

  TaskRequest request;
  request.execution_arn = rt.info.execution_arn;
  request.state_machine_arn = rt.info.state_machine_arn;
  request.state_name = state.name;
  request.resource = &resource;
  request.parameters = thread.task_parameters.get();
  request.context = &context_for(rt, thread, /*with_input=*/false);
  request.execution_input = thread.child_execution ? thread.child_execution->input : rt.input;
  request.task_token = thread.task_token;
  request.timeout_seconds = thread.timeout_seconds;
  request.heartbeat_seconds = thread.heartbeat_seconds;
  request.attempt = thread.retry_count;
  request.credentials = thread.task_credentials.get();
  request.now_ms = rt.now_ms;

  // Recording TaskScheduled or TaskStarted may have filled the history: the task never runs.
  if (rt.status != ExecutionStatus::Running) return;
  TaskOutcome outcome;
  if (rt.invoker) {
    outcome = rt.invoker(request);
  } else {
    outcome = TaskOutcome::failed("States.TaskFailed",
                                  "No task handler is configured for resource '" + resource.arn +
                                      "' (state '" + state.name + "').");
  }
  // The timer that ends the task's wait: its sequence number is taken now, whenever the
  // outcome is applied.
  std::uint64_t sequence = rt.timer_sequence++;
  if (outcome.kind == TaskOutcome::Kind::InFlight && may_stay_in_flight(resource)) {
    thread.phase = Phase::TaskInFlight;
    rt.in_flight.push_back(InFlightTask{thread.id, thread.wake_generation, rt.now_ms, sequence,
                                        std::move(outcome.settle)});
    return;
  }
  apply_task_outcome(rt, thread, settled(std::move(outcome)), rt.now_ms, sequence);
}

}  // namespace

void apply_task_outcome(Runtime& rt, Thread& thread, TaskOutcome outcome, std::int64_t started_ms,
                        std::uint64_t sequence) {
  const asl::State& state = thread.current();
  const asl::Resource& resource = state.as<asl::TaskState>().resource;
  bool activity = resource.kind == Kind::Activity;
  if (outcome.kind == TaskOutcome::Kind::Delegate) {
    outcome = TaskOutcome::undelegated(resource.arn, state.name);
  }
  std::int64_t timeout_ms = thread.timeout_seconds.value_or(kDefaultTimeoutSeconds) * 1000;
  std::optional<std::int64_t> heartbeat_ms;
  if (thread.heartbeat_seconds && takes_heartbeats(resource)) {
    heartbeat_ms = *thread.heartbeat_seconds * 1000;
  }
  if (outcome.submitted) {
    emit(rt, thread, EventType::TaskSubmitted, {}, share(std::move(*outcome.submitted)),
         shared_resource_details(rt, resource));
    outcome.submitted.reset();
  }
  if (outcome.kind == TaskOutcome::Kind::Pending) {
    // A job the invoker tracks itself ends on its completion key; its task token (S1) ends it
    // too.
    thread.wait_key =
        !outcome.completion_token.empty() ? outcome.completion_token : thread.task_token;
    if (!thread.wait_key.empty()) rt.tokens[thread.wait_key] = thread.id;
    if (!thread.task_token.empty()) rt.tokens[thread.task_token] = thread.id;
    thread.phase = Phase::TaskWaiting;
    thread.task_deadline_ms = started_ms + timeout_ms;
    thread.heartbeat_deadline_ms.reset();
    if (heartbeat_ms) thread.heartbeat_deadline_ms = started_ms + *heartbeat_ms;
    arm_wait_timer(rt, thread, sequence);
    return;
  }
  // A task that answers at once sends no heartbeats while it runs: it times out at whichever
  // limit its simulated duration reaches first.
  std::int64_t limit_ms = heartbeat_ms ? std::min(timeout_ms, *heartbeat_ms) : timeout_ms;
  double duration = std::isfinite(outcome.duration_seconds) ? outcome.duration_seconds * 1000.0
                                                            : static_cast<double>(limit_ms);
  auto duration_ms = duration >= static_cast<double>(limit_ms)
                         ? limit_ms
                         : static_cast<std::int64_t>(std::llround(std::max(duration, 0.0)));
  if (activity) record_activity_started(rt, thread, outcome.worker_name);
  if (duration_ms >= limit_ms) {
    thread.phase = Phase::TaskWaiting;
    ++thread.wake_generation;
    arm(rt, thread, started_ms + limit_ms, sequence);
    return;
  }
  thread.outcome = std::move(outcome);
  thread.phase = Phase::TaskResult;
  arm(rt, thread, started_ms + duration_ms, sequence);
}

namespace {

void release_wait_key(Runtime& rt, Thread& thread) {
  release_task_keys(rt, thread);
  thread.heartbeat_deadline_ms.reset();
}

// The timeout is recorded now; Retry and Catch handle it on the thread's next step, so tasks
// timing out at the same instant all record their timeouts before any failure propagates, as
// AWS histories show.
void time_out(Runtime& rt, Thread& thread) {
  const auto& task = thread.current().as<asl::TaskState>();
  Family family = family_of(task.resource);
  bool service = task.resource.kind != Kind::LambdaFunction && task.resource.kind != Kind::Activity;
  release_wait_key(rt, thread);
  thread.outcome.reset();
  auto d = service ? resource_details(task.resource) : std::make_shared<EventDetails>();
  d->error = "States.Timeout";
  emit(rt, thread, family.timed_out, {}, {}, std::move(d));
  thread.phase = Phase::TaskTimedOut;
  make_ready(rt, thread);
}

void complete(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  Family family = family_of(task.resource);
  bool service = task.resource.kind != Kind::LambdaFunction && task.resource.kind != Kind::Activity;
  release_wait_key(rt, thread);

  TaskOutcome outcome = std::move(*thread.outcome);
  thread.outcome.reset();
  if (task.resource.kind == Kind::Activity)
    record_activity_started(rt, thread, outcome.worker_name);
  if (outcome.kind == TaskOutcome::Kind::Succeeded) {
    // The cause names what ran: a Lambda function resource by its ARN, a service integration
    // by its resourceType ('lambda' for lambda:invoke), not by the state (service-integrations.md
    // S-DL).
    if (auto too_big = check_size(rt, thread, outcome.result,
                                  service ? std::string_view(task.resource.service)
                                          : std::string_view(task.resource.arn))) {
      outcome = TaskOutcome::failed(too_big->error, too_big->cause);
    }
  }
  if (outcome.kind == TaskOutcome::Kind::Succeeded) {
    JsonPtr result = share(std::move(outcome.result));
    note(rt, thread, "result", *result);
    emit(rt, thread, family.succeeded, {}, result,
         service ? shared_resource_details(rt, task.resource) : nullptr);
    return finish_with_result(rt, thread, std::move(result));
  }
  auto d = service ? resource_details(task.resource) : std::make_shared<EventDetails>();
  if (outcome.failure.has_error) d->error = outcome.failure.error;
  if (outcome.failure.has_cause) d->cause = outcome.failure.cause;
  emit(rt, thread, family.failed, {}, {}, std::move(d));
  fail_state(rt, thread, std::move(outcome.failure));
}

}  // namespace

void step_task(Runtime& rt, Thread& thread) {
  switch (thread.phase) {
    case Phase::Enter:
      return enter(rt, thread);
    case Phase::RetryTask:
      return schedule(rt, thread);
    case Phase::TaskStart:
      return start(rt, thread);
    case Phase::TaskResult:
      return complete(rt, thread);
    case Phase::TaskWaiting:
      return time_out(rt, thread);
    case Phase::TaskInFlight:
      return;  // settle_in_flight moves it on
    case Phase::TaskTimedOut:
      return fail_state(rt, thread, Failure{"States.Timeout", "", true, false});
    default:
      return;
  }
}

}  // namespace sfn::engine
