#include "engine/context_object.h"

#include "engine/timestamp.h"

namespace sfn::engine {

Json make_context_object(const ExecutionInfo& info, const JsonPtr& input, bool with_input) {
  // Key order as AWS writes it ([recorded] test_context_object for Standard, test_express_async
  // and test_express_sync::test_query_runtime_memory for Express).
  Json execution = Json::object();
  execution["Id"] = info.execution_arn;
  execution["Input"] = !with_input ? Json(nullptr) : input ? *input : Json::object();
  if (!info.express) execution["StartTime"] = format_timestamp(info.start_time_ms);
  execution["Name"] = info.name;
  execution["RoleArn"] = info.role_arn;
  if (info.express) execution["StartTime"] = format_timestamp(info.start_time_ms);
  if (!info.synchronous) execution["RedriveCount"] = info.redrive_count;
  Json machine = Json::object();
  machine["Id"] = info.state_machine_arn;
  machine["Name"] = info.state_machine_name;
  Json context = Json::object();
  context["Execution"] = std::move(execution);
  context["StateMachine"] = std::move(machine);
  context["State"] = Json::object();
  return context;
}

}  // namespace sfn::engine
