#include "service/nested.h"

#include "engine/timestamp.h"
#include "service/operations.h"
#include "service/response_envelopes.h"
#include "service/runner.h"
#include "service/sdk_sfn.h"
#include "service/validation.h"

namespace sfn::service {

namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using Pattern = asl::Resource::Pattern;

// An error of the StartExecution call, as the integration reports it (recorded:
// "StepFunctions.StateMachineDoesNotExistException", "State Machine Does Not Exist: '<arn>'
// (Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist; Request ID:
// <id>; Proxy: null)").
TaskOutcome call_failure(Core& core, const ServiceError& error) {
  std::string name = "StepFunctions." + error.code;
  if (!error.code.ends_with("Exception")) name += "Exception";
  return TaskOutcome::failed(
      std::move(name),
      error.message + " (Service: AWSStepFunctions; Status Code: 400; Error Code: " + error.code +
          "; Request ID: " + core.uuid() + "; Proxy: null)");
}

// The StartExecution request the task's parameters make: Input may be any JSON value (sent as
// its JSON text; null or absent as "{}") or a string sent as it is.
Json start_request(const Json* parameters) {
  Json call = Json::object();
  const Json empty = Json::object();
  const Json& p = parameters && parameters->is_object() ? *parameters : empty;
  if (auto it = p.find("StateMachineArn"); it != p.end()) call["stateMachineArn"] = *it;
  if (auto it = p.find("Name"); it != p.end()) call["name"] = *it;
  auto input = p.find("Input");
  if (input == p.end() || input->is_null()) {
    call["input"] = "{}";
  } else if (input->is_string()) {
    call["input"] = *input;
  } else {
    call["input"] = to_text(*input);
  }
  return call;
}

// The AWS SDK integration's StartExecution (request-response only, as every aws-sdk task).
bool is_sdk_start_execution(const asl::Resource& resource) {
  return resource.kind == asl::Resource::Kind::Sdk && resource.service == "aws-sdk:sfn" &&
         resource.action == "startExecution" && resource.pattern == Pattern::RequestResponse;
}

bool is_start_execution(const asl::Resource& resource) {
  return (resource.kind == asl::Resource::Kind::Service && resource.service == "states" &&
          resource.action.starts_with("startExecution")) ||
         is_sdk_start_execution(resource);
}

// The longest cause the API takes (StopExecution, SendTaskFailure: 32,768 characters). A child's
// cause is quoted inside its parent's, so without a bound nested failures would grow the cause
// twofold (its escapes) per level.
constexpr std::size_t kMaxCause = 32768;

std::string bounded_cause(const std::string& cause) {
  if (cause.size() <= kMaxCause) return cause;
  std::size_t cut = kMaxCause;
  while (cut > 0 && (static_cast<unsigned char>(cause[cut]) & 0xC0) == 0x80) --cut;
  return cause.substr(0, cut);
}

// DescribeExecution's members as the .sync integrations report them (keys in alphabetical
// order, dates in epoch milliseconds). A success is the task's result; the failure's cause
// leaves out the output and redrive members (recorded).
Json describe_for_parent(const ExecutionRecord& r, const ExecutionSummary& s, bool sync2) {
  bool succeeded = s.status == ExecutionStatus::Succeeded;
  Json out = Json::object();
  if (!succeeded && s.failure.has_cause) out["Cause"] = bounded_cause(s.failure.cause);
  if (!succeeded && s.failure.has_error) out["Error"] = s.failure.error;
  out["ExecutionArn"] = r.arn;
  out["Input"] = sync2 && r.input ? *r.input : Json(r.input_text);
  out["InputDetails"] = Json{{"Included", true}};
  out["Name"] = r.name;
  if (succeeded) {
    if (sync2) {
      out["Output"] = s.output ? *s.output : Json(nullptr);
    } else {
      out["Output"] = s.output ? to_text(*s.output) : "null";
    }
    out["OutputDetails"] = Json{{"Included", true}};
    out["RedriveCount"] = s.redrive_count;
    out["RedriveStatus"] = "NOT_REDRIVABLE";
    out["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven";
  }
  out["StartDate"] = r.start_ms;
  if (!r.alias_arn.empty()) out["StateMachineAliasArn"] = r.alias_arn;
  out["StateMachineArn"] = r.state_machine_arn;
  if (!r.version_arn.empty()) out["StateMachineVersionArn"] = r.version_arn;
  out["Status"] = std::string(engine::to_string(s.status));
  out["StopDate"] = s.stop_ms.value_or(r.start_ms);
  return out;
}

TaskOutcome outcome_for_parent(const ExecutionRecord& r, const ExecutionSummary& s, bool sync2) {
  Json described = describe_for_parent(r, s, sync2);
  if (s.status == ExecutionStatus::Succeeded) return TaskOutcome::success(std::move(described));
  return TaskOutcome::failed("States.TaskFailed", to_text(described));
}

}  // namespace

TaskOutcome start_nested(Core& core, const ExecutionPtr& parent, const engine::TaskRequest& request,
                         const engine::TaskInvoker& user) {
  const asl::Resource& resource = *request.resource;
  if (!is_start_execution(resource)) {
    return TaskOutcome::failed(
        "States.TaskFailed",
        "The task handler delegated resource '" + resource.arn + "' (state '" +
            std::string(request.state_name) +
            "') to the service, which performs only nested executions "
            "(arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]).");
  }
  if (parent->depth >= kMaxNestingDepth) {
    return TaskOutcome::failed("States.TaskFailed", "Nested executions go deeper than " +
                                                        std::to_string(kMaxNestingDepth) +
                                                        " levels (state '" +
                                                        std::string(request.state_name) + "').");
  }
  try {
    bool sdk = is_sdk_start_execution(resource);
    auto refused = [&](const ServiceError& error) {
      return sdk ? sdk_failure(core, error) : call_failure(core, error);
    };
    Json call = start_request(request.parameters);
    if (auto problem = validate_request("StartExecution", call)) return refused(*problem);
    bool sync = resource.pattern == Pattern::Sync || resource.pattern == Pattern::Sync2;
    Watcher watcher{parent, sync ? "startExecution:" + core.uuid() : std::string(),
                    resource.pattern == Pattern::Sync2};
    bool watching = false;
    StartOptions options;
    options.start_ms = request.now_ms;
    options.before_start = [&](const ExecutionPtr& child) {
      child->depth = parent->depth + 1;
      if (!sync) return;
      std::lock_guard lock(child->mutex);
      child->watchers.push_back(watcher);
      watching = true;
    };
    CallContext context;
    context.region = parent->region;
    context.account = parent->account;
    context.invoker = user;
    context.progress = parent->progress_board;  // a watched parent's children are watched too
    auto started = start_execution_record(core, call, context, options);
    if (!started.ok()) return refused(started.error());
    const ExecutionPtr& child = started.value();
    if (sync && !watching) {
      // An idempotent repeat: the execution was already running; wait for it too, or take its
      // end if it came in between.
      std::optional<ExecutionSummary> ended;
      {
        std::lock_guard lock(child->mutex);
        if (child->summary.status == ExecutionStatus::Running) {
          child->watchers.push_back(watcher);
        } else {
          ended = child->summary;
        }
      }
      if (ended) notify_watchers(core, {watcher}, *child, *ended);
    }
    if (sdk) {
      // The SDK's result: no HTTP metadata, the start date as ISO-8601 text (recorded:
      // {ExecutionArn, StartDate}).
      return TaskOutcome::success(Json{{"ExecutionArn", child->arn},
                                       {"StartDate", engine::format_timestamp(child->start_ms)}});
    }
    Json response =
        start_execution_response(child->arn, child->start_ms, core.uuid(), request.now_ms);
    if (resource.pattern == Pattern::RequestResponse) return TaskOutcome::success(response);
    TaskOutcome outcome = TaskOutcome::pending(watcher.token);
    outcome.submitted = std::move(response);
    if (sync) parent->nested_children.push_back(NestedChild{child, watcher.token});
    return outcome;
  } catch (const std::exception& e) {
    return TaskOutcome::failed("States.TaskFailed", e.what());
  }
}

void notify_watchers(Core& core, const std::vector<Watcher>& watchers,
                     const ExecutionRecord& record, const ExecutionSummary& summary) {
  for (const Watcher& w : watchers) {
    ExecutionPtr parent = w.parent.lock();
    if (!parent) continue;
    PendingOp op;
    op.kind = PendingOp::Kind::Complete;
    op.token = w.token;
    op.outcome = outcome_for_parent(record, summary, w.sync2);
    op.now_ms = summary.stop_ms.value_or(0);
    submit(core, parent, std::move(op));
  }
}

void stop_orphans(Core& core, const std::vector<ExecutionPtr>& orphans, std::int64_t now_ms) {
  for (const ExecutionPtr& child : orphans) {
    if (summary_of(*child).status != ExecutionStatus::Running) continue;
    PendingOp op;
    op.kind = PendingOp::Kind::Stop;
    op.now_ms = now_ms;
    submit(core, child, std::move(op));
  }
}

}  // namespace sfn::service
