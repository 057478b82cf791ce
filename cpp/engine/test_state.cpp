// TestState reuses the engine's pipeline pieces (apply_path, apply_template, apply_result_path,
// the Choice and Fail steps) on a one-off Runtime, recording each intermediate value.
#include "engine/test_state.h"

#include <algorithm>
#include <cmath>

#include "engine/context_object.h"
#include "engine/error_matching.h"
#include "engine/io_processing.h"
#include "engine/runtime.h"

namespace sfn::engine {

namespace {

struct Run {
  const TestStateRequest& request;
  Runtime& rt;
  Thread& thread;
  TestStateResult& out;
};

// Retry, then Catch: TestState reports the handler that would take the failure instead of
// following it (RETRIABLE with the backoff, CAUGHT_ERROR with the catcher's output and Next).
void report_failure(Run& run, Failure failure) {
  const asl::State& state = run.thread.current();
  TestStateResult& out = run.out;
  out.output.reset();
  out.failure = failure;
  out.status = TestStatus::Failed;
  if (is_retriable(failure.error)) {
    for (std::size_t i = 0; i < state.retry.size(); ++i) {
      const asl::Retrier& retrier = state.retry[i];
      if (!error_matches(retrier.error_equals, failure.error)) continue;
      if (run.request.retrier_retry_count >= retrier.max_attempts) break;
      double seconds =
          static_cast<double>(retrier.interval_seconds) *
          std::pow(retrier.backoff_rate, static_cast<double>(run.request.retrier_retry_count));
      if (retrier.max_delay_seconds) {
        seconds = std::min(seconds, static_cast<double>(*retrier.max_delay_seconds));
      }
      out.status = TestStatus::Retriable;
      out.inspection["errorDetails"] =
          Json{{"retryBackoffIntervalSeconds", static_cast<std::int64_t>(std::llround(seconds))},
               {"retryIndex", i}};
      return;
    }
  }
  if (!is_catchable(failure.error)) return;
  for (std::size_t i = 0; i < state.catchers.size(); ++i) {
    const asl::Catcher& catcher = state.catchers[i];
    if (!error_matches(catcher.error_equals, failure.error)) continue;
    Json error_output = Json::object();
    error_output["Error"] = failure.has_error ? Json(failure.error) : Json(nullptr);
    error_output["Cause"] = failure.has_cause ? Json(failure.cause) : Json(nullptr);
    auto output = apply_result_path(catcher.result_path, run.thread.state_input,
                                    share(std::move(error_output)));
    if (!output.ok()) {
      out.failure = runtime_failure(run.thread, output.error());
      return;
    }
    if (catcher.assign) {
      auto assigned = assign_variables(run.rt, run.thread, *catcher.assign, *output.value());
      if (!assigned.ok()) {
        out.failure = std::move(assigned).error();
        return;
      }
      commit_assignments(run.thread, assigned.value().get());
    }
    out.status = TestStatus::CaughtError;
    out.next_state = catcher.next;
    out.output = std::move(output.value());
    out.inspection["errorDetails"] = Json{{"catchIndex", i}};
    return;
  }
}

// ResultSelector, Assign, ResultPath, OutputPath and the transition: the tail every state with
// a result shares.
void finish(Run& run, JsonPtr result, bool selector) {
  const asl::State& state = run.thread.current();
  Json& insp = run.out.inspection;
  if (selector && state.result_selector) {
    auto selected = apply_template(run.rt, run.thread, *state.result_selector, *result);
    if (!selected.ok()) return report_failure(run, std::move(selected).error());
    result = std::move(selected.value());
  }
  insp["afterResultSelector"] = *result;
  std::shared_ptr<const EventDetails> assigned;
  if (state.assign) {
    auto a = assign_variables(run.rt, run.thread, *state.assign, *result);
    if (!a.ok()) return report_failure(run, std::move(a).error());
    assigned = std::move(a.value());
  }
  auto combined = apply_result_path(state.result_path, run.thread.state_input, std::move(result));
  if (!combined.ok()) return report_failure(run, runtime_failure(run.thread, combined.error()));
  insp["afterResultPath"] = *combined.value();
  auto output = apply_path(run.rt, run.thread, state.output_path, combined.value());
  if (!output.ok()) return report_failure(run, runtime_failure(run.thread, output.error()));
  commit_assignments(run.thread, assigned.get());
  run.out.output = std::move(output.value());
  if (!state.end) run.out.next_state = state.next;
}

// InputPath, recorded as afterInputPath. Null when it failed (already reported).
JsonPtr effective_input(Run& run) {
  const asl::State& state = run.thread.current();
  auto effective = apply_path(run.rt, run.thread, state.input_path, run.thread.state_input);
  if (!effective.ok()) {
    report_failure(run, runtime_failure(run.thread, effective.error()));
    return nullptr;
  }
  run.out.inspection["afterInputPath"] = *effective.value();
  return effective.value();
}

void test_pass(Run& run) {
  const asl::State& state = run.thread.current();
  const auto& pass = state.as<asl::PassState>();
  if (pass.result) {
    // AWS reports no afterInputPath / afterParameters for a Pass state with a Result.
    run.out.inspection["result"] = *pass.result;
    return finish(run, pass.result, false);
  }
  JsonPtr value = effective_input(run);
  if (!value) return;
  if (state.parameters) {
    auto parameters = apply_template(run.rt, run.thread, *state.parameters, *value);
    if (!parameters.ok()) return report_failure(run, std::move(parameters).error());
    value = std::move(parameters.value());
  }
  run.out.inspection["afterParameters"] = *value;
  finish(run, std::move(value), false);
}

void test_task(Run& run) {
  const asl::State& state = run.thread.current();
  const auto& task = state.as<asl::TaskState>();
  JsonPtr value = effective_input(run);
  if (!value) return;
  if (state.parameters) {
    auto parameters = apply_template(run.rt, run.thread, *state.parameters, *value);
    if (!parameters.ok()) return report_failure(run, std::move(parameters).error());
    value = std::move(parameters.value());
  }
  run.out.inspection["afterParameters"] = *value;

  TaskOutcome outcome;
  if (run.request.mock_error) {
    outcome.kind = TaskOutcome::Kind::Failed;
    outcome.failure = *run.request.mock_error;
  } else if (run.request.mock_result) {
    outcome = TaskOutcome::success(*run.request.mock_result);
  } else if (run.request.invoker) {
    TaskRequest call;
    call.execution_arn = run.rt.info.execution_arn;
    call.state_machine_arn = run.rt.info.state_machine_arn;
    call.state_name = state.name;
    call.resource = &task.resource;
    call.parameters = value.get();
    call.context = run.request.context ? &run.rt.context : &context_for(run.rt, run.thread);
    call.attempt = run.request.retrier_retry_count;
    outcome = run.request.invoker(call);
    if (outcome.kind == TaskOutcome::Kind::Delegate) {
      outcome = TaskOutcome::undelegated(task.resource.arn, state.name);
    }
  } else {
    outcome = TaskOutcome::failed(
        "States.TaskFailed", "No task handler is configured for resource '" + task.resource.arn +
                                 "' (state '" + state.name + "').");
  }
  if (outcome.kind == TaskOutcome::Kind::Pending) {
    // Nothing can send the token back to a one-off run.
    return report_failure(run, Failure{"States.Timeout", "", true, false});
  }
  if (outcome.kind == TaskOutcome::Kind::Failed) return report_failure(run, outcome.failure);
  JsonPtr result = share(std::move(outcome.result));
  run.out.inspection["result"] = *result;
  finish(run, std::move(result), true);
}

// A Map's ItemsPath and its concurrency settings, as AWS inspects them.
bool inspect_map(Run& run, const JsonPtr& effective) {
  const auto& map = run.thread.current().as<asl::MapState>();
  Json& insp = run.out.inspection;
  path::Scope scope = scope_for(run.rt, run.thread, *effective);
  if (map.items_path) {
    auto items = path::select(*map.items_path, scope);
    if (!items.ok()) {
      report_failure(run, runtime_failure(run.thread, "Invalid path '" + map.items_path->text +
                                                          "' : " + items.error().message));
      return false;
    }
    insp["afterItemsPath"] = items->value();
  }
  auto resolve = [&](const asl::IntegerOrPath& field) -> std::optional<std::int64_t> {
    if (field.value) return field.value;
    if (!field.path) return std::nullopt;
    auto selected = path::select(*field.path, scope);
    if (!selected.ok() || !selected->value().is_number_integer()) return std::nullopt;
    return selected->value().get<std::int64_t>();
  };
  insp["maxConcurrency"] = resolve(map.max_concurrency).value_or(0);
  if (auto count = resolve(map.tolerated_failure_count)) insp["toleratedFailureCount"] = *count;
  if (map.tolerated_failure_percentage) {
    insp["toleratedFailurePercentage"] = *map.tolerated_failure_percentage;
  }
  return true;
}

// Parallel and Map run only with a mocked result (the service checks its shape).
void test_fanout(Run& run) {
  JsonPtr value = effective_input(run);
  if (!value) return;
  if (run.thread.current().type == asl::StateType::Parallel) {
    // AWS shows only the input and the result's tail for a mocked Parallel.
    run.out.inspection.erase("afterInputPath");
  } else if (!inspect_map(run, value)) {
    return;
  }
  if (run.request.mock_error) return report_failure(run, *run.request.mock_error);
  finish(run, share(run.request.mock_result.value_or(Json::array())), true);
}

void test_succeed_or_wait(Run& run) {
  const asl::State& state = run.thread.current();
  JsonPtr value = effective_input(run);
  if (!value) return;
  auto output = apply_path(run.rt, run.thread, state.output_path, value);
  if (!output.ok()) return report_failure(run, runtime_failure(run.thread, output.error()));
  run.out.output = std::move(output.value());
  if (state.type == asl::StateType::Wait && !state.end) run.out.next_state = state.next;
}

// Choice and Fail run the engine's own step; the outcome is read back from the Runtime.
void test_choice_or_fail(Run& run) {
  const asl::State& state = run.thread.current();
  JsonPtr value = effective_input(run);
  if (!value) return;
  if (state.type == asl::StateType::Fail) {
    // AWS evaluates Fail against the raw input; afterInputPath is still reported.
    step_fail(run.rt, run.thread);
  } else {
    step_choice(run.rt, run.thread);
  }
  if (run.rt.status == ExecutionStatus::Failed) {
    return report_failure(run, run.rt.failure);
  }
  run.out.output = run.thread.state_input;
  run.out.next_state = run.thread.current().name;
}

}  // namespace

TestStateResult test_state(const TestStateRequest& request) {
  TestStateResult out;
  Runtime rt;
  rt.machine = request.machine;
  rt.info = request.info;
  rt.rng = Rng(request.info.seed);
  rt.input = request.input ? request.input : share(Json::object());
  rt.now_ms = request.info.start_time_ms;
  rt.limits.record_history = false;
  rt.context = request.context ? *request.context : make_context_object(rt.info, rt.input);

  auto scope = std::make_shared<VariableScope>();
  if (request.variables.is_object()) {
    for (const auto& [name, value] : request.variables.items()) scope->set(name, share(value));
  }
  Thread& thread = spawn_thread(rt, *request.graph, -1, 0, scope);
  if (request.context) {
    // The caller's context object is used as given: the engine's per-state patching would
    // overwrite its State and drop its Task.
    Runtime* runtime = &rt;
    thread.context = [runtime] { return &runtime->context; };
  }
  thread.state = request.state;
  thread.state_input = rt.input;
  thread.retry_attempts.assign(thread.current().retry.size(), 0);
  thread.retry_count = request.retrier_retry_count;
  record_entered(rt, thread);
  out.inspection["input"] = *rt.input;

  Run run{request, rt, thread, out};
  switch (thread.current().type) {
    case asl::StateType::Pass:
      test_pass(run);
      break;
    case asl::StateType::Task:
      test_task(run);
      break;
    case asl::StateType::Parallel:
    case asl::StateType::Map:
      test_fanout(run);
      break;
    case asl::StateType::Succeed:
    case asl::StateType::Wait:
      test_succeed_or_wait(run);
      break;
    case asl::StateType::Choice:
    case asl::StateType::Fail:
      test_choice_or_fail(run);
      break;
  }
  if (!scope->values.empty()) {
    Json variables = Json::object();
    for (const Variable& v : scope->values) variables[v.name] = *v.value;
    out.inspection["variables"] = std::move(variables);
  }
  return out;
}

}  // namespace sfn::engine
