// ListMapRuns, DescribeMapRun, UpdateMapRun, and the Distributed Map child executions that
// DescribeExecution, GetExecutionHistory and ListExecutions(mapRunArn) reach. Map runs and
// children live in the parent execution's engine; reading them takes that engine's lock.
#include "service/map_runs.h"

#include "service/errors.h"
#include "service/lookup.h"
#include "service/operations.h"
#include "service/pagination.h"

namespace sfn::service {

namespace {

using engine::ExecutionStatus;

std::string run_status(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::Running:
      return "RUNNING";
    case ExecutionStatus::Succeeded:
      return "SUCCEEDED";
    case ExecutionStatus::Aborted:
      return "ABORTED";
    default:
      return "FAILED";
  }
}

// R7: once a run has been redriven, its counts carry pendingRedrive (the unsuccessful children
// queued for the running redrive, 0 once the run has ended) and failuresNotRedrivable (0:
// every child of a kept parent can be redriven in sfnsim).
void put_redrive_counts(Json& out, const engine::MapRunRecord& run, std::int64_t pending_redrive) {
  if (run.redrive_count == 0) return;
  out["failuresNotRedrivable"] = 0;
  out["pendingRedrive"] = pending_redrive;
}

// B4: itemCounts weigh each child execution by the items of its batch.
Json item_counts(const engine::Execution& parent, const engine::MapRunRecord& run) {
  std::int64_t started = 0, succeeded = 0, failed = 0, aborted = 0;
  for (std::size_t k = 0; k < run.child_executions.size(); ++k) {
    std::int64_t weight = k < run.batch_sizes.size() ? run.batch_sizes[k] : 1;
    started += weight;
    switch (parent.child_execution(run.child_executions[k]).status) {
      case ExecutionStatus::Succeeded:
        succeeded += weight;
        break;
      case ExecutionStatus::Running:
        break;
      case ExecutionStatus::Aborted:
        aborted += weight;
        break;
      default:
        failed += weight;
        break;
    }
  }
  std::int64_t done = succeeded + failed + aborted;
  std::int64_t written = run.writes_results ? run.results_written_items.value_or(0) : succeeded;
  std::int64_t pending_redrive = 0;
  if (run.status == ExecutionStatus::Running) {
    for (std::size_t i = run.redrive_next; i < run.redrive_queue.size(); ++i) {
      std::size_t k = run.redrive_queue[i];
      pending_redrive += k < run.batch_sizes.size() ? run.batch_sizes[k] : 1;
    }
  }
  Json out = Json{{"pending", std::max<std::int64_t>(0, run.item_total - started)},
                  {"running", std::max<std::int64_t>(0, started - done)},
                  {"succeeded", succeeded},
                  {"failed", failed},
                  {"timedOut", 0},
                  {"aborted", aborted},
                  {"total", run.item_total},
                  {"resultsWritten", written}};
  put_redrive_counts(out, run, pending_redrive);
  return out;
}

Json counts(const engine::MapRunRecord& run) {
  auto started = static_cast<std::int64_t>(run.child_executions.size());
  std::int64_t done = run.items_succeeded + run.items_failed + run.items_aborted;
  // M3: with a ResultWriter, the children its files list; without, the succeeded ones (whose
  // results the Map returns), as recorded.
  std::int64_t written = run.writes_results ? run.results_written.value_or(0) : run.items_succeeded;
  Json out = Json{{"pending", std::max<std::int64_t>(0, run.items_total - started)},
                  {"running", std::max<std::int64_t>(0, started - done)},
                  {"succeeded", run.items_succeeded},
                  {"failed", run.items_failed},
                  {"timedOut", 0},
                  {"aborted", run.items_aborted},
                  {"total", run.items_total},
                  {"resultsWritten", written}};
  std::int64_t pending_redrive =
      run.status == ExecutionStatus::Running
          ? static_cast<std::int64_t>(run.redrive_queue.size() - run.redrive_next)
          : 0;
  put_redrive_counts(out, run, pending_redrive);
  return out;
}

// The map run `arn` names, with its parent execution's engine locked.
struct LockedRun {
  ExecutionPtr parent;
  std::unique_lock<std::recursive_mutex> lock;
  const engine::MapRunRecord* run = nullptr;
};

Expected<LockedRun, ServiceError> find_run(Core& core, const std::string& arn) {
  auto parsed = parse_typed_arn(arn, "mapRun");
  if (!parsed.ok()) return std::move(parsed).error();
  ExecutionPtr parent;
  {
    std::shared_lock lock(core.registry.mutex);
    auto it = core.registry.map_runs.find(arn);
    if (it != core.registry.map_runs.end()) parent = it->second.lock();
  }
  if (!parent) return resource_not_found(arn);
  LockedRun out{parent, std::unique_lock(parent->engine_mutex), nullptr};
  for (const auto& run : parent->engine->map_runs()) {
    if (run.arn == arn) out.run = &run;
  }
  if (!out.run) return resource_not_found(arn);
  return out;
}

}  // namespace

