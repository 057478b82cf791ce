// The variables a payload template reads (DescribeStateMachine's variableReferences).
#include "payload/node.h"
#include "payload/payload_template.h"

namespace sfn::payload {

void collect_variables(const Template& tpl, std::vector<std::string>& out) {
  if (!tpl.root) return;
  std::vector<const detail::Node*> pending{tpl.root.get()};
  while (!pending.empty()) {
    const detail::Node* n = pending.back();
    pending.pop_back();
    switch (n->kind) {
      case detail::Node::Kind::Path:
        if (n->path.root == path::Root::Variable) out.push_back(n->path.variable);
        break;
      case detail::Node::Kind::Intrinsic:
        intrinsics::collect_variables(n->call, out);
        break;
      default:
        break;
    }
    for (auto it = n->items.rbegin(); it != n->items.rend(); ++it) pending.push_back(&*it);
    for (auto it = n->members.rbegin(); it != n->members.rend(); ++it) pending.push_back(&it->node);
  }
}

}  // namespace sfn::payload
