// A set of states with a start (the machine, a Parallel branch, a Map's processor): state names,
// their uniqueness across the whole machine, and the states themselves.
#include "asl/parse_parts.h"
#include "common/stack.h"
#include "common/utf.h"

namespace sfn::asl::detail {

void parse_graph(Ctx& ctx, const DocNode& object, const std::string& at, StateGraph& graph) {
  // Maps and Parallels nest graphs; AWS bounds them only by the definition's size, which allows
  // more levels than a small thread stack holds (common/stack.h).
  if (stack::nearly_exhausted()) throw StackExhausted{};
  int number = ctx.next_graph_number++;
  const std::string_view* start = string_member(ctx, object, "StartAt", at);
  if (start) graph.start_at = *start;
  if (const std::string_view* comment = string_member(ctx, object, "Comment", at))
    graph.comment = *comment;
  if (const DocNode* states = object_member(ctx, object, "States", at)) {
    std::string states_at = at_field(at, "States");
    graph.states.reserve(states->size());
    graph.index.reserve(states->size());
    ctx.state_names.reserve(ctx.state_names.size() + states->size());
    for (auto it = states->begin(); it != states->end(); ++it) {
      std::string_view name = it.key();
      std::string state_at = at_field(states_at, name);
      std::size_t length = utf::code_point_count(name);
      if (length > 80) {
        ctx.report(msg::kInvalidStateName, msg::invalid_state_name(name), state_at);
      } else if (length == 0) {
        ctx.warn(msg::kInvalidStateName, msg::empty_state_name(), state_at);
      }
      if (!ctx.state_names.insert(name))
        ctx.report(msg::kDuplicateState, msg::duplicate_state(name), state_at);
      State& state = graph.states.emplace_back();
      state.name = name;
      graph.index.add(graph.states, static_cast<int>(graph.states.size() - 1));
      parse_state(ctx, name, it.value(), state_at, state);
    }
    if (auto repeated = ctx.repeated_keys.find(states_at); repeated != ctx.repeated_keys.end()) {
      for (const std::string& name : repeated->second)
        ctx.report(msg::kDuplicateState, msg::duplicate_state(name), at_field(states_at, name));
    }
  }
  resolve_transitions(ctx, graph, at, number, start != nullptr, at.empty());
}

}  // namespace sfn::asl::detail
