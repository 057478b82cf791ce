#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"

namespace sfn::engine {

void step_pass(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  record_entered(rt, thread);
  if (state.query_language == asl::QueryLanguage::JSONata) {
    // A JSONata Pass has no Result: its output is its input unless Output says otherwise.
    return finish_jsonata(rt, thread, nullptr);
  }

  const auto& pass = state.as<asl::PassState>();
  auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
  if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
  JsonPtr result = effective.value();
  // TestState: a Pass with a Result reports the Result, not the input it ignores.
  if (!pass.result) note(rt, thread, "afterInputPath", *result);
  if (state.parameters) {
    auto parameters = apply_template(rt, thread, *state.parameters, *result);
    if (!parameters.ok()) return fail_state(rt, thread, std::move(parameters).error());
    result = std::move(parameters.value());
  }
  if (pass.result) {
    result = pass.result;
    note(rt, thread, "result", *result);
  } else {
    note(rt, thread, "afterParameters", *result);
  }
  note(rt, thread, "afterResultSelector", *result);

  std::shared_ptr<const EventDetails> assigned;
  if (state.assign) {
    auto a = assign_variables(rt, thread, *state.assign, *result);
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  auto combined = apply_result_path(state.result_path, thread.state_input, std::move(result));
  if (!combined.ok()) return fail_state(rt, thread, runtime_failure(thread, combined.error()));
  note(rt, thread, "afterResultPath", *combined.value());
  auto output = apply_path(rt, thread, state.output_path, combined.value());
  if (!output.ok()) return fail_state(rt, thread, runtime_failure(thread, output.error()));
  exit_state(rt, thread, std::move(output.value()), std::move(assigned));
}

}  // namespace sfn::engine
