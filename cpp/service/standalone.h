// sfnsim.run's execution: one execution of a compiled definition outside any registry, owned by
// its caller and driven on the caller's own virtual clock. It is the execution StartExecution
// would start for a state machine named `state_machine_name` in `region` and `account`: the same
// ARNs, the same default name, the same limits for its type (runner.h); the input is held to the
// payload limit every payload of the engine is measured against. One thing differs, because the
// caller reads what the API could not: an Express run keeps its history.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "asl/model.h"
#include "engine/execution.h"
#include "engine/task_invoker.h"
#include "json/json.h"
#include "service/service.h"

namespace sfn::service {

struct StandaloneStart {
  std::string region = "us-east-1";
  std::string account = "123456789012";
  std::string state_machine_name = "StateMachine";
  std::optional<std::string> name;      // none: a random UUID, as StartExecution gives
  std::optional<std::string> role_arn;  // none: the role the console would create for it
  bool express = false;
  std::int64_t start_ms = 0;
  std::optional<std::uint64_t> seed;  // none: a random one
  // The input as the caller sent it (ExecutionStarted records it verbatim).
  std::optional<std::string> input_text;
};

// An Express run keeps the first this many events for its caller (four times what a Standard
// history may hold, some 20 MB), so that a loop cannot fill the memory; it goes on counting.
inline constexpr std::size_t kStandaloneExpressEvents = 100000;

// Refuses input larger than the payload limit (256 KiB of its compact JSON text, measured as the
// engine measures every payload: json/json.h measure_text) with InvalidExecutionInput, in
// sfnsim.run's words: "Invalid execution input: the input is larger than ...".
std::optional<ServiceError> check_standalone_input(const Json& input);

// sfnsim.run's wording of an input it refuses ("Invalid execution input: <detail>"); the API's
// is StartExecution's "Invalid State Machine Execution Input: '<detail>'" (errors.h).
ServiceError standalone_input_refused(std::string_view detail);

// The engine of a new execution, not yet run. The input has passed check_standalone_input.
std::unique_ptr<engine::Execution> start_standalone(asl::StateMachinePtr machine,
                                                    const StandaloneStart& start, JsonPtr input,
                                                    engine::TaskInvoker invoker);

}  // namespace sfn::service
