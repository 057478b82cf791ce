// GetExecutionHistory's shape for one event, written field by field to a sink, so the one rule of
// which fields an event carries serves both the API's JSON (to_api_json) and the bindings, which
// build Python objects directly instead of building JSON and converting it. Field presence
// follows what AWS returns: optional details appear only when set, payloads are JSON text with a
// `truncated` flag.
//
// A sink provides, each taking a key:
//   text(key, string_view)  integer(key, int64)  boolean(key, bool)  json(key, const Json&)
//   timestamp(key, epoch ms)  begin(key) ... end()  (a nested object)
// Keys are written in the API's order and are unique within an object.
//
// A sink may also provide two shortcuts, used when present (bindings/history_objects.cpp does,
// to make one Python object for a value many events share):
//   stable_text(key, string_view)  a text whose storage outlives the rendering (an event type's
//                                  name, a state name in the compiled machine): same pointer,
//                                  same text
//   known_payload(key, details_key, const Json*) -> bool  writes a payload (and its details) it
//                                  wrote before for the same value and returns true, else false;
//   remember_payload(const Json*, bool truncated)  after text(key, ...) wrote a payload's text
#pragma once

#include <string>
#include <string_view>

#include "engine/history_event.h"

namespace sfn::engine {

namespace render_detail {

template <class Out>
void stable_text(Out& out, std::string_view key, std::string_view value) {
  if constexpr (requires { out.stable_text(key, value); }) {
    out.stable_text(key, value);
  } else {
    out.text(key, value);
  }
}

template <class Out>
void payload(Out& out, const char* key, const char* details_key, const JsonPtr& data,
             const RenderOptions& options, const EventDetails* d = nullptr) {
  if (!options.include_execution_data) return;
  // The same value is often the output of one state and the input of the next.
  constexpr bool kRemembers = requires { out.known_payload(key, details_key, data.get()); };
  const bool shared = kRemembers && data && !(d && d->verbatim_data);
  if constexpr (kRemembers) {
    if (shared && out.known_payload(key, details_key, data.get())) return;
  }
  std::string text = d && d->verbatim_data ? *d->verbatim_data : data ? to_text(*data) : "null";
  bool truncated = text.size() > options.max_payload_bytes;
  if (truncated) text.resize(options.max_payload_bytes);
  out.text(key, text);
  if constexpr (kRemembers) {
    if (shared) out.remember_payload(data.get(), truncated);
  }
  out.begin(details_key);
  out.boolean("truncated", truncated);
  out.end();
}

template <class Out>
void error_cause(Out& out, const EventDetails* d) {
  if (!d) return;
  if (d->error) out.text("error", *d->error);
  if (d->cause) out.text("cause", *d->cause);
}

template <class Out>
void resource(Out& out, const EventDetails* d) {
  out.text("resourceType", d ? std::string_view(d->resource_type) : std::string_view());
  out.text("resource", d ? std::string_view(d->resource) : std::string_view());
}

inline std::string_view or_empty(const EventDetails* d, const std::string EventDetails::*field) {
  return d ? std::string_view(d->*field) : std::string_view();
}

template <class Out>
void details(const HistoryEvent& e, const RenderOptions& options, Out& out) {
  using T = EventType;
  const EventDetails* d = e.details.get();
  if (is_state_entered(e.type)) {
    stable_text(out, "name", e.name);
    payload(out, "input", "inputDetails", e.data, options);
    return;
  }
  if (is_state_exited(e.type)) {
    stable_text(out, "name", e.name);
    payload(out, "output", "outputDetails", e.data, options);
    if (d && d->has_assigned_variables) {
      out.begin("assignedVariables");
      for (const auto& [name, value] : d->assigned_variables) {
        out.text(name, options.include_execution_data ? to_text(*value) : std::string());
      }
      out.end();
      out.begin("assignedVariablesDetails");
      out.boolean("truncated", false);
      out.end();
    }
    return;
  }
  switch (e.type) {
    case T::ExecutionStarted:
      payload(out, "input", "inputDetails", e.data, options, d);
      if (d) {
        out.text("roleArn", d->role_arn);
        if (!d->state_machine_alias_arn.empty()) {
          out.text("stateMachineAliasArn", d->state_machine_alias_arn);
        }
        if (!d->state_machine_version_arn.empty()) {
          out.text("stateMachineVersionArn", d->state_machine_version_arn);
        }
      }
      break;
    case T::ExecutionSucceeded:
    case T::LambdaFunctionSucceeded:
    case T::ActivitySucceeded:
      payload(out, "output", "outputDetails", e.data, options);
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
      error_cause(out, d);
      break;
    case T::TaskScheduled:
      resource(out, d);
      out.text("region", or_empty(d, &EventDetails::region));
      out.text("parameters", (d && d->parameters && options.include_execution_data)
                                 ? to_text(*d->parameters)
                                 : std::string());
      if (d && d->timeout_seconds) out.integer("timeoutInSeconds", *d->timeout_seconds);
      if (d && d->heartbeat_seconds) out.integer("heartbeatInSeconds", *d->heartbeat_seconds);
      if (d && d->task_credentials) out.json("taskCredentials", *d->task_credentials);
      break;
    case T::TaskStarted:
      resource(out, d);
      break;
    case T::TaskSucceeded:
    case T::TaskSubmitted:
      resource(out, d);
      payload(out, "output", "outputDetails", e.data, options);
      break;
    case T::TaskFailed:
    case T::TaskTimedOut:
    case T::TaskStartFailed:
    case T::TaskSubmitFailed:
      resource(out, d);
      error_cause(out, d);
      break;
    case T::LambdaFunctionScheduled:
      out.text("resource", or_empty(d, &EventDetails::resource));
      payload(out, "input", "inputDetails", e.data, options);
      if (d && d->timeout_seconds) out.integer("timeoutInSeconds", *d->timeout_seconds);
      if (d && d->task_credentials) out.json("taskCredentials", *d->task_credentials);
      break;
    case T::ActivityScheduled:
      out.text("resource", or_empty(d, &EventDetails::resource));
      payload(out, "input", "inputDetails", e.data, options);
      if (d && d->timeout_seconds) out.integer("timeoutInSeconds", *d->timeout_seconds);
      if (d && d->heartbeat_seconds) out.integer("heartbeatInSeconds", *d->heartbeat_seconds);
      break;
    case T::ActivityStarted:
      if (d && !d->worker_name.empty()) out.text("workerName", d->worker_name);
      break;
    case T::MapIterationAborted:
    case T::MapIterationFailed:
    case T::MapIterationStarted:
    case T::MapIterationSucceeded:
      stable_text(out, "name", e.name);
      out.integer("index", d && d->index ? *d->index : 0);
      break;
    case T::MapStateStarted:
      out.integer("length", d && d->length ? *d->length : 0);
      break;
    case T::MapRunStarted:
      out.text("mapRunArn", or_empty(d, &EventDetails::map_run_arn));
      break;
    case T::ExecutionRedriven:
      out.integer("redriveCount", d && d->redrive_count ? *d->redrive_count : 0);
      break;
    case T::MapRunRedriven:
      out.text("mapRunArn", or_empty(d, &EventDetails::map_run_arn));
      out.integer("redriveCount", d && d->redrive_count ? *d->redrive_count : 0);
      break;
    case T::EvaluationFailed:
      error_cause(out, d);
      if (d && !d->location.empty()) out.text("location", d->location);
      out.text("state", or_empty(d, &EventDetails::state));
      break;
    default:
      break;
  }
}

}  // namespace render_detail

template <class Out>
void render_event(const HistoryEvent& event, const RenderOptions& options, Out& out) {
  out.timestamp("timestamp", event.timestamp_ms);
  render_detail::stable_text(out, "type", to_string(event.type));
  out.integer("id", event.id);
  out.integer("previousEventId", event.previous_event_id);
  std::string_view member = details_member(event.type);
  if (!member.empty()) {
    out.begin(member);
    render_detail::details(event, options, out);
    out.end();
  }
}

}  // namespace sfn::engine