Json describe_child(const engine::Execution& parent, std::size_t index, bool included) {
  engine::ChildExecutionView v = parent.child_execution(index);
  std::string machine_arn;
  for (const auto& run : parent.map_runs()) {
    if (run.arn == v.map_run_arn) machine_arn = run.state_machine_arn;
  }
  Json out = Json::object();
  out["executionArn"] = v.arn;
  out["stateMachineArn"] = machine_arn;
  out["name"] = v.name;
  out["status"] = std::string(engine::to_string(v.status));
  out["startDate"] = timestamp(v.start_ms);
  if (v.stop_ms) out["stopDate"] = timestamp(*v.stop_ms);
  if (included) out["input"] = v.input ? to_text(*v.input) : "{}";
  out["inputDetails"] = Json{{"included", included}};
  if (v.status == ExecutionStatus::Succeeded) {
    if (included) out["output"] = v.output ? to_text(*v.output) : "null";
    out["outputDetails"] = Json{{"included", included}};
  } else if (v.status != ExecutionStatus::Running) {
    if (v.failure.has_error) out["error"] = v.failure.error;
    if (v.failure.has_cause) out["cause"] = v.failure.cause;
  }
  out["mapRunArn"] = v.map_run_arn;
  out["redriveCount"] = v.redrive_count;
  if (v.redrive_ms) out["redriveDate"] = timestamp(*v.redrive_ms);
  // R10: a child is redriven by its map run (REDRIVABLE_BY_MAP_RUN) once it has ended
  // unsuccessfully; DescribeExecution's reasons otherwise.
  if (v.status == ExecutionStatus::Running || v.status == ExecutionStatus::Succeeded) {
    out["redriveStatus"] = "NOT_REDRIVABLE";
    out["redriveStatusReason"] =
        "Execution is " + std::string(engine::to_string(v.status)) + " and cannot be redriven";
  } else {
    out["redriveStatus"] = "REDRIVABLE_BY_MAP_RUN";
  }
  return out;
}

void put_child_state_machine(Json& out, const engine::Execution& parent, std::size_t index) {
  engine::ChildExecutionView v = parent.child_execution(index);
  for (const auto& run : parent.map_runs()) {
    if (run.arn != v.map_run_arn) continue;
    // ...:stateMachine:<machine>/<label>; a machine's name holds no '/', a label no ':'.
    std::string name = run.state_machine_arn.substr(run.state_machine_arn.rfind(':') + 1);
    out["stateMachineArn"] = run.state_machine_arn;
    out["name"] = name;
    out["mapRunArn"] = run.arn;
    out["label"] = name.substr(name.find('/') + 1);
  }
}

