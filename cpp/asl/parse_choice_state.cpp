#include "asl/parse_parts.h"

namespace sfn::asl::detail {

void parse_choice(Ctx& ctx, const StateInput& in, State& state) {
  ChoiceState choice;
  check_required(ctx, in.json, in.at, {"Choices"});
  if (const DocNode* rules = array_member(ctx, in.json, "Choices", in.at)) {
    std::string loc = at_field(in.at, "Choices");
    if (rules->empty()) ctx.schema(std::string(msg::kEmpty), loc);
    choice.choices.reserve(rules->size());
    for (std::size_t i = 0; i < rules->size(); ++i)
      choice.choices.push_back(
          parse_choice_rule(ctx, (*rules)[i], at_index(loc, i), true, in.jsonata));
  }
  if (const std::string_view* next = string_member(ctx, in.json, "Default", in.at))
    choice.default_next = *next;
  state.spec = std::move(choice);
}

}  // namespace sfn::asl::detail
