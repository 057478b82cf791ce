// Whole definitions that compile are run on the virtual clock against the fixed input, with a
// task invoker that succeeds, fails, times out or answers later by turns, and their history is
// rendered as GetExecutionHistory renders it: the engine's states, Retry/Catch, Map and
// Parallel, payload templates and JSONata fields, under the sanitizers.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "asl/parser.h"
#include "engine/execution.h"
#include "engine/history_event.h"
#include "fuzz_documents.h"

namespace {

// A small history limit: an execution that loops ends quickly, as AWS ends it at 25,000.
constexpr std::size_t kMaxHistoryEvents = 2000;
constexpr int kMaxCallbackRounds = 20;

sfn::engine::TaskOutcome answer(const sfn::engine::TaskRequest& request, int& calls) {
  using sfn::engine::TaskOutcome;
  switch (calls++ % 6) {
    case 1:
      return TaskOutcome::failed("Boom", "the invoker failed this one");
    case 3:
      if (!request.task_token.empty()) {
        TaskOutcome later;
        later.kind = TaskOutcome::Kind::Pending;
        return later;
      }
      return TaskOutcome::failed("States.Timeout", "");
    case 4: {
      TaskOutcome slow = TaskOutcome::success(sfn::Json{{"slow", true}});
      slow.duration_seconds = 90;  // past a TimeoutSeconds of 60
      return slow;
    }
    default:
      return TaskOutcome::success(request.parameters ? *request.parameters : sfn::Json());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto machine = sfn::asl::parse(text);
  if (!machine) return 0;

  sfn::engine::ExecutionInfo info;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:sm:ex";
  info.name = "ex";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.start_time_ms = 1700000000000;
  info.seed = 7;
  sfn::engine::Limits limits;
  limits.max_history_events = kMaxHistoryEvents;

  int calls = 0;
  sfn::engine::Execution execution(
      machine.value(), info, sfn::share(sfn::fuzz::input_document()),
      [&calls](const sfn::engine::TaskRequest& request) { return answer(request, calls); }, limits);
  std::int64_t now = execution.run_virtual();
  // Tasks waiting on a token are answered, alternately with a success and a failure.
  for (int round = 0; round < kMaxCallbackRounds; ++round) {
    if (execution.status() != sfn::engine::ExecutionStatus::Running) break;
    auto tokens = execution.pending_task_tokens();
    if (tokens.empty()) break;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      auto outcome = i % 2 == 0 ? sfn::engine::TaskOutcome::success(sfn::Json{{"token", i}})
                                : sfn::engine::TaskOutcome::failed("Callback", "failed");
      execution.complete_task(tokens[i], std::move(outcome), now + 1000);
    }
    now = execution.run_virtual();
  }
  if (execution.status() == sfn::engine::ExecutionStatus::Running)
    execution.stop("Fuzz", "stopped", now + 1000);

  for (const auto& event : execution.history()) sfn::to_text(sfn::engine::to_api_json(event));
  return 0;
}
