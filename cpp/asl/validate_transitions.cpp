// Transitions: every Next/Default/Catch target names a state of the same graph (resolved to its
// index), every state is the target of something, and the machine has a terminal state.
#include "asl/parse_parts.h"

namespace sfn::asl::detail {

void resolve_transitions(Ctx& ctx, StateGraph& graph, const std::string& at, int graph_number,
                         bool has_start, bool root) {
  auto report = [&](std::string_view code, std::string message, std::string location) {
    Diagnostic d;
    d.code = std::string(code);
    d.message = std::move(message);
    d.location = std::move(location);
    ctx.transition_diagnostics.emplace_back(graph_number, std::move(d));
  };
  std::vector<char> targeted(graph.states.size(), 0);
  // `location` makes the diagnostic's location; it runs only when a target is missing.
  auto resolve = [&](const std::string& name, auto&& location) {
    int position = graph.position(name);
    if (position < 0) {
      report(msg::kMissingTarget, msg::missing_target(name), location());
      return -1;
    }
    targeted[static_cast<std::size_t>(position)] = 1;
    return position;
  };

  if (has_start) graph.start = resolve(graph.start_at, [&] { return at_field(at, "StartAt"); });
  std::string states_at = at_field(at, "States");
  bool terminal = false;
  for (State& state : graph.states) {
    auto state_at = [&] { return at_field(states_at, state.name); };
    terminal =
        terminal || state.end || state.type == StateType::Succeed || state.type == StateType::Fail;
    if (!state.next.empty())
      state.next_index = resolve(state.next, [&] { return at_field(state_at(), "Next"); });
    if (auto* choice = state.get_if<ChoiceState>()) {
      for (std::size_t i = 0; i < choice->choices.size(); ++i) {
        ChoiceRule& rule = choice->choices[i];
        if (!rule.next.empty())
          rule.next_index = resolve(rule.next, [&] {
            return at_field(at_index(at_field(state_at(), "Choices"), i), "Next");
          });
      }
      if (!choice->default_next.empty())
        choice->default_index =
            resolve(choice->default_next, [&] { return at_field(state_at(), "Default"); });
    }
    for (std::size_t i = 0; i < state.catchers.size(); ++i) {
      Catcher& c = state.catchers[i];
      if (!c.next.empty())
        c.next_index = resolve(
            c.next, [&] { return at_field(at_index(at_field(state_at(), "Catch"), i), "Next"); });
    }
  }
  if (root && !terminal) {
    // AWS reports this alone, without the unreachable states of the same graph.
    report(msg::kMissingEnd, std::string(msg::kNoTerminal), "");
    return;
  }
  for (std::size_t i = 0; i < graph.states.size(); ++i) {
    if (!targeted[i])
      report(msg::kMissingTarget, msg::not_reachable(graph.states[i].name),
             at_field(states_at, graph.states[i].name));
  }
}

}  // namespace sfn::asl::detail
