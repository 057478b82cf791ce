#include "asl/parse_parts.h"
#include "intrinsics/intrinsics.h"

namespace sfn::asl::detail {
namespace {

// The intrinsics AWS allows in ErrorPath/CausePath (the Fail state's documentation).
bool allowed_in_fail(std::string_view call) {
  static constexpr std::string_view kAllowed[] = {
      "States.Format",       "States.JsonToString", "States.ArrayGetItem", "States.Base64Encode",
      "States.Base64Decode", "States.Hash",         "States.UUID"};
  auto start = call.find_first_not_of(" \t\r\n");
  auto open = call.find('(');
  if (start == std::string_view::npos || open == std::string_view::npos || open < start)
    return false;
  std::string_view name = call.substr(start, open - start);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  for (std::string_view allowed : kAllowed)
    if (allowed == name) return true;
  return false;
}

StringOrPath string_or_path(Ctx& ctx, const StateInput& in, std::string_view field,
                            std::string_view path_field, bool error_name) {
  StringOrPath out;
  if (const DocNode* v = member(in.json, field)) {
    std::string loc = at_field(in.at, field);
    if (in.jsonata && is_jsonata_expression(*v)) {
      out.expression = jsonata_field(ctx, *v, loc);
    } else if (!v->is_string()) {
      ctx.schema(msg::expected_type("STRING"), loc);
    } else {
      const auto& text = v->str();
      // Documented ("error names can't begin with States."), never seen refused: a warning.
      if (error_name && is_reserved_error_name(text))
        ctx.warn(msg::kSchema, msg::reserved_error_name(text), loc);
      out.value = text;
    }
  }
  if (const DocNode* v = in.get(path_field)) {
    std::string loc = at_field(in.at, path_field);
    if (v->is_string() && intrinsics::looks_like_call(v->str())) {
      const auto& text = v->str();
      auto call = intrinsics::compile(text);
      if (!call || !allowed_in_fail(text)) {
        ctx.schema(msg::fail_intrinsic_not_allowed(path_field), loc);
      } else {
        if (!call->warning.empty()) {
          ctx.warn(msg::kSchema, msg::fail_intrinsic_not_allowed(path_field) + ": " + call->warning,
                   loc);
        }
        out.intrinsic = std::move(call).value();
      }
    } else {
      out.path = reference_path(ctx, *v, loc);
    }
  }
  return out;
}

}  // namespace

void parse_fail(Ctx& ctx, const StateInput& in, State& state) {
  FailState fail;
  check_at_most_one(ctx, in.json, in.at, {"Error", "ErrorPath"});
  check_at_most_one(ctx, in.json, in.at, {"Cause", "CausePath"});
  fail.error = string_or_path(ctx, in, "Error", "ErrorPath", true);
  fail.cause = string_or_path(ctx, in, "Cause", "CausePath", false);
  state.spec = std::move(fail);
}

}  // namespace sfn::asl::detail
