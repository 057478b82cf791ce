// Task: schedule, start, hand to the invoker, then record how it ended. The event family
// depends on the resource: LambdaFunction* for a Lambda function ARN, Activity* for an
// activity, Task* for every service integration.
#include <cmath>
#include <tuple>

#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
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
  if (!v.is_number_integer() && !v.is_number_unsigned() &&
      !(v.is_number_float() && v.get<double>() == std::floor(v.get<double>()))) {
    return std::string("The ") + field + "Path field refers to value \"" +
           (v.is_string() ? v.get<std::string>() : to_text(v)) +
           "\" which is not a valid integer: " + f.path->text;
  }
  auto seconds = v.get<std::int64_t>();
  if (seconds <= 0) {
    return std::string("The ") + field + "Path field refers to value \"" + to_text(v) +
           "\" which is not a positive integer: " + f.path->text;
  }
  return std::optional<std::int64_t>(seconds);
}

std::string make_task_token(Rng& rng) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string token = "AQ";
  token.reserve(160);
  for (int i = 0; i < 150; ++i) token.push_back(kAlphabet[rng.next_u64() % 64]);
  return token;
}

// Evaluates Parameters (again on each attempt: $$.State.RetryCount changes) and records the
// Scheduled event.
void schedule(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  const asl::Resource& resource = task.resource;
  thread.task_token.clear();
  // Activities get a token too: it is what an activity worker sends back.
  if (resource.pattern == Pattern::WaitForTaskToken || resource.kind == Kind::Activity) {
    thread.task_token = make_task_token(rt.rng);
  }
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
  Family family = family_of(resource);

  auto d = resource_details(resource);
  if (resource.kind == Kind::LambdaFunction || resource.kind == Kind::Activity) {
    d->resource = resource.arn;
    if (task.timeout_seconds.present()) d->timeout_seconds = thread.timeout_seconds;
    if (resource.kind == Kind::Activity && task.heartbeat_seconds.present()) {
      d->heartbeat_seconds = thread.heartbeat_seconds;
    }
    emit(rt, thread, family.scheduled, {}, thread.task_parameters, std::move(d));
  } else {
    d->region = resource.region.empty() ? rt.info.region : resource.region;
    d->parameters = thread.task_parameters;
    if (task.timeout_seconds.present()) d->timeout_seconds = thread.timeout_seconds;
    if (task.heartbeat_seconds.present()) d->heartbeat_seconds = thread.heartbeat_seconds;
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
  auto timeout = resolve_seconds(rt, thread, task.timeout_seconds, "TimeoutSeconds");
  if (!timeout.ok()) return fail_state(rt, thread, runtime_failure(thread, timeout.error()));
  auto heartbeat = resolve_seconds(rt, thread, task.heartbeat_seconds, "HeartbeatSeconds");
  if (!heartbeat.ok()) return fail_state(rt, thread, runtime_failure(thread, heartbeat.error()));
  thread.timeout_seconds = *timeout;
  thread.heartbeat_seconds = *heartbeat;
  schedule(rt, thread);
}

void start(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  Family family = family_of(task.resource);
  if (task.resource.kind == Kind::LambdaFunction) {
    emit(rt, thread, family.started);
  } else if (task.resource.kind == Kind::Activity) {
    auto d = std::make_shared<EventDetails>();
    d->worker_name = "sfnsim";
    emit(rt, thread, family.started, {}, {}, std::move(d));
  } else {
    emit(rt, thread, family.started, {}, {}, resource_details(task.resource));
  }

  std::optional<Json> credentials;
  if (task.credentials_jsonata) {
    JsonataFields fields;
    fields.input = thread.state_input;
    auto c = evaluate_jsonata(rt, thread, *task.credentials_jsonata, "Credentials", fields);
    if (!c.ok()) return fail_state(rt, thread, std::move(c).error());
    credentials = *c.value();
  }
  if (task.credentials) {
    auto c = apply_template(rt, thread, *task.credentials, *thread.effective_input);
    if (!c.ok()) return fail_state(rt, thread, std::move(c).error());
    credentials = *c.value();
  }
  TaskRequest request;
  request.execution_arn = rt.info.execution_arn;
  request.state_machine_arn = rt.info.state_machine_arn;
  request.state_name = state.name;
  request.resource = &task.resource;
  request.parameters = thread.task_parameters.get();
  request.context = &context_for(rt, thread);
  request.task_token = thread.task_token;
  request.timeout_seconds = thread.timeout_seconds;
  request.heartbeat_seconds = thread.heartbeat_seconds;
  request.attempt = thread.retry_count;
  request.credentials = credentials ? &*credentials : nullptr;

  TaskOutcome outcome;
  if (rt.invoker) {
    outcome = rt.invoker(request);
  } else {
    outcome = TaskOutcome::failed(
        "States.TaskFailed", "No task handler is configured for resource '" + task.resource.arn +
                                 "' (state '" + state.name + "').");
  }

  std::int64_t timeout_ms = thread.timeout_seconds.value_or(kDefaultTimeoutSeconds) * 1000;
  if (outcome.kind == TaskOutcome::Kind::Pending) {
    if (outcome.submitted) {
      auto d = resource_details(task.resource);
      emit(rt, thread, EventType::TaskSubmitted, {}, share(std::move(*outcome.submitted)),
           std::move(d));
    }
    if (!thread.task_token.empty()) rt.tokens[thread.task_token] = thread.id;
    thread.phase = Phase::TaskWaiting;
    sleep_until(rt, thread, rt.now_ms + timeout_ms);
    return;
  }
  auto duration_ms = static_cast<std::int64_t>(std::llround(outcome.duration_seconds * 1000.0));
  if (duration_ms >= timeout_ms) {
    thread.phase = Phase::TaskWaiting;
    sleep_until(rt, thread, rt.now_ms + timeout_ms);
    return;
  }
  if (outcome.submitted) {
    emit(rt, thread, EventType::TaskSubmitted, {}, share(std::move(*outcome.submitted)),
         resource_details(task.resource));
    outcome.submitted.reset();
  }
  thread.outcome = std::move(outcome);
  thread.phase = Phase::TaskResult;
  sleep_until(rt, thread, rt.now_ms + std::max<std::int64_t>(duration_ms, 0));
}

void complete(Runtime& rt, Thread& thread, bool timed_out) {
  const asl::State& state = thread.current();
  const auto& task = state.as<asl::TaskState>();
  Family family = family_of(task.resource);
  bool service = task.resource.kind != Kind::LambdaFunction && task.resource.kind != Kind::Activity;
  if (!thread.task_token.empty()) rt.tokens.erase(thread.task_token);

  if (timed_out) {
    auto d = service ? resource_details(task.resource) : std::make_shared<EventDetails>();
    d->error = "States.Timeout";
    emit(rt, thread, family.timed_out, {}, {}, std::move(d));
    return fail_state(rt, thread, Failure{"States.Timeout", "", true, false});
  }
  TaskOutcome outcome = std::move(*thread.outcome);
  thread.outcome.reset();
  if (outcome.kind == TaskOutcome::Kind::Succeeded) {
    if (auto too_big = check_size(rt, outcome.result,
                                  service ? state.name : std::string_view(task.resource.arn))) {
      outcome = TaskOutcome::failed(too_big->error, too_big->cause);
    }
  }
  if (outcome.kind == TaskOutcome::Kind::Succeeded) {
    JsonPtr result = share(std::move(outcome.result));
    emit(rt, thread, family.succeeded, {}, result,
         service ? resource_details(task.resource) : nullptr);
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
      return complete(rt, thread, false);
    case Phase::TaskWaiting:
      return complete(rt, thread, true);
    default:
      return;
  }
}

}  // namespace sfn::engine
