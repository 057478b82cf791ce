#include "service/standalone.h"

#include <random>

#include "common/random.h"
#include "service/arn.h"
#include "service/runner.h"

namespace sfn::service {

namespace {

// What the run leaves to chance (its name, an Express ARN's id, its seed) when the caller does
// not fix it: fresh for every run, like the uuid4 StartExecution names an execution with.
Rng fresh_rng() {
  std::random_device device;
  return Rng((static_cast<std::uint64_t>(device()) << 32) ^ device());
}

}  // namespace

ServiceError standalone_input_refused(std::string_view detail) {
  return ServiceError{"InvalidExecutionInput", "Invalid execution input: " + std::string(detail),
                      Json::object()};
}

std::optional<ServiceError> check_standalone_input(const Json& input) {
  const std::size_t limit = engine::Limits{}.max_payload_bytes;
  if (text_size(input) <= limit) return std::nullopt;
  return standalone_input_refused("the input is larger than the maximum of " +
                                  std::to_string(limit) + " bytes");
}

std::unique_ptr<engine::Execution> start_standalone(asl::StateMachinePtr machine,
                                                    const StandaloneStart& start, JsonPtr input,
                                                    engine::TaskInvoker invoker) {
  Rng rng = fresh_rng();
  engine::ExecutionInfo info;
  info.name = start.name ? *start.name : rng.uuid4();
  info.state_machine_name = start.state_machine_name;
  info.region = start.region;
  info.account = start.account;
  // The ARNs StartExecution gives (the partition follows the region).
  info.state_machine_arn = state_machine_arn(start.region, start.account, start.state_machine_name);
  info.execution_arn =
      start.express
          ? express_execution_arn(start.region, start.account, start.state_machine_name, info.name,
                                  rng.uuid4())
          : execution_arn(start.region, start.account, start.state_machine_name, info.name);
  // No state machine was created with a role: the one the console would create for it.
  info.role_arn = start.role_arn ? *start.role_arn
                                 : "arn:" + partition_for(start.region) + ":iam::" + start.account +
                                       ":role/StepFunctions-" + start.state_machine_name + "-role";
  info.start_time_ms = start.start_ms;
  // Python's seeds were 63-bit: kept so, whoever draws it.
  info.seed = start.seed ? *start.seed : rng.next_u64() & ((1ULL << 63) - 1);
  info.express = start.express;  // an Express execution started by StartExecution
  info.input_text = start.input_text;
  engine::Limits limits = execution_limits(start.express);
  if (start.express) {
    // The API gives nobody an Express execution's history; the caller of a run reads it.
    limits.record_history = true;
    limits.max_recorded_events = kStandaloneExpressEvents;
  }
  return std::make_unique<engine::Execution>(std::move(machine), std::move(info), std::move(input),
                                             std::move(invoker), limits);
}

}  // namespace sfn::service
