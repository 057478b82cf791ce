// The variables an intrinsic call reads (DescribeStateMachine's variableReferences).
#include "intrinsics/call.h"
#include "intrinsics/intrinsics.h"

namespace sfn::intrinsics {

void collect_variables(const Expression& expression, std::vector<std::string>& out) {
  if (!expression.call) return;
  // Nesting is bounded by kMaxNesting, but a stack costs nothing here.
  std::vector<const detail::Call*> pending{expression.call.get()};
  while (!pending.empty()) {
    const detail::Call* call = pending.back();
    pending.pop_back();
    for (auto it = call->args.rbegin(); it != call->args.rend(); ++it) {
      if (it->kind == detail::Argument::Kind::Call && it->call) pending.push_back(it->call.get());
    }
    for (const detail::Argument& arg : call->args) {
      if (arg.kind == detail::Argument::Kind::Path && arg.path.root == path::Root::Variable)
        out.push_back(arg.path.variable);
    }
  }
}

}  // namespace sfn::intrinsics
