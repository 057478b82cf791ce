#include "engine/choice_rule.h"
#include "engine/io_processing.h"
#include "engine/runtime.h"

namespace sfn::engine {

void step_choice(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& choice = state.as<asl::ChoiceState>();
  record_entered(rt, thread);

  auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
  if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
  const JsonPtr& input = effective.value();

  const asl::ChoiceRule* matched = nullptr;
  {
    path::Scope scope = scope_for(rt, thread, *input);
    for (const asl::ChoiceRule& rule : choice.choices) {
      auto result = evaluate_rule(rule, scope);
      if (!result.ok()) return fail_state(rt, thread, runtime_failure(thread, result.error()));
      if (result.value()) {
        matched = &rule;
        break;
      }
    }
  }
  int next = matched ? matched->next_index : choice.default_index;
  if (next < 0) {
    return fail_state(rt, thread,
                      Failure{"States.NoChoiceMatched",
                              "No Matches!"});
  }

  std::shared_ptr<const EventDetails> assigned;
  const payload::Template* assign = matched && matched->assign ? &*matched->assign
                                    : state.assign                ? &*state.assign
                                                                  : nullptr;
  if (assign) {
    auto a = assign_variables(rt, thread, *assign, *input);
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  auto output = apply_path(rt, thread, state.output_path, input);
  if (!output.ok()) return fail_state(rt, thread, runtime_failure(thread, output.error()));
  commit_assignments(thread, assigned.get());
  emit(rt, thread, EventType::ChoiceStateExited, state.name, output.value(), std::move(assigned));
  goto_state(rt, thread, next, std::move(output.value()));
}

}  // namespace sfn::engine
