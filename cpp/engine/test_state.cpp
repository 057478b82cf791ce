// TestState drives a one-off Runtime holding one thread that stands in the tested state, with
// the scheduler executions use. The engine's own steps note their stages (runtime.h: note,
// tested) and end the test where an execution would move on, so TestState and executions cannot
// disagree about what a state does.
#include "engine/test_state.h"

#include <algorithm>
#include <utility>

#include "engine/context_object.h"
#include "engine/io_processing.h"

namespace sfn::engine {

void test_transition(Runtime& rt, Thread& thread, JsonPtr output, const std::string& next) {
  StateTest& test = *rt.test;
  thread.phase = Phase::Finished;
  if (test.catch_index) {
    test.status = TestStatus::CaughtError;
    test.inspection["errorDetails"] = Json{{"catchIndex", *test.catch_index}};
  } else {
    test.status = TestStatus::Succeeded;
    test.failure.reset();
  }
  test.output = std::move(output);
  test.next_state = next;
  test.done = true;
}

Failure test_items_not_array(const path::Path* items_path) {
  // AWS quotes the path as evaluated against its document: a context path `$$.x` is the path
  // `$.x` of the context object.
  std::string text = items_path ? items_path->text : "$";
  if (text.rfind("$$", 0) == 0) text.erase(0, 1);
  return Failure{"States.Runtime", "Reference path \"" + text + "\" must point to array."};
}

namespace {

// mapIterationFailureCount against the Map's tolerance. A Map that declares no tolerance is not
// failed by it: AWS recorded such a Map succeeding with two of three iterations failed.
bool exceeds_tolerance(const Fanout& f, std::int64_t failures, std::size_t total) {
  if (f.has_tolerated_count && failures > f.tolerated_failure_count) return true;
  if (f.has_tolerated_percentage && total > 0) {
    double percent = 100.0 * static_cast<double>(failures) / static_cast<double>(total);
    if (percent > f.tolerated_failure_percentage) return true;
  }
  return false;
}

}  // namespace

void test_fanout(Runtime& rt, Thread& thread) {
  StateTest& test = *rt.test;
  std::unique_ptr<Fanout> fanout = std::move(thread.fanout);
  if (test.mock_error) return fail_state(rt, thread, *test.mock_error);
  JsonPtr result = share(test.mock_result.value_or(Json::array()));
  if (fanout && test.map_failure_count) {
    const auto& map = thread.current().as<asl::MapState>();
    // The items the Map would iterate: its input's, or what its ItemReader would read.
    std::size_t total = map.reader ? test.reader_items.value_or(0) : fanout->results.size();
    if (*test.map_failure_count > static_cast<std::int64_t>(total)) {
      // [recorded] test_map_iteration_failure_count_exceeds_mock_result_items
      test.request_problem =
          "Map iteration failure count must be less than or equal to the number of Map "
          "iterations";
      test.done = true;
      return;
    }
    if (exceeds_tolerance(*fanout, *test.map_failure_count, total)) {
      return fail_state(rt, thread,
                        Failure{"States.ExceedToleratedFailureThreshold",
                                "The specified tolerated failure threshold was exceeded"});
    }
  }
  finish_with_result(rt, thread, std::move(result));
}

namespace {

// A Task answers with the mock; without one, through the caller's invoker. Nothing can send a
// task token back to a one-off run, so a task left waiting times out.
TaskInvoker test_invoker(const StateTest& test, const TestStateRequest& request) {
  return [&test, &request](const TaskRequest& call) -> TaskOutcome {
    if (test.mock_error) {
      TaskOutcome failed;
      failed.kind = TaskOutcome::Kind::Failed;
      failed.failure = *test.mock_error;
      return failed;
    }
    if (test.mock_result) return TaskOutcome::success(*test.mock_result);
    if (!request.invoker) {
      return TaskOutcome::failed(
          "States.TaskFailed", "No task handler is configured for resource '" + call.resource->arn +
                                   "' (state '" + std::string(call.state_name) + "').");
    }
    TaskOutcome outcome = settled(request.invoker(call));
    if (outcome.kind == TaskOutcome::Kind::Delegate) {
      return TaskOutcome::undelegated(call.resource->arn, call.state_name);
    }
    if (outcome.kind == TaskOutcome::Kind::Pending) {
      TaskOutcome timed_out;
      timed_out.kind = TaskOutcome::Kind::Failed;
      timed_out.failure = Failure{"States.Timeout", "", true, false};
      return timed_out;
    }
    return outcome;
  };
}

// The context object TestState makes when the caller gives none (AWS, recorded): an execution's,
// without RedriveCount, and with a null RoleArn when the request names no role.
Json default_context(const ExecutionInfo& info, const JsonPtr& input) {
  Json context = make_context_object(info, input);
  if (auto execution = context.find("Execution"); execution != context.end()) {
    execution->erase("RedriveCount");
    if (info.role_arn.empty()) (*execution)["RoleArn"] = nullptr;
  }
  return context;
}

}  // namespace

TestStateResult test_state(const TestStateRequest& request) {
  StateTest test;
  test.mock_result = request.mock_result;
  test.mock_error = request.mock_error;
  test.retrier_retry_count = request.retrier_retry_count;
  test.map_failure_count = request.map_iteration_failure_count;
  test.reader_items = request.map_reader_items;

  Runtime rt;
  rt.machine = request.machine;
  rt.info = request.info;
  rt.rng = Rng(request.info.seed);
  rt.input = request.input ? request.input : share(Json::object());
  rt.now_ms = request.info.start_time_ms;
  rt.started = true;
  rt.limits.record_history = false;
  rt.limits.max_history_events = 0;
  rt.context = request.context ? *request.context : default_context(rt.info, rt.input);
  rt.invoker = test_invoker(test, request);

  auto scope = std::make_shared<VariableScope>();
  if (request.variables.is_object()) {
    for (const auto& [name, value] : request.variables.items()) scope->set(name, share(value));
  }
  // The caller's context object is used as given: the engine's per-state patching would
  // overwrite its State and drop its Task.
  test.context_given = request.context.has_value();
  Thread& thread = spawn_thread(rt, *request.graph, -1, 0, scope);
  goto_state(rt, thread, request.state, rt.input);
  thread.retry_count = request.retrier_retry_count;
  test.thread = thread.id;
  test.inspection["input"] = *rt.input;
  rt.test = &test;

  // The virtual clock: a Wait or a task's duration passes at once.
  while (!test.done && rt.status == ExecutionStatus::Running) {
    drive(rt, rt.now_ms);
    if (test.done || !rt.ready.empty()) continue;
    if (rt.timers.empty()) break;
    drive(rt, std::max(rt.timers.top().due_ms, rt.now_ms));
  }
  if (!test.done) {
    test.status = TestStatus::Failed;
    test.failure = Failure{"States.Timeout", "", true, false};
  }

  TestStateResult out;
  out.status = test.status;
  out.output = test.status == TestStatus::Failed || test.status == TestStatus::Retriable
                   ? nullptr
                   : test.output;
  out.failure = std::move(test.failure);
  out.next_state = std::move(test.next_state);
  out.request_problem = std::move(test.request_problem);
  out.inspection = std::move(test.inspection);
  if (!scope->values.empty()) {
    Json variables = Json::object();
    for (const Variable& v : scope->values) variables[v.name] = *v.value;
    out.inspection["variables"] = std::move(variables);
  }
  return out;
}

}  // namespace sfn::engine
