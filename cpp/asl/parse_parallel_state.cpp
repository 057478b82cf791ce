#include "asl/parse_parts.h"

namespace sfn::asl::detail {

void parse_parallel(Ctx& ctx, const StateInput& in, State& state) {
  ParallelState parallel;
  check_required(ctx, in.json, in.at, {"Branches"});
  if (const DocNode* branches = array_member(ctx, in.json, "Branches", in.at)) {
    std::string loc = at_field(in.at, "Branches");
    if (branches->empty()) ctx.schema(std::string(msg::kEmpty), loc);
    parallel.branches.reserve(branches->size());
    for (std::size_t i = 0; i < branches->size(); ++i) {
      const DocNode& branch = (*branches)[i];
      std::string bloc = at_index(loc, i);
      if (!branch.is_object()) {
        ctx.schema(msg::expected_type("OBJECT"), bloc);
        continue;
      }
      check_fields(ctx, branch, bloc, {"Comment", "StartAt", "States"}, {"StartAt", "States"});
      StateGraph& graph = parallel.branches.emplace_back();
      graph.query_language = ctx.machine_language;
      parse_graph(ctx, branch, bloc, graph);
    }
  }
  state.spec = std::move(parallel);
}

}  // namespace sfn::asl::detail
