// The dispatch point: operation name -> handler, after AWS's front-end validation.
#include "service/service.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "service/core.h"
#include "service/errors.h"
#include "service/operations.h"
#include "service/runner.h"
#include "service/validation.h"

namespace sfn::service {

namespace {

const std::vector<std::pair<std::string_view, Handler>>& handlers() {
  static const std::vector<std::pair<std::string_view, Handler>> table = [] {
    std::vector<std::pair<std::string_view, Handler>> t = {
        {"CreateActivity", create_activity},
        {"CreateStateMachine", create_state_machine},
        {"CreateStateMachineAlias", create_state_machine_alias},
        {"DeleteActivity", delete_activity},
        {"DeleteStateMachine", delete_state_machine},
        {"DeleteStateMachineAlias", delete_state_machine_alias},
        {"DeleteStateMachineVersion", delete_state_machine_version},
        {"DescribeActivity", describe_activity},
        {"DescribeExecution", describe_execution},
        {"DescribeMapRun", describe_map_run},
        {"DescribeStateMachine", describe_state_machine},
        {"DescribeStateMachineAlias", describe_state_machine_alias},
        {"DescribeStateMachineForExecution", describe_state_machine_for_execution},
        {"GetActivityTask", get_activity_task},
        {"GetExecutionHistory", get_execution_history},
        {"ListActivities", list_activities},
        {"ListExecutions", list_executions},
        {"ListMapRuns", list_map_runs},
        {"ListStateMachineAliases", list_state_machine_aliases},
        {"ListStateMachineVersions", list_state_machine_versions},
        {"ListStateMachines", list_state_machines},
        {"ListTagsForResource", list_tags_for_resource},
        {"PublishStateMachineVersion", publish_state_machine_version},
        {"RedriveExecution", redrive_execution},
        {"SendTaskFailure", send_task_failure},
        {"SendTaskHeartbeat", send_task_heartbeat},
        {"SendTaskSuccess", send_task_success},
        {"StartExecution", start_execution},
        {"StartSyncExecution", start_sync_execution},
        {"StopExecution", stop_execution},
        {"TagResource", tag_resource},
        {"TestState", test_state},
        {"UntagResource", untag_resource},
        {"UpdateMapRun", update_map_run},
        {"UpdateStateMachine", update_state_machine},
        {"UpdateStateMachineAlias", update_state_machine_alias},
        {"ValidateStateMachineDefinition", validate_state_machine_definition},
    };
    std::sort(t.begin(), t.end());
    return t;
  }();
  return table;
}

Handler find_handler(std::string_view operation) {
  const auto& table = handlers();
  auto it =
      std::lower_bound(table.begin(), table.end(), operation,
                       [](const auto& entry, std::string_view name) { return entry.first < name; });
  return it != table.end() && it->first == operation ? it->second : nullptr;
}

}  // namespace

std::vector<std::string_view> operation_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : handlers()) names.push_back(entry.first);
  return names;
}

Service::Service(ServiceOptions options) : core_(std::make_shared<Core>(std::move(options))) {
  if (core_->options.clock.kind == ClockKind::Manual && core_->options.clock.manual) {
    core_->options.clock.manual->attach(core_);
  }
}

Service::~Service() = default;

const Clock& Service::clock() const { return core_->options.clock; }

void Service::run_due() { run_active(*core_); }

std::optional<std::int64_t> Service::next_due_ms() const { return core_->next_due_ms(); }

Expected<asl::StateMachinePtr, asl::Diagnostics> Service::compile(std::string_view definition,
                                                                  bool express,
                                                                  bool allow_jsonata) {
  CompileKey key;
  key.text = definition;
  key.express = express;
  key.allow_jsonata = allow_jsonata;
  return core_->compile_cache.parse(key);
}

Response Service::dispatch(std::string_view operation, const Json& request,
                           const CallContext& context) {
  try {
    Handler handler = find_handler(operation);
    if (!handler) {
      return make_error("UnknownOperationException",
                        "Unknown operation: '" + std::string(operation) + "'");
    }
    if (auto problem = validate_request(operation, request)) return std::move(*problem);
    return handler(*core_, request, context);
  } catch (const std::exception& e) {
    // A bug, not the caller's fault; still a 4xx body so that no client retries it.
    return make_error("InternalFailure", std::string("sfnsim internal error: ") + e.what());
  }
}

std::pair<int, std::string> Service::dispatch_text(std::string_view operation,
                                                   std::string_view body,
                                                   const CallContext& context) {
  Json request;
  std::string parse_error;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    request = Json::object();
  } else if (!parse_text(body, request, parse_error)) {
    return {400, to_text(error_body(make_error("SerializationException", parse_error)))};
  }
  Response response = dispatch(operation, request, context);
  if (!response.ok()) return {400, to_text(error_body(response.error()))};
  return {200, to_text(response.value())};
}

Json error_body(const ServiceError& error) {
  Json out = Json::object();
  out["__type"] = error.code;
  out["message"] = error.message;
  for (const auto& [key, value] : error.fields.items()) out[key] = value;
  return out;
}

}  // namespace sfn::service
