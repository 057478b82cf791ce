#include "engine/choice_rule.h"
#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"

namespace sfn::engine {

namespace {

// A JSONata Choice: the first rule whose Condition is true; that rule's Assign and Output (or
// the state's, for Default), evaluated against the state's input.
void step_choice_jsonata(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& choice = state.as<asl::ChoiceState>();
  JsonataFields fields;
  fields.input = thread.state_input;
  const asl::ChoiceRule* matched = nullptr;
  std::string base;
  for (std::size_t i = 0; i < choice.choices.size() && !matched; ++i) {
    const asl::ChoiceRule& rule = choice.choices[i];
    if (!rule.condition) continue;
    std::string field = "Choices[" + std::to_string(i) + "]/Condition";
    auto value = evaluate_jsonata(rt, thread, *rule.condition, field, fields);
    if (!value.ok()) return fail_state(rt, thread, std::move(value).error());
    if (!value.value()->is_boolean()) {
      return fail_state(
          rt, thread,
          unexpected_type(rt, thread, *rule.condition, field, "boolean", *value.value()));
    }
    if (value.value()->get<bool>()) {
      matched = &rule;
      base = "Choices[" + std::to_string(i) + "]/";
    }
  }
  int next = matched ? matched->next_index : choice.default_index;
  if (next < 0) return fail_state(rt, thread, Failure{"States.NoChoiceMatched", "No Matches!"});

  const asl::JsonataTemplate* assign = nullptr;
  const asl::JsonataTemplate* output = nullptr;
  std::string assign_field = "Assign", output_field = "Output";
  if (matched && matched->assign_jsonata) {
    assign = &*matched->assign_jsonata;
    assign_field = base + "Assign";
  } else if (state.assign_jsonata) {
    assign = &*state.assign_jsonata;
  }
  if (matched && matched->output_jsonata) {
    output = &*matched->output_jsonata;
    output_field = base + "Output";
  } else if (state.output_jsonata) {
    output = &*state.output_jsonata;
  }
  std::shared_ptr<const EventDetails> assigned;
  if (assign) {
    auto a = assign_jsonata(rt, thread, *assign, assign_field, fields);
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  JsonPtr out = thread.state_input;
  if (output) {
    auto o = evaluate_jsonata(rt, thread, *output, output_field, fields);
    if (!o.ok()) return fail_state(rt, thread, std::move(o).error());
    out = std::move(o.value());
  }
  commit_assignments(thread, assigned.get());
  emit(rt, thread, EventType::ChoiceStateExited, state.name, out, std::move(assigned));
  goto_state(rt, thread, next, std::move(out));
}

}  // namespace

void step_choice(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& choice = state.as<asl::ChoiceState>();
  record_entered(rt, thread);
  if (state.query_language == asl::QueryLanguage::JSONata) return step_choice_jsonata(rt, thread);

  auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
  if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
  const JsonPtr& input = effective.value();
  note(rt, thread, "afterInputPath", *input);

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
    return fail_state(rt, thread, Failure{"States.NoChoiceMatched", "No Matches!"});
  }

  std::shared_ptr<const EventDetails> assigned;
  const payload::Template* assign = matched && matched->assign ? &*matched->assign
                                    : state.assign             ? &*state.assign
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
