// The seam between the engine and whatever performs a Task: Python mocks, canned responses, the
// MockConfigFile format, in-memory service fakes. The engine hands over everything it resolved;
// the invoker answers now, after a simulated duration, or later (callbacks and activities).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "asl/model.h"
#include "common/failure.h"
#include "json/json.h"

namespace sfn::engine {

struct TaskRequest {
  std::string_view execution_arn;
  std::string_view state_machine_arn;
  std::string_view state_name;
  const asl::Resource* resource = nullptr;
  const Json* parameters = nullptr;  // the effective input (after InputPath and Parameters)
  // The context object as the task sees it, except that its Execution.Input may be a null
  // placeholder (the input is not copied for every execution): execution_input is the input.
  const Json* context = nullptr;
  JsonPtr execution_input;      // $$.Execution.Input, shared so it can outlive the call
  std::string_view task_token;  // set for .waitForTaskToken and activities
  std::optional<std::int64_t> timeout_seconds;
  std::optional<std::int64_t> heartbeat_seconds;
  std::int64_t attempt = 0;  // $$.State.RetryCount
  const Json* credentials = nullptr;
  std::int64_t now_ms = 0;  // the execution's clock when the task starts
  // A Distributed Map ItemReader's s3:getObject: how the object will be read ("CSV", "JSON",
  // "JSONL", "PARQUET", "MANIFEST", "S3_INVENTORY_CSV"), so that the Python layer answering it
  // can hand binary formats over as text (docs/semantics/distributed-map.md D9, D10). Empty
  // for every other request.
  std::string_view reader_format;
};

struct TaskOutcome {
  enum class Kind : unsigned char {
    Succeeded,  // `result` is the task's result
    Failed,     // `failure` names the error
    Pending,    // the result arrives later through Execution::complete_task (task tokens)
    // The invoker hands the task back to whoever runs the execution (a nested StartExecution
    // that the service performs natively); the engine alone cannot perform it.
    Delegate,
    // The invoker started the task elsewhere (a Python executor's worker) and `settle` gives
    // its outcome, waiting for it if need be. Other threads step meanwhile; the engine settles
    // every task in flight, in the order they started, before it fires any timer, so the
    // history does not depend on which finishes first (engine/in_flight.cpp).
    InFlight,
  } kind = Kind::Succeeded;
  Json result;
  Failure failure;
  // Simulated time the task takes on the execution's clock (0: it answers at once).
  double duration_seconds = 0;
  // For Pending outcomes of .waitForTaskToken integrations: what the submit call returned
  // (recorded as TaskSubmitted's output).
  std::optional<Json> submitted;
  // Activities answered at once: the worker that took the task (ActivityStarted's workerName).
  std::optional<std::string> worker_name;
  // A Pending task without a task token (a .sync job the invoker tracks itself): the key the
  // invoker later passes to Execution::complete_task.
  std::string completion_token;
  // For InFlight outcomes: gives the task's outcome (which may itself be InFlight again).
  std::function<TaskOutcome()> settle;

  static TaskOutcome success(Json result) {
    TaskOutcome o;
    o.result = std::move(result);
    return o;
  }
  static TaskOutcome failed(std::string error, std::string cause) {
    TaskOutcome o;
    o.kind = Kind::Failed;
    o.failure = Failure{std::move(error), std::move(cause)};
    return o;
  }
  static TaskOutcome delegate() {
    TaskOutcome o;
    o.kind = Kind::Delegate;
    return o;
  }
  // What a Delegate outcome becomes where nothing can perform it (sfnsim.run, TestState).
  static TaskOutcome undelegated(std::string_view resource_arn, std::string_view state_name) {
    return failed("States.TaskFailed",
                  "The task of state '" + std::string(state_name) + "' (resource '" +
                      std::string(resource_arn) +
                      "') starts a nested execution, which needs a Step Functions service to "
                      "run it: use a client (sfnsim.client(services=[\"states\"])) rather than "
                      "a one-off run.");
  }
  static TaskOutcome pending(std::string completion_token = {}) {
    TaskOutcome o;
    o.kind = Kind::Pending;
    o.completion_token = std::move(completion_token);
    return o;
  }
};

using TaskInvoker = std::function<TaskOutcome(const TaskRequest&)>;

// `outcome` settled now, for callers that need the answer before they go on.
inline TaskOutcome settled(TaskOutcome outcome) {
  while (outcome.kind == TaskOutcome::Kind::InFlight) {
    if (!outcome.settle) return TaskOutcome::failed("States.TaskFailed", "A task never answered.");
    std::function<TaskOutcome()> settle = std::move(outcome.settle);
    outcome = settle();
  }
  return outcome;
}

// Whether a task answered InFlight may stay in flight while other threads step: only when its
// history records nothing between TaskStarted and its end, as for a request-response call.
// Callbacks and jobs record TaskSubmitted and activities ActivityStarted right after
// TaskStarted, and their task token may come back before the handler returns: they settle at
// once (their handler still runs on the executor, but one at a time).
inline bool may_stay_in_flight(const asl::Resource& resource) {
  return resource.kind != asl::Resource::Kind::Activity &&
         resource.pattern == asl::Resource::Pattern::RequestResponse;
}

}  // namespace sfn::engine
