// Evaluation of compiled calls: arguments first (literals borrowed from the definition, path
// results borrowed from the documents), then the function.
#include <array>
#include <optional>
#include <span>
#include <vector>

#include "intrinsics/call.h"
#include "intrinsics/failures.h"
#include "intrinsics/function_table.h"
#include "intrinsics/intrinsics.h"

namespace sfn::intrinsics {

namespace {

using detail::Argument;
using detail::Call;

struct Context {
  const path::Scope& scope;
  Rng& rng;
  std::string_view field;
};

Expected<Json> evaluate_call(const Call& call, Context& ctx);

// Fills `out` with the value of `arg`; returns a failure when a path selects nothing or a nested
// call fails.
std::optional<Failure> evaluate_argument(const Argument& arg, Context& ctx, path::Selection& out) {
  switch (arg.kind) {
    case Argument::Kind::Literal:
      out.ref = &arg.literal;
      return std::nullopt;
    case Argument::Kind::Path: {
      auto selected = path::select(arg.path, ctx.scope);
      if (!selected) return path_not_found(arg.path.text, ctx.field, ctx.scope.input);
      out = std::move(selected).value();
      return std::nullopt;
    }
    case Argument::Kind::Call: {
      auto value = evaluate_call(*arg.call, ctx);
      if (!value) return std::move(value).error();
      out.ref = nullptr;
      out.owned = std::move(value).value();
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Expected<Json> evaluate_call(const Call& call, Context& ctx) {
  // Most calls take at most four arguments; those evaluate without touching the heap.
  constexpr std::size_t kInline = 4;
  std::array<path::Selection, kInline> inline_args;
  std::vector<path::Selection> heap_args;
  std::span<path::Selection> args;
  if (call.args.size() <= kInline) {
    args = std::span<path::Selection>(inline_args.data(), call.args.size());
  } else {
    heap_args.resize(call.args.size());
    args = heap_args;
  }
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (auto failure = evaluate_argument(call.args[i], ctx, args[i])) return std::move(*failure);
  }
  detail::Evaluation ev{call, ctx.rng};
  return detail::spec_of(call.id).impl(args, ev);
}

}  // namespace

Expected<Json> evaluate(const Expression& expression, const path::Scope& scope, Rng& rng,
                        std::string_view field) {
  if (!expression.call)
    return Failure{std::string(kIntrinsicFailure), "Invalid intrinsic function"};
  if (!expression.runtime_error.empty())
    return Failure{std::string(kRuntime), expression.runtime_error};
  Context ctx{scope, rng, field};
  try {
    return evaluate_call(*expression.call, ctx);
  } catch (const std::exception&) {
    // nlohmann type errors or allocation failure: reported like any refused argument so no
    // exception leaves the layer.
    return invalid_arguments(function_name(expression));
  }
}

}  // namespace sfn::intrinsics
