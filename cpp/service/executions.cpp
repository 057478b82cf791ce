// StartExecution, StartSyncExecution, StopExecution, DescribeExecution,
// DescribeStateMachineForExecution, ListExecutions, RedriveExecution.
#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>

#include "service/errors.h"
#include "service/lookup.h"
#include "service/map_runs.h"
#include "service/operations.h"
#include "service/pagination.h"
#include "service/runner.h"

namespace sfn::service {

namespace {

using engine::ExecutionStatus;

std::string status_name(ExecutionStatus status) { return std::string(engine::to_string(status)); }

// AWS keeps an unsuccessful Standard execution redrivable for 14 days after it ended.
constexpr std::int64_t kRedrivablePeriodMs = 14LL * 24 * 3600 * 1000;
// A redrive is refused once the history holds this many events.
constexpr std::size_t kRedriveHistoryLimit = 24999;

// Why an execution cannot be redriven now (AWS's redriveStatusReason), or nothing.
std::optional<std::string> not_redrivable(Core& core, const ExecutionSummary& s) {
  if (s.status == ExecutionStatus::Running || s.status == ExecutionStatus::Succeeded) {
    return "Execution is " + status_name(s.status) + " and cannot be redriven";
  }
  if (s.stop_ms && core.now_ms() - *s.stop_ms > kRedrivablePeriodMs) {
    return std::string("Execution redrivable period exceeded");
  }
  if (s.history_size >= kRedriveHistoryLimit) {
    return std::string("Execution history event limit exceeded");
  }
  return std::nullopt;
}

// What an execution runs: the state machine's current revision, or a version's, or one of an
// alias's versions picked by routing weight.
struct Target {
  std::string state_machine_arn;  // unqualified
  std::string state_machine_name;
  std::string region;
  std::string account;
  bool express = false;
  RevisionPtr revision;
  std::string version_arn;
  std::string alias_arn;
};

Expected<Target, ServiceError> resolve_target(Core& core, const std::string& arn_text) {
  if (auto parsed = parse_typed_arn(arn_text, "stateMachine");
      parsed.ok() && names_map_state(*parsed)) {
    return map_state_arn_not_supported();
  }
  std::shared_lock lock(core.registry.mutex);
  auto ref = find_machine(core.registry, arn_text);
  if (!ref.ok()) return std::move(ref).error();
  Target t;
  const StateMachineRecord& machine = *ref->machine;
  t.state_machine_arn = machine.arn;
  t.state_machine_name = machine.name;
  t.express = machine.express;
  auto arn = parse_arn(machine.arn);
  t.region = arn->region;
  t.account = arn->account;
  const Version* version = ref->version;
  if (ref->alias) {
    t.alias_arn = ref->alias->arn;
    auto pick = static_cast<std::int64_t>(core.execution_seed() % 100);
    for (const Route& route : ref->alias->routing) {
      auto v = parse_arn(route.version_arn);
      if (v.ok() && v->parts.size() == 2 && is_version_number(v->parts[1])) {
        auto found = machine.versions.find(std::stoll(v->parts[1]));
        if (found != machine.versions.end()) version = &found->second;
      }
      pick -= route.weight;
      if (pick < 0) break;
    }
    if (!version) return state_machine_does_not_exist(arn_text);
  }
  if (version) {
    t.version_arn = version->arn;
    t.revision = version->revision;
  } else {
    t.revision = machine.current;
  }
  return t;
}

Expected<JsonPtr, ServiceError> read_input(const Json& request) {
  const std::string* text = get_string(request, "input");
  if (!text) return share(Json::object());
  Json value;
  std::string error;
  if (!parse_text(*text, value, error)) return invalid_execution_input_text(*text, error);
  return share(std::move(value));
}

ExecutionPtr new_record(Core& core, const Target& target, std::string arn, std::string name,
                        JsonPtr input, const Json& request) {
  auto record = std::make_shared<ExecutionRecord>();
  record->arn = std::move(arn);
  record->name = std::move(name);
  record->region = target.region;
  record->account = target.account;
  record->state_machine_arn = target.state_machine_arn;
  record->state_machine_name = target.state_machine_name;
  record->version_arn = target.version_arn;
  record->alias_arn = target.alias_arn;
  record->express = target.express;
  record->revision = target.revision;
  record->input = std::move(input);
  const std::string* text = get_string(request, "input");
  record->input_text = text ? *text : "{}";
  if (const std::string* trace = get_string(request, "traceHeader")) record->trace_header = *trace;
  record->start_ms = core.now_ms();
  return record;
}

void put_failure(Json& out, const ExecutionSummary& s) {
  if (s.status == ExecutionStatus::Running || s.status == ExecutionStatus::Succeeded) return;
  if (s.failure.has_error) out["error"] = s.failure.error;
  if (s.failure.has_cause) out["cause"] = s.failure.cause;
}

void put_output(Json& out, const ExecutionSummary& s, bool included) {
  if (s.status != ExecutionStatus::Succeeded) return;
  if (included) out["output"] = s.output ? to_text(*s.output) : "null";
  out["outputDetails"] = Json{{"included", included}};
}

}  // namespace

Expected<ExecutionPtr, ServiceError> start_execution_record(Core& core, const Json& request,
                                                            const CallContext& context,
                                                            const StartOptions& options) {
  const std::string& machine_arn = *get_string(request, "stateMachineArn");
  auto target = resolve_target(core, machine_arn);
  if (!target.ok()) return std::move(target).error();
  const std::string* given_name = get_string(request, "name");
  std::string name = given_name ? *given_name : core.uuid();
  if (!is_valid_resource_name(name)) return invalid_name(name);
  auto input = read_input(request);
  if (!input.ok()) return std::move(input).error();

  std::string arn =
      target->express
          ? express_execution_arn(target->region, target->account, target->state_machine_name, name,
                                  core.uuid())
          : execution_arn(target->region, target->account, target->state_machine_name, name);
  ExecutionPtr record = new_record(core, *target, arn, name, std::move(input.value()), request);
  if (options.start_ms) record->start_ms = *options.start_ms;
  prepare(core, record, context);
  if (!target->express) {
    std::unique_lock lock(core.registry.mutex);
    auto existing = core.registry.executions.find(arn);
    if (existing != core.registry.executions.end()) {
      // StartExecution is idempotent for a Standard execution that is still running with the
      // same input; anything else reusing the name is refused.
      const ExecutionRecord& other = *existing->second;
      bool same =
          summary_of(other).status == ExecutionStatus::Running && *other.input == *record->input;
      if (!same) return execution_already_exists(arn);
      return existing->second;
    }
    record->sequence = core.registry.next_sequence++;
    core.registry.executions.emplace(arn, record);
    core.registry.executions_by_machine[record->state_machine_arn].push_back(record);
  } else {
    std::unique_lock lock(core.registry.mutex);
    record->sequence = core.registry.next_sequence++;
  }
  if (options.before_start) options.before_start(record);
  start(core, record);
  return record;
}

Response start_execution(Core& core, const Json& request, const CallContext& context) {
  auto record = start_execution_record(core, request, context, {});
  if (!record.ok()) return std::move(record).error();
  const ExecutionRecord& r = **record;
  return Json{{"executionArn", r.arn}, {"startDate", timestamp(r.start_ms)}};
}

Response start_sync_execution(Core& core, const Json& request, const CallContext& context) {
  const std::string& machine_arn = *get_string(request, "stateMachineArn");
  auto target = resolve_target(core, machine_arn);
  if (!target.ok()) return std::move(target).error();
  if (!target->express) return state_machine_type_not_supported();
  const std::string* given_name = get_string(request, "name");
  std::string name = given_name ? *given_name : core.uuid();
  if (!is_valid_resource_name(name)) return invalid_name(name);
  auto input = read_input(request);
  if (!input.ok()) return std::move(input).error();
  std::string arn = express_execution_arn(target->region, target->account,
                                          target->state_machine_name, name, core.uuid());
  ExecutionPtr record = new_record(core, *target, arn, name, std::move(input.value()), request);
  record->synchronous = true;
  prepare(core, record, context);
  record->pending.clear();
  record->runner.reset();
  engine::Execution& ex = *record->engine;
  // The caller waits for the end: on the real clock in real time, otherwise on virtual time
  // (a manual clock cannot move while its only thread is blocked here).
  const Clock& clock = core.options.clock;
  if (clock.kind == ClockKind::Real) {
    ex.run_until(clock.now_ms());
    while (ex.status() == ExecutionStatus::Running) {
      auto due = ex.next_due_ms();
      if (!due) break;
      auto wait = clock.real_delay_ms(*due - clock.now_ms());
      if (wait > 0) std::this_thread::sleep_for(std::chrono::milliseconds(wait));
      ex.run_until(std::max(*due, clock.now_ms()));
    }
  } else {
    while (true) {
      ex.run_virtual();
      if (!ex.paused()) break;
      if (past_real_time_bound(*record)) {
        ex.time_out(ex.next_due_ms().value_or(record->start_ms));
      } else if (record->interrupted && record->interrupted()) {
        break;
      }
    }
  }
  if (ex.status() == ExecutionStatus::Running) {
    ex.stop(std::string("States.Timeout"),
            std::string("The execution waited on a task that "
                        "never completed."),
            ex.next_due_ms().value_or(record->start_ms));
  }
  if (record->progress_board) publish_progress(*record, false);
  ExecutionSummary s;
  s.status = ex.status();
  s.stop_ms = ex.stop_time_ms();
  s.output = ex.output();
  s.failure = ex.failure();
  std::string status =
      status_name(s.status == ExecutionStatus::Aborted ? ExecutionStatus::TimedOut : s.status);
  bool included = !(get_string(request, "includedData") &&
                    *get_string(request, "includedData") == "METADATA_ONLY");
  std::int64_t stop = s.stop_ms.value_or(record->start_ms);
  Json out = Json::object();
  out["executionArn"] = record->arn;
  out["stateMachineArn"] = record->state_machine_arn;
  out["name"] = record->name;
  out["startDate"] = timestamp(record->start_ms);
  out["stopDate"] = timestamp(stop);
  out["status"] = status;
  put_failure(out, s);
  if (included) out["input"] = record->input_text;
  out["inputDetails"] = Json{{"included", included}};
  put_output(out, s, included);
  if (record->trace_header) out["traceHeader"] = *record->trace_header;
  // Express billing: duration rounded up to the next 100 ms, the minimum memory tier.
  auto billed = std::max<std::int64_t>(100, (stop - record->start_ms + 99) / 100 * 100);
  out["billingDetails"] =
      Json{{"billedMemoryUsedInMB", 64}, {"billedDurationInMilliseconds", billed}};
  return out;
}

Response stop_execution(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  auto found = lookup_execution(core, arn);
  if (!found.ok()) return std::move(found).error();
  ExecutionPtr record = std::move(found.value());
  PendingOp op;
  op.kind = PendingOp::Kind::Stop;
  if (const std::string* e = get_string(request, "error")) op.error = *e;
  if (const std::string* c = get_string(request, "cause")) op.cause = *c;
  std::int64_t requested = core.now_ms();
  // The stop lands at the instant it was asked for, the stopDate returned below, even when the
  // runner applies it later (after the task handler that asked for it returns).
  op.now_ms = requested;
  submit(core, record, std::move(op));
  ExecutionSummary s = summary_of(*record);
  return Json{{"stopDate", timestamp(s.stop_ms.value_or(requested))}};
}

Response describe_execution(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  auto found = lookup_any_execution(core, arn);
  if (!found.ok()) return std::move(found).error();
  ExecutionRef ref = std::move(found.value());
  bool metadata_only = get_string(request, "includedData") &&
                       *get_string(request, "includedData") == "METADATA_ONLY";
  if (ref.child) {
    std::lock_guard lock(ref.record->engine_mutex);
    return describe_child(*ref.record->engine, *ref.child, !metadata_only);
  }
  const ExecutionPtr& record = ref.record;
  ExecutionSummary s = summary_of(*record);
  bool included = !metadata_only;
  Json out = Json::object();
  out["executionArn"] = record->arn;
  out["stateMachineArn"] = record->state_machine_arn;
  out["name"] = record->name;
  out["status"] = status_name(s.status);
  out["startDate"] = timestamp(record->start_ms);
  if (s.stop_ms) out["stopDate"] = timestamp(*s.stop_ms);
  if (included) out["input"] = record->input_text;
  out["inputDetails"] = Json{{"included", included}};
  put_output(out, s, included);
  // `error` and `cause` describe a failure: a TIMED_OUT execution has neither (api.md
  // desc-timed-out), though its ExecutionTimedOut event carries States.Timeout.
  if (s.status != ExecutionStatus::TimedOut) put_failure(out, s);
  if (record->trace_header) out["traceHeader"] = *record->trace_header;
  if (!record->version_arn.empty()) out["stateMachineVersionArn"] = record->version_arn;
  if (!record->alias_arn.empty()) out["stateMachineAliasArn"] = record->alias_arn;
  out["redriveCount"] = s.redrive_count;
  if (s.redrive_ms) out["redriveDate"] = timestamp(*s.redrive_ms);
  if (auto reason = not_redrivable(core, s)) {
    out["redriveStatus"] = "NOT_REDRIVABLE";
    out["redriveStatusReason"] = std::move(*reason);
  } else {
    out["redriveStatus"] = "REDRIVABLE";
  }
  return out;
}

Response describe_state_machine_for_execution(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  auto found = lookup_any_execution(core, arn);
  if (!found.ok()) return std::move(found).error();
  ExecutionPtr record = std::move(found->record);
  const Revision& r = *record->revision;
  Json out = Json::object();
  // The state machine's own ARN, also for an execution of a version or through an alias
  // (recorded: test_sfn_api_versioning.py::test_describe_state_machine_for_execution_of_version);
  // the definition, revisionId and dates are those of the revision the execution ran. A
  // Distributed Map child's is its map run's state machine (docs/semantics/distributed-map.md
  // X4).
  if (found->child) {
    std::lock_guard lock(record->engine_mutex);
    put_child_state_machine(out, *record->engine, *found->child);
  } else {
    out["stateMachineArn"] = record->state_machine_arn;
    out["name"] = record->state_machine_name;
  }
  out["definition"] = r.definition;
  out["roleArn"] = r.role_arn;
  out["updateDate"] = timestamp(r.created_ms);
  out["loggingConfiguration"] = r.logging;
  out["tracingConfiguration"] = r.tracing;
  if (!r.revision_id.empty()) out["revisionId"] = r.revision_id;
  if (!r.encryption.is_null()) out["encryptionConfiguration"] = r.encryption;
  add_variable_references(out, r);
  return out;
}

Response list_executions(Core& core, const Json& request, const CallContext&) {
  const std::string* machine_arn = get_string(request, "stateMachineArn");
  const std::string* map_run_arn = get_string(request, "mapRunArn");
  if (!machine_arn && !map_run_arn) {
    return validation_error("Must provide a StateMachine ARN or MapRun ARN");
  }
  if (map_run_arn) return list_map_run_executions(core, request, *map_run_arn);
  const std::string* status = get_string(request, "statusFilter");
  const std::string* redrive = get_string(request, "redriveFilter");

  // A page costs what its items cost: the walk starts where the token points (the list is in
  // start order, so by sequence) and stops one match past the page, whatever the total.
  const std::string list = "ListExecutions:" + *machine_arn;
  auto start_key = page_start(request, list);
  if (!start_key.ok()) return std::move(start_key).error();
  std::uint64_t first_sequence = UINT64_MAX;
  if (*start_key) {
    auto value = numeric_key_value(**start_key, /*descending=*/true);
    if (!value) return invalid_token();
    first_sequence = *value;
  }
  const std::size_t size = page_size(request);
  std::vector<ExecutionPtr> listed;
  std::vector<ExecutionSummary> summaries;
  std::optional<std::string> next_token;
  {
    std::shared_lock lock(core.registry.mutex);
    auto ref = find_machine(core.registry, *machine_arn);
    if (!ref.ok()) return std::move(ref).error();
    if (ref->machine->express) return state_machine_type_not_supported();
    auto it = core.registry.executions_by_machine.find(ref->machine->arn);
    if (it != core.registry.executions_by_machine.end()) {
      const std::vector<ExecutionPtr>& all = it->second;
      auto from = std::upper_bound(
          all.begin(), all.end(), first_sequence,
          [](std::uint64_t sequence, const ExecutionPtr& e) { return sequence < e->sequence; });
      for (auto e = std::make_reverse_iterator(from); e != all.rend(); ++e) {  // newest first
        const ExecutionRecord& x = **e;
        if (x.evicted) continue;
        if (ref->version && x.version_arn != ref->version->arn) continue;
        if (ref->alias && x.alias_arn != ref->alias->arn) continue;
        ExecutionSummary s = summary_of(x);
        if (status && status_name(s.status) != *status) continue;
        if (redrive && (*redrive == "REDRIVEN") != (s.redrive_count > 0)) continue;
        if (listed.size() == size) {
          next_token = page_token(list, numeric_key(x.sequence, true));
          break;
        }
        listed.push_back(*e);
        summaries.push_back(std::move(s));
      }
    }
  }
  Json items = Json::array();
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const ExecutionRecord& x = *listed[i];
    const ExecutionSummary& s = summaries[i];
    Json item = Json::object();
    item["executionArn"] = x.arn;
    item["stateMachineArn"] = x.state_machine_arn;
    item["name"] = x.name;
    item["status"] = status_name(s.status);
    item["startDate"] = timestamp(x.start_ms);
    if (s.stop_ms) item["stopDate"] = timestamp(*s.stop_ms);
    if (!x.version_arn.empty()) item["stateMachineVersionArn"] = x.version_arn;
    if (!x.alias_arn.empty()) item["stateMachineAliasArn"] = x.alias_arn;
    item["redriveCount"] = s.redrive_count;
    if (s.redrive_ms) item["redriveDate"] = timestamp(*s.redrive_ms);
    items.push_back(std::move(item));
  }
  Json out = Json{{"executions", std::move(items)}};
  if (next_token) out["nextToken"] = *next_token;
  return out;
}

Response redrive_execution(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  auto found = lookup_execution(core, arn);
  if (!found.ok()) return std::move(found).error();
  ExecutionPtr record = std::move(found.value());
  ExecutionSummary s = summary_of(*record);
  if (auto reason = not_redrivable(core, s)) {
    return make_error("ExecutionNotRedrivable", std::move(*reason));
  }
  std::int64_t requested = core.now_ms();
  PendingOp op;
  op.kind = PendingOp::Kind::Redrive;
  if (!submit(core, record, std::move(op))) {
    // Another caller redrove it first (or the engine had nothing left to run).
    s = summary_of(*record);
    return make_error("ExecutionNotRedrivable",
                      "Execution is " + status_name(s.status) + " and cannot be redriven");
  }
  s = summary_of(*record);
  return Json{{"redriveDate", timestamp(s.redrive_ms.value_or(requested))}};
}

}  // namespace sfn::service
