// Walks a compiled syntax tree (after the post-parse pass) without recursion: trees may be as
// deep as the parser allows.
#include "jsonata/analysis.h"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "jsonata/ast.h"
#include "jsonata/evaluator.h"

namespace sfn::jsonata {

namespace {

void add_once(std::vector<std::string>& out, std::string_view name) {
  if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
}

// Every child of `n`, in writing order where it matters (operands left to right).
template <class F>
void for_each_child(const Node& n, F&& f) {
  auto one = [&](const NodePtr& c) {
    if (c) f(*c);
  };
  auto stages = [&](const std::optional<std::vector<Stage>>& s) {
    if (s)
      for (const Stage& st : *s) one(st.expr);
  };
  one(n.procedure);
  for (const NodePtr& a : n.arguments) one(a);
  one(n.lhs);
  one(n.rhs);
  one(n.expression);
  for (const NodePtr& e : n.expressions) one(e);
  for (const auto& [k, v] : n.pairs) {
    one(k);
    one(v);
  }
  one(n.body);
  one(n.condition);
  one(n.then);
  one(n.otherwise);
  one(n.pattern);
  one(n.update);
  one(n.deletion);
  for (const NodePtr& s : n.steps) one(s);
  for (const SortTerm& t : n.terms) one(t.expr);
  stages(n.predicate);
  stages(n.stages);
  if (n.group)
    for (const auto& [k, v] : n.group->pairs) {
      one(k);
      one(v);
    }
}

// Depth-first, children in writing order, with an explicit stack.
void walk(const Node& root, const std::function<void(const Node&)>& visit) {
  std::vector<const Node*> pending{&root};
  std::vector<const Node*> children;
  while (!pending.empty()) {
    const Node* n = pending.back();
    pending.pop_back();
    visit(*n);
    children.clear();
    for_each_child(*n, [&](const Node& c) { children.push_back(&c); });
    for (auto it = children.rbegin(); it != children.rend(); ++it) pending.push_back(*it);
  }
}

// The positions evaluated against the context item (see Analysis::top_level_references).
void top_level_walk(const Node& root, std::vector<std::string>& names) {
  std::vector<const Node*> pending{&root};
  std::vector<const Node*> next;
  while (!pending.empty()) {
    const Node* n = pending.back();
    pending.pop_back();
    next.clear();
    auto push = [&](const NodePtr& c) {
      if (c) next.push_back(c.get());
    };
    switch (n->type) {
      case NodeType::Path:
        if (!n->steps.empty()) push(n->steps[0]);
        break;
      case NodeType::Name:
        add_once(names, n->value);
        break;
      case NodeType::Variable:
        if (n->value.empty()) add_once(names, "$");
        if (n->value == "$") add_once(names, "$$");
        break;
      case NodeType::Unary:
        if (n->value == "[") {
          for (const NodePtr& e : n->expressions) push(e);
        } else if (n->value == "{") {
          for (const auto& [k, v] : n->pairs) {
            push(k);
            push(v);
          }
        } else {
          push(n->expression);
        }
        break;
      case NodeType::Binary:
      case NodeType::Apply:
        push(n->lhs);
        push(n->rhs);
        break;
      case NodeType::Function:
      case NodeType::Partial:
        push(n->procedure);
        for (const NodePtr& a : n->arguments) push(a);
        break;
      case NodeType::Lambda:
        push(n->body);
        break;
      case NodeType::Condition:
        push(n->condition);
        push(n->then);
        push(n->otherwise);
        break;
      case NodeType::Block:
        for (const NodePtr& e : n->expressions) push(e);
        break;
      case NodeType::Bind:
        push(n->rhs);
        break;
      default:
        break;  // literals, regexes, wildcards, descendants, transforms: no context read
    }
    for (auto it = next.rbegin(); it != next.rend(); ++it) pending.push_back(*it);
  }
}

bool plain_step(const Node& s) {
  return !s.stages && !s.predicate && !s.group && !s.tuple && !s.focus && !s.index &&
         !s.keep_array && !s.consarray && !s.ancestor;
}

std::optional<PlainPath> plain_path_of(const Node& root) {
  const Node* first = &root;
  const std::vector<NodePtr>* steps = nullptr;
  if (root.type == NodeType::Path) {
    if (root.keep_singleton_array || root.group || root.tuple || root.seeking_parent ||
        root.steps.empty()) {
      return std::nullopt;
    }
    first = root.steps[0].get();
    steps = &root.steps;
  }
  if (first->type != NodeType::Variable || first->value.empty() || first->value == "$" ||
      !plain_step(*first)) {
    return std::nullopt;
  }
  PlainPath out;
  out.variable = first->value;
  if (steps) {
    for (std::size_t i = 1; i < steps->size(); ++i) {
      const Node& s = *(*steps)[i];
      if (s.type != NodeType::Name || !plain_step(s)) return std::nullopt;
      out.fields.push_back(s.value);
    }
  }
  return out;
}

}  // namespace

bool Analysis::reads_states_field(std::string_view field) const {
  return states_whole ||
         std::find(states_fields.begin(), states_fields.end(), field) != states_fields.end();
}

bool is_builtin_function(std::string_view name, bool aws_dialect) {
  return find_builtin(name, aws_dialect) != nullptr;
}

Analysis analyze(const Expression& expression) {
  Analysis out;
  const Node* root = expression.ast().root.get();
  if (!root) return out;
  top_level_walk(*root, out.top_level_references);

  std::unordered_set<std::string> bound;
  // `$states` used as the first step of a path followed by a field name is a field read; the
  // variable nodes seen that way are remembered so the generic walk does not count them whole.
  std::unordered_set<const Node*> field_reads;
  walk(*root, [&](const Node& n) {
    switch (n.type) {
      case NodeType::Path:
        if (n.steps.size() >= 2 && n.steps[0]->type == NodeType::Variable &&
            n.steps[0]->value == "states" && n.steps[1]->type == NodeType::Name &&
            !n.steps[0]->predicate && !n.steps[0]->stages) {
          add_once(out.states_fields, n.steps[1]->value);
          field_reads.insert(n.steps[0].get());
        }
        break;
      case NodeType::Variable:
        if (n.value.empty() || n.value == "$") break;
        if (n.value == "states") {
          if (!field_reads.count(&n)) out.states_whole = true;
          break;
        }
        add_once(out.variables, n.value);
        break;
      case NodeType::Bind:
        if (n.lhs) bound.insert(n.lhs->value);
        break;
      case NodeType::Lambda:
        for (const NodePtr& p : n.arguments)
          if (p) bound.insert(p->value);
        break;
      default:
        break;
    }
    if (n.focus) bound.insert(*n.focus);
    if (n.index) bound.insert(*n.index);
    if (n.stages) {
      for (const Stage& s : *n.stages)
        if (s.is_index) bound.insert(s.var);
    }
  });
  for (const std::string& v : out.variables) {
    if (!bound.count(v) && !is_builtin_function(v, true)) out.free_variables.push_back(v);
  }
  out.plain_path = plain_path_of(*root);
  return out;
}

}  // namespace sfn::jsonata
