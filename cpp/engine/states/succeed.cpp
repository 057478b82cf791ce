#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"

namespace sfn::engine {

void step_succeed(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  record_entered(rt, thread);
  if (state.query_language == asl::QueryLanguage::JSONata) {
    JsonPtr output = thread.state_input;
    if (state.output_jsonata) {
      JsonataFields fields;
      fields.input = thread.state_input;
      auto o = evaluate_jsonata(rt, thread, *state.output_jsonata, "Output", fields);
      if (!o.ok()) return fail_state(rt, thread, std::move(o).error());
      output = std::move(o.value());
    }
    emit(rt, thread, EventType::SucceedStateExited, state.name, output);
    return thread_succeeded(rt, thread, std::move(output));
  }
  auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
  if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
  note(rt, thread, "afterInputPath", *effective.value());
  std::shared_ptr<const EventDetails> assigned;
  if (state.assign) {
    auto a = assign_variables(rt, thread, *state.assign, *effective.value());
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  auto output = apply_path(rt, thread, state.output_path, effective.value());
  if (!output.ok()) return fail_state(rt, thread, runtime_failure(thread, output.error()));
  commit_assignments(thread, assigned.get());
  emit(rt, thread, EventType::SucceedStateExited, state.name, output.value(), std::move(assigned));
  thread_succeeded(rt, thread, std::move(output.value()));
}

}  // namespace sfn::engine
