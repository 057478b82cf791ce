// GetExecutionHistory's wire shape for one event. Field presence follows what AWS returns:
// optional details appear only when set, payloads are JSON text with a `truncated` flag.
#include "engine/history_event.h"

namespace sfn::engine {

namespace {

using T = EventType;

void put_payload(Json& out, const char* key, const char* details_key, const JsonPtr& payload,
                 const RenderOptions& options, const EventDetails* d = nullptr) {
  if (!options.include_execution_data) return;
  std::string text = d && d->verbatim_data ? *d->verbatim_data
                     : payload             ? to_text(*payload)
                                           : "null";
  bool truncated = text.size() > options.max_payload_bytes;
  if (truncated) text.resize(options.max_payload_bytes);
  out[key] = std::move(text);
  out[details_key] = Json{{"truncated", truncated}};
}

void put_error_cause(Json& out, const EventDetails* d) {
  if (!d) return;
  if (d->error) out["error"] = *d->error;
  if (d->cause) out["cause"] = *d->cause;
}

void put_resource(Json& out, const EventDetails* d) {
  out["resourceType"] = d ? d->resource_type : "";
  out["resource"] = d ? d->resource : "";
}

Json details_of(const HistoryEvent& e, const RenderOptions& options) {
  const EventDetails* d = e.details.get();
  Json out = Json::object();
  switch (e.type) {
    case T::ChoiceStateEntered:
    case T::FailStateEntered:
    case T::MapStateEntered:
    case T::ParallelStateEntered:
    case T::PassStateEntered:
    case T::SucceedStateEntered:
    case T::TaskStateEntered:
    case T::WaitStateEntered:
      out["name"] = std::string(e.name);
      put_payload(out, "input", "inputDetails", e.data, options);
      break;
    case T::ChoiceStateExited:
    case T::MapStateExited:
    case T::ParallelStateExited:
    case T::PassStateExited:
    case T::SucceedStateExited:
    case T::TaskStateExited:
    case T::WaitStateExited:
      out["name"] = std::string(e.name);
      put_payload(out, "output", "outputDetails", e.data, options);
      if (d && d->has_assigned_variables) {
        Json vars = Json::object();
        for (const auto& [name, value] : d->assigned_variables) {
          vars[name] = options.include_execution_data ? to_text(*value) : std::string();
        }
        out["assignedVariables"] = std::move(vars);
        out["assignedVariablesDetails"] = Json{{"truncated", false}};
      }
      break;
    case T::ExecutionStarted:
      put_payload(out, "input", "inputDetails", e.data, options, d);
      if (d) {
        out["roleArn"] = d->role_arn;
        if (!d->state_machine_alias_arn.empty()) {
          out["stateMachineAliasArn"] = d->state_machine_alias_arn;
        }
        if (!d->state_machine_version_arn.empty()) {
          out["stateMachineVersionArn"] = d->state_machine_version_arn;
        }
      }
      break;
    case T::ExecutionSucceeded:
    case T::LambdaFunctionSucceeded:
    case T::ActivitySucceeded:
      put_payload(out, "output", "outputDetails", e.data, options);
      break;
    case T::ExecutionFailed:
    case T::ExecutionAborted:
    case T::ExecutionTimedOut:
    case T::LambdaFunctionFailed:
    case T::LambdaFunctionScheduleFailed:
    case T::LambdaFunctionStartFailed:
    case T::LambdaFunctionTimedOut:
    case T::ActivityFailed:
    case T::ActivityScheduleFailed:
    case T::ActivityTimedOut:
    case T::MapRunFailed:
      put_error_cause(out, d);
      break;
    case T::TaskScheduled:
      put_resource(out, d);
      out["region"] = d ? d->region : "";
      out["parameters"] = (d && d->parameters && options.include_execution_data)
                              ? to_text(*d->parameters)
                              : std::string();
      if (d && d->timeout_seconds) out["timeoutInSeconds"] = *d->timeout_seconds;
      if (d && d->heartbeat_seconds) out["heartbeatInSeconds"] = *d->heartbeat_seconds;
      if (d && d->task_credentials) out["taskCredentials"] = *d->task_credentials;
      break;
    case T::TaskStarted:
      put_resource(out, d);
      break;
    case T::TaskSucceeded:
    case T::TaskSubmitted:
      put_resource(out, d);
      put_payload(out, "output", "outputDetails", e.data, options);
      break;
    case T::TaskFailed:
    case T::TaskTimedOut:
    case T::TaskStartFailed:
    case T::TaskSubmitFailed:
      put_resource(out, d);
      put_error_cause(out, d);
      break;
    case T::LambdaFunctionScheduled:
      out["resource"] = d ? d->resource : "";
      put_payload(out, "input", "inputDetails", e.data, options);
      if (d && d->timeout_seconds) out["timeoutInSeconds"] = *d->timeout_seconds;
      if (d && d->task_credentials) out["taskCredentials"] = *d->task_credentials;
      break;
    case T::ActivityScheduled:
      out["resource"] = d ? d->resource : "";
      put_payload(out, "input", "inputDetails", e.data, options);
      if (d && d->timeout_seconds) out["timeoutInSeconds"] = *d->timeout_seconds;
      if (d && d->heartbeat_seconds) out["heartbeatInSeconds"] = *d->heartbeat_seconds;
      break;
    case T::ActivityStarted:
      if (d && !d->worker_name.empty()) out["workerName"] = d->worker_name;
      break;
    case T::MapIterationAborted:
    case T::MapIterationFailed:
    case T::MapIterationStarted:
    case T::MapIterationSucceeded:
      out["name"] = std::string(e.name);
      out["index"] = d && d->index ? *d->index : 0;
      break;
    case T::MapStateStarted:
      out["length"] = d && d->length ? *d->length : 0;
      break;
    case T::MapRunStarted:
      out["mapRunArn"] = d ? d->map_run_arn : "";
      break;
    case T::ExecutionRedriven:
      out["redriveCount"] = d && d->redrive_count ? *d->redrive_count : 0;
      break;
    case T::MapRunRedriven:
      out["mapRunArn"] = d ? d->map_run_arn : "";
      out["redriveCount"] = d && d->redrive_count ? *d->redrive_count : 0;
      break;
    case T::EvaluationFailed:
      put_error_cause(out, d);
      if (d && !d->location.empty()) out["location"] = d->location;
      out["state"] = d ? d->state : "";
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

Json to_api_json(const HistoryEvent& event, const RenderOptions& options) {
  Json out = Json::object();
  out["timestamp"] = static_cast<double>(event.timestamp_ms) / 1000.0;
  out["type"] = std::string(to_string(event.type));
  out["id"] = event.id;
  out["previousEventId"] = event.previous_event_id;
  std::string_view member = details_member(event.type);
  if (!member.empty()) out[std::string(member)] = details_of(event, options);
  return out;
}

}  // namespace sfn::engine
