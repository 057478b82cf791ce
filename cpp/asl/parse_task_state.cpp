#include "asl/parse_parts.h"
#include "asl/resource_arn.h"

namespace sfn::asl::detail {
namespace {

void check_resource(Ctx& ctx, const StateInput& in, const Resource& resource) {
  std::string loc = at_field(in.at, "Resource");
  if (auto problem = resource_problem(resource)) {
    if (resource_refusal_has_evidence(resource)) {
      ctx.schema(*problem, loc);
      return;
    }
    ctx.warn(msg::kSchema, *problem, loc);
  }
  if (ctx.options.express) {
    if (resource.kind == Resource::Kind::Activity) {
      ctx.schema(std::string(msg::kExpressActivity), loc);
    } else if (resource.pattern == Resource::Pattern::Sync ||
               resource.pattern == Resource::Pattern::Sync2) {
      ctx.schema(msg::express_unsupported_pattern(".sync"), loc);
    } else if (resource.pattern == Resource::Pattern::WaitForTaskToken) {
      ctx.schema(msg::express_unsupported_pattern(".waitForTaskToken"), loc);
    }
  }
  if (!requires_parameters(resource)) return;
  std::string_view field = in.jsonata ? "Arguments" : "Parameters";
  const DocNode* params = member(in.json, field);
  if (!params) {
    ctx.schema(msg::parameters_required(field, resource.arn), in.at);
    return;
  }
  if (!params->is_object()) return;
  for (std::string_view required : required_request_fields(resource)) {
    if (!has(*params, required) && !has(*params, std::string(required) + ".$"))
      ctx.schema(msg::field_required(required), at_field(in.at, field));
  }
}

void parse_credentials(Ctx& ctx, const StateInput& in, TaskState& task) {
  const DocNode* creds = member(in.json, "Credentials");
  if (!creds) return;
  std::string loc = at_field(in.at, "Credentials");
  if (!creds->is_object()) {
    ctx.schema(msg::expected_type("OBJECT"), loc);
    return;
  }
  if (task.resource.kind == Resource::Kind::Activity) {
    ctx.schema(std::string(msg::kCredentialsForActivity), loc);
    return;
  }
  if (!has(*creds, "RoleArn") && (in.jsonata || !has(*creds, "RoleArn.$"))) {
    ctx.schema(msg::field_required("RoleArn"), loc);
    return;
  }
  if (in.jsonata) {
    task.credentials_jsonata = jsonata_field(ctx, *creds, loc);
  } else {
    task.credentials = payload_template(ctx, *creds, loc);
  }
}

}  // namespace

void parse_task(Ctx& ctx, const StateInput& in, State& state) {
  TaskState task;
  check_required(ctx, in.json, in.at, {"Resource"});
  if (const std::string_view* resource = string_member(ctx, in.json, "Resource", in.at)) {
    task.resource = classify_resource(*resource);
    check_resource(ctx, in, task.resource);
  }
  check_at_most_one(ctx, in.json, in.at, {"TimeoutSeconds", "TimeoutSecondsPath"});
  check_at_most_one(ctx, in.json, in.at, {"HeartbeatSeconds", "HeartbeatSecondsPath"});
  task.timeout_seconds =
      integer_or_path(ctx, in.json, in.at, "TimeoutSeconds", in.jsonata ? "" : "TimeoutSecondsPath",
                      in.jsonata, 1, 99999999, {});
  task.heartbeat_seconds =
      integer_or_path(ctx, in.json, in.at, "HeartbeatSeconds",
                      in.jsonata ? "" : "HeartbeatSecondsPath", in.jsonata, 1, 99999999, {});
  parse_credentials(ctx, in, task);
  state.spec = std::move(task);
}

}  // namespace sfn::asl::detail
