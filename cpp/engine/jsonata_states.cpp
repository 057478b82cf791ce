// The parts of JSONata states every type shares: Assign, Output and Catch.
#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"

namespace sfn::engine {

void finish_jsonata(Runtime& rt, Thread& thread, JsonPtr result) {
  const asl::State& state = thread.current();
  JsonataFields fields;
  fields.input = thread.state_input;
  fields.result = result;
  std::shared_ptr<const EventDetails> assigned;
  if (state.assign_jsonata) {
    auto a = assign_jsonata(rt, thread, *state.assign_jsonata, "Assign", fields);
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  JsonPtr output = result ? result : thread.state_input;
  if (state.output_jsonata) {
    auto o = evaluate_jsonata(rt, thread, *state.output_jsonata, "Output", fields);
    if (!o.ok()) return fail_state(rt, thread, std::move(o).error());
    output = std::move(o.value());
  }
  exit_state(rt, thread, std::move(output), std::move(assigned));
}

Expected<CatchOutcome> catch_jsonata(Runtime& rt, Thread& thread, const asl::Catcher& catcher,
                                     std::size_t index, JsonPtr error_output) {
  JsonataFields fields;
  fields.input = thread.state_input;
  fields.error_output = error_output;
  std::string base = "Catch[" + std::to_string(index) + "]/";
  CatchOutcome out;
  if (catcher.assign_jsonata) {
    auto a = assign_jsonata(rt, thread, *catcher.assign_jsonata, base + "Assign", fields);
    if (!a.ok()) return std::move(a).error();
    out.assigned = std::move(a.value());
  }
  out.output = error_output;
  if (catcher.output_jsonata) {
    auto o = evaluate_jsonata(rt, thread, *catcher.output_jsonata, base + "Output", fields);
    if (!o.ok()) return std::move(o).error();
    out.output = std::move(o.value());
  }
  return out;
}

}  // namespace sfn::engine