Response list_map_run_executions(Core& core, const Json& request, const std::string& arn) {
  auto found = find_run(core, arn);
  if (!found.ok()) return std::move(found).error();
  const engine::Execution& parent = *found->parent->engine;
  const engine::MapRunRecord& run = *found->run;
  const std::string* status = get_string(request, "statusFilter");
  const std::string* redrive = get_string(request, "redriveFilter");
  std::vector<std::size_t> children;
  std::vector<std::int64_t> item_counts;  // X4: each child's items (its batch's, B4)
  std::vector<std::string> keys;
  for (std::size_t k = run.child_executions.size(); k-- > 0;) {
    const std::size_t index = run.child_executions[k];
    if (status && std::string(engine::to_string(parent.child_execution(index).status)) != *status) {
      continue;
    }
    // R10: REDRIVEN lists the children redriven at least once (STANDARD ones; an EXPRESS child
    // started again keeps redriveCount 0).
    if (redrive && (*redrive == "REDRIVEN") != (parent.child_execution(index).redrive_count > 0)) {
      continue;
    }
    children.push_back(index);
    item_counts.push_back(k < run.batch_sizes.size() ? run.batch_sizes[k] : 1);
    keys.push_back(numeric_key(index, true));
  }
  auto page = paginate(keys, request, "ListExecutions:" + arn);
  if (!page.ok()) return std::move(page).error();
  Json items = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    engine::ChildExecutionView v = parent.child_execution(children[i]);
    Json item = Json::object();
    item["executionArn"] = v.arn;
    item["stateMachineArn"] = run.state_machine_arn;
    item["name"] = v.name;
    item["status"] = std::string(engine::to_string(v.status));
    item["startDate"] = timestamp(v.start_ms);
    if (v.stop_ms) item["stopDate"] = timestamp(*v.stop_ms);
    item["mapRunArn"] = v.map_run_arn;
    item["itemCount"] = item_counts[i];
    item["redriveCount"] = v.redrive_count;
    if (v.redrive_ms) item["redriveDate"] = timestamp(*v.redrive_ms);
    items.push_back(std::move(item));
  }
  Json out = Json{{"executions", std::move(items)}};
  if (page->next_token) out["nextToken"] = *page->next_token;
  return out;
}

Response list_map_runs(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  auto found = lookup_any_execution(core, arn);
  if (!found.ok()) return std::move(found).error();
  ExecutionRef ref = std::move(found.value());
  if (ref.child) return Json{{"mapRuns", Json::array()}};  // children run inline maps only
  std::lock_guard lock(ref.record->engine_mutex);
  const auto& runs = ref.record->engine->map_runs();
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < runs.size(); ++i) keys.push_back(numeric_key(i));
  auto page = paginate(keys, request, "ListMapRuns:" + arn);
  if (!page.ok()) return std::move(page).error();
  Json items = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    const engine::MapRunRecord& run = runs[i];
    Json item = Json{{"executionArn", arn},
                     {"mapRunArn", run.arn},
                     {"stateMachineArn", run.state_machine_arn},
                     {"startDate", timestamp(run.start_ms)}};
    if (run.stop_ms) item["stopDate"] = timestamp(*run.stop_ms);
    items.push_back(std::move(item));
  }
  Json out = Json{{"mapRuns", std::move(items)}};
  if (page->next_token) out["nextToken"] = *page->next_token;
  return out;
}

Response describe_map_run(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "mapRunArn");
  auto found = find_run(core, arn);
  if (!found.ok()) return std::move(found).error();
  const engine::MapRunRecord& run = *found->run;
  Json out = Json::object();
  out["mapRunArn"] = run.arn;
  out["executionArn"] = found->parent->arn;
  out["status"] = run_status(run.status);
  out["startDate"] = timestamp(run.start_ms);
  if (run.stop_ms) out["stopDate"] = timestamp(*run.stop_ms);
  out["maxConcurrency"] = run.max_concurrency;
  out["toleratedFailurePercentage"] = run.tolerated_failure_percentage;
  out["toleratedFailureCount"] = run.tolerated_failure_count;
  out["itemCounts"] =
      run.batch_sizes.empty() ? counts(run) : item_counts(*found->parent->engine, run);
  out["executionCounts"] = counts(run);
  out["redriveCount"] = run.redrive_count;
  if (run.redrive_ms) out["redriveDate"] = timestamp(*run.redrive_ms);
  return out;
}

Response update_map_run(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "mapRunArn");
  auto found = find_run(core, arn);
  if (!found.ok()) return std::move(found).error();
  if (found->run->status != ExecutionStatus::Running) {
    return validation_message("Map run " + arn + " has already completed and cannot be updated.",
                              "CANNOT_UPDATE_COMPLETED_MAP_RUN");
  }
  // The engine fixes a running map run's concurrency and tolerance when the run starts.
  return validation_message("sfnsim cannot change a running map run yet: '" + arn + "'");
}

}  // namespace sfn::service
