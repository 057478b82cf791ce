#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"

namespace sfn::engine {

namespace {

void start_branches(Runtime& rt, Thread& thread) {
  if (tested(rt, thread)) return test_fanout(rt, thread);
  const auto& parallel = thread.current().as<asl::ParallelState>();
  emit(rt, thread, EventType::ParallelStateStarted);
  auto fanout = std::make_unique<Fanout>();
  fanout->children.assign(parallel.branches.size(), -1);
  fanout->results.resize(parallel.branches.size());
  fanout->running = parallel.branches.size();
  thread.fanout = std::move(fanout);
  thread.phase = Phase::FanoutJoin;
  const int parent_id = thread.id;
  const std::int64_t started = thread.last_event;
  const JsonPtr input = thread.effective_input;
  auto outer = thread.variables;
  for (std::size_t i = 0; i < parallel.branches.size(); ++i) {
    auto scope = std::make_shared<VariableScope>();
    scope->outer = outer;
    Thread& child = spawn_thread(rt, parallel.branches[i], parent_id, i, std::move(scope));
    child.last_event = started;
    // spawn_thread may grow the thread table; `thread` itself stays put (heap-allocated).
    rt.threads[static_cast<std::size_t>(parent_id)]->fanout->children[i] = child.id;
    goto_state(rt, child, parallel.branches[i].start, input);
  }
}

}  // namespace

void step_parallel(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  if (thread.phase == Phase::Enter) {
    record_entered(rt, thread);
    auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
    if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
    thread.effective_input = std::move(effective.value());
    if (state.arguments_jsonata) {
      JsonataFields fields;
      fields.input = thread.state_input;
      auto arguments = evaluate_jsonata(rt, thread, *state.arguments_jsonata, "Arguments", fields);
      if (!arguments.ok()) return fail_state(rt, thread, std::move(arguments).error());
      thread.effective_input = std::move(arguments.value());
    }
    if (state.parameters) {
      auto parameters = apply_template(rt, thread, *state.parameters, *thread.effective_input);
      if (!parameters.ok()) return fail_state(rt, thread, std::move(parameters).error());
      thread.effective_input = std::move(parameters.value());
    }
    return start_branches(rt, thread);
  }
  if (thread.phase == Phase::FanoutStart) return start_branches(rt, thread);
}

}  // namespace sfn::engine
