#include "jsonata/ast.h"

namespace sfn::jsonata {

void Node::take_children(std::vector<NodePtr>& out) {
  auto take = [&](NodePtr& p) {
    if (p) out.push_back(std::move(p));
  };
  take(lhs);
  take(rhs);
  take(expression);
  take(procedure);
  take(body);
  take(condition);
  take(then);
  take(otherwise);
  take(pattern);
  take(update);
  take(deletion);
  for (auto& p : expressions) take(p);
  for (auto& p : arguments) take(p);
  for (auto& p : steps) take(p);
  for (auto& [k, v] : pairs) {
    take(k);
    take(v);
  }
  for (auto& t : terms) take(t.expr);
  for (auto* list : {&predicate, &stages}) {
    if (*list)
      for (auto& s : **list) take(s.expr);
  }
  if (group) {
    for (auto& [k, v] : group->pairs) {
      take(k);
      take(v);
    }
  }
}

Node::~Node() {
  std::vector<NodePtr> stack;
  take_children(stack);
  while (!stack.empty()) {
    NodePtr n = std::move(stack.back());
    stack.pop_back();
    if (n.use_count() == 1) n->take_children(stack);
    // `n` is released here, shallow
  }
}

}  // namespace sfn::jsonata
