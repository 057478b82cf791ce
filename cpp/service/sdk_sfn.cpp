#include "service/sdk_sfn.h"

#include <array>
#include <string_view>
#include <utility>

#include "service/operations.h"
#include "service/validation.h"

namespace sfn::service {

namespace {

using engine::TaskOutcome;

struct TokenCall {
  std::string_view action;     // the resource's action
  std::string_view operation;  // the API operation it calls
  Response (*perform)(Core&, const Json&, const CallContext&);
};

constexpr std::array<TokenCall, 3> kCalls{{
    {"sendTaskSuccess", "SendTaskSuccess", &send_task_success},
    {"sendTaskFailure", "SendTaskFailure", &send_task_failure},
    {"sendTaskHeartbeat", "SendTaskHeartbeat", &send_task_heartbeat},
}};

const TokenCall* token_call_of(const asl::Resource& resource) {
  if (resource.kind != asl::Resource::Kind::Sdk || resource.service != "aws-sdk:sfn" ||
      resource.pattern != asl::Resource::Pattern::RequestResponse) {
    return nullptr;
  }
  for (const TokenCall& call : kCalls) {
    if (resource.action == call.action) return &call;
  }
  return nullptr;
}

// The task's parameters (the SDK's PascalCase members) as the API request. The integration
// serialises a non-string Output to its JSON text, as it does StartExecution's Input (recorded:
// aws-sdk:sfn:startExecution with an object Input).
Json request_of(const Json* parameters) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kMembers{{
      {"TaskToken", "taskToken"},
      {"Output", "output"},
      {"Error", "error"},
      {"Cause", "cause"},
  }};
  Json call = Json::object();
  if (!parameters || !parameters->is_object()) return call;
  for (const auto& [member, field] : kMembers) {
    auto it = parameters->find(std::string(member));
    if (it == parameters->end() || it->is_null()) continue;
    call[std::string(field)] =
        field == "output" && !it->is_string() ? Json(to_text(*it)) : Json(*it);
  }
  return call;
}

}  // namespace

TaskOutcome sdk_failure(Core& core, const ServiceError& error) {
  std::string name = "Sfn." + error.code;
  if (!error.code.ends_with("Exception")) name += "Exception";
  return TaskOutcome::failed(
      std::move(name),
      error.message + " (Service: Sfn, Status Code: 400, Request ID: " + core.uuid() + ")");
}

bool is_sdk_task_token_call(const asl::Resource& resource) {
  return token_call_of(resource) != nullptr;
}

TaskOutcome perform_sdk_task_token_call(Core& core, const ExecutionPtr& parent,
                                        const engine::TaskRequest& request) {
  const TokenCall* call = token_call_of(*request.resource);
  Json api_request = request_of(request.parameters);
  if (auto problem = validate_request(call->operation, api_request)) {
    return sdk_failure(core, *problem);
  }
  CallContext context;
  context.region = parent->region;
  context.account = parent->account;
  Response response = call->perform(core, api_request, context);
  if (!response.ok()) return sdk_failure(core, response.error());
  return TaskOutcome::success(Json::object());
}

}  // namespace sfn::service
