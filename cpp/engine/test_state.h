// TestState: runs one state of a compiled machine once, with the steps an execution runs, and
// reports what each stage of its pipeline produced (the API's `inspectionData`). A Task answers
// with the mock the caller gave, or through the invoker; a Map or Parallel with its mock; Retry
// and Catch are reported, not followed. The rules, with their sources: docs/test-state.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "asl/model.h"
#include "common/failure.h"
#include "engine/execution.h"
#include "engine/runtime.h"
#include "engine/task_invoker.h"
#include "json/json.h"

namespace sfn::engine {

struct TestStateRequest {
  asl::StateMachinePtr machine;
  const asl::StateGraph* graph = nullptr;  // the graph holding the state (machine's or nested)
  int state = 0;                           // its index in graph->states
  JsonPtr input;
  Json variables = Json::object();  // workflow variables visible to the state
  std::optional<Json> context;      // the context object; built from `info` when absent
  // The Task / Parallel / Map result, or the error, to use instead of running anything.
  std::optional<Json> mock_result;
  std::optional<Failure> mock_error;
  TaskInvoker invoker;                   // a Task without a mock
  std::int64_t retrier_retry_count = 0;  // stateConfiguration.retrierRetryCount
  std::optional<std::int64_t> map_iteration_failure_count;
  std::optional<std::size_t> map_reader_items;  // from stateConfiguration.mapItemReaderData
  ExecutionInfo info;
};

struct TestStateResult {
  TestStatus status = TestStatus::Succeeded;
  JsonPtr output;  // null: no output
  std::optional<Failure> failure;
  std::string next_state;
  std::string request_problem;  // the request is refused (ValidationException) with this
  // inspectionData members, as JSON values (the API renders each as JSON text), in the order
  // the pipeline produced them.
  Json inspection = Json::object();
};

TestStateResult test_state(const TestStateRequest& request);

}  // namespace sfn::engine
