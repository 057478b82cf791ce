// JSONata fields at definition time: compile every expression once and apply AWS's checks.
#include <algorithm>

#include "asl/parse_context.h"

namespace sfn::asl::detail {

std::optional<JsonataTemplate> jsonata_field(Ctx& ctx, const DocNode& value, const std::string& loc,
                                             JsonataScope scope) {
  std::vector<JsonataSyntaxProblem> problems;
  JsonataTemplate tpl = compile_jsonata_template(to_json(value), problems);
  for (const JsonataSyntaxProblem& p : problems)
    ctx.report(msg::kInvalidJsonata, p.message, loc + p.pointer);
  std::size_t before = ctx.diagnostics.size();
  tpl.for_each_expression([&](const JsonataNode& node) {
    const jsonata::Analysis& a = node.expression->analysis;
    std::string at = loc + node.pointer;
    for (const std::string& name : a.top_level_references)
      ctx.report(msg::kUnsupportedJsonata, msg::top_level_reference(name), at);
    auto reads = [&](std::string_view field) {
      return std::find(a.states_fields.begin(), a.states_fields.end(), field) !=
             a.states_fields.end();
    };
    // `$states.result` outside a result's scope: the errorOutput rule's words (measured), but no
    // source shows AWS refusing it, so a warning; at run time the field is absent.
    if (!scope.result && reads("result"))
      ctx.warn(msg::kUnsupportedJsonata, msg::states_field_missing("result"), at);
    if (!scope.error_output && reads("errorOutput"))
      ctx.report(msg::kUnsupportedJsonata, msg::states_field_missing("errorOutput"), at);
  });
  if (!problems.empty()) return std::nullopt;
  for (std::size_t i = before; i < ctx.diagnostics.size(); ++i)
    if (ctx.diagnostics[i].severity == "ERROR") return std::nullopt;
  return tpl;
}

}  // namespace sfn::asl::detail
