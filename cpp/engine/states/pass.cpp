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
  // A Pass has no ResultSelector (refused when the definition is compiled): the rest of its
  // output processing is the tail Task, Parallel and Map share.
  finish_with_result(rt, thread, std::move(result));
}

}  // namespace sfn::engine
