// jsonata-js's post-parse pass (processAST): turns the Pratt parser's binary '.'/'['/'{'/'^'/
// '@'/'#' nodes into paths of steps with stages, groups and tuple bindings, marks tail calls,
// and resolves which step each parent operator `%` refers to.
#include <algorithm>

#include "jsonata/error.h"
#include "jsonata/parser.h"

namespace sfn::jsonata {

namespace {

std::string type_label(const Node& n) {
  switch (n.type) {
    case NodeType::Path:
      return "path";
    case NodeType::Binary:
      return "binary";
    case NodeType::Unary:
      return "unary";
    case NodeType::Name:
      return "name";
    case NodeType::String:
      return "string";
    case NodeType::Number:
      return "number";
    case NodeType::Literal:
      return "value";
    case NodeType::Wildcard:
      return "wildcard";
    case NodeType::Descendant:
      return "descendant";
    case NodeType::Parent:
      return "parent";
    case NodeType::Condition:
      return "condition";
    case NodeType::Block:
      return "block";
    case NodeType::Bind:
      return "bind";
    case NodeType::RegexLit:
      return "regex";
    case NodeType::Function:
      return "function";
    case NodeType::Variable:
      return "variable";
    case NodeType::Lambda:
      return "lambda";
    case NodeType::Partial:
      return "partial";
    case NodeType::Apply:
      return "apply";
    case NodeType::Transform:
      return "transform";
    case NodeType::Sort:
      return "sort";
    default:
      return "operator";
  }
}

class Processor {
 public:
  NodePtr process(const NodePtr& expr);

 private:
  NodePtr tail_call_optimize(const NodePtr& expr);
  SlotPtr seek_parent(const NodePtr& node, SlotPtr slot);
  void push_ancestry(Node& result, const Node& value);
  void resolve_ancestry(Node& path);
  NodePtr process_binary(const NodePtr& expr);

  int depth_ = 0;
  int ancestor_label_ = 0;
  int ancestor_index_ = 0;
  std::vector<NodePtr> ancestry_;
};

NodePtr Processor::tail_call_optimize(const NodePtr& expr) {
  if (expr->type == NodeType::Function && !expr->predicate) {
    auto thunk = std::make_shared<Node>();
    thunk->type = NodeType::Lambda;
    thunk->thunk = true;
    thunk->position = expr->position;
    thunk->body = expr;
    return thunk;
  }
  if (expr->type == NodeType::Condition) {
    expr->then = tail_call_optimize(expr->then);
    if (expr->otherwise) expr->otherwise = tail_call_optimize(expr->otherwise);
    return expr;
  }
  if (expr->type == NodeType::Block) {
    if (!expr->expressions.empty()) {
      expr->expressions.back() = tail_call_optimize(expr->expressions.back());
    }
    return expr;
  }
  return expr;
}

SlotPtr Processor::seek_parent(const NodePtr& node, SlotPtr slot) {
  switch (node->type) {
    case NodeType::Name:
    case NodeType::Wildcard:
      slot->level--;
      if (slot->level == 0) {
        if (!node->ancestor) {
          node->ancestor = slot;
        } else {
          // reuse the existing label
          ancestry_[static_cast<std::size_t>(slot->index)]->slot->label = node->ancestor->label;
          node->ancestor = slot;
        }
        node->tuple = true;
      }
      break;
    case NodeType::Parent:
      slot->level++;
      break;
    case NodeType::Block:
      if (!node->expressions.empty()) {
        node->tuple = true;
        slot = seek_parent(node->expressions.back(), slot);
      }
      break;
    case NodeType::Path: {
      node->tuple = true;
      int index = static_cast<int>(node->steps.size()) - 1;
      slot = seek_parent(node->steps[static_cast<std::size_t>(index--)], slot);
      while (slot->level > 0 && index >= 0) {
        slot = seek_parent(node->steps[static_cast<std::size_t>(index--)], slot);
      }
      break;
    }
    default:
      throw JError("S0217").at(node->position).with_token(type_label(*node));
  }
  return slot;
}

void Processor::push_ancestry(Node& result, const Node& value) {
  if (value.seeking_parent || value.type == NodeType::Parent) {
    std::vector<SlotPtr> slots =
        value.seeking_parent ? *value.seeking_parent : std::vector<SlotPtr>{};
    if (value.type == NodeType::Parent) slots.push_back(value.slot);
    if (!result.seeking_parent) {
      result.seeking_parent = std::move(slots);
    } else {
      result.seeking_parent->insert(result.seeking_parent->end(), slots.begin(), slots.end());
    }
  }
}

void Processor::resolve_ancestry(Node& path) {
  int index = static_cast<int>(path.steps.size()) - 1;
  const NodePtr& laststep = path.steps[static_cast<std::size_t>(index)];
  std::vector<SlotPtr> slots =
      laststep->seeking_parent ? *laststep->seeking_parent : std::vector<SlotPtr>{};
  if (laststep->type == NodeType::Parent) slots.push_back(laststep->slot);
  for (SlotPtr slot : slots) {
    index = static_cast<int>(path.steps.size()) - 2;
    while (slot->level > 0) {
      if (index < 0) {
        if (!path.seeking_parent) {
          path.seeking_parent = std::vector<SlotPtr>{slot};
        } else {
          path.seeking_parent->push_back(slot);
        }
        break;
      }
      NodePtr step = path.steps[static_cast<std::size_t>(index--)];
      // multiple contiguous steps that bind the focus should be skipped
      while (index >= 0 && step->focus && path.steps[static_cast<std::size_t>(index)]->focus) {
        step = path.steps[static_cast<std::size_t>(index--)];
      }
      slot = seek_parent(step, slot);
    }
  }
}

NodePtr Processor::process_binary(const NodePtr& expr) {
  const std::string& op = expr->value;
  NodePtr result;
  if (op == ".") {
    NodePtr lstep = process(expr->lhs);
    if (lstep->type == NodeType::Path) {
      result = lstep;
    } else {
      result = std::make_shared<Node>();
      result->type = NodeType::Path;
      result->steps.push_back(lstep);
    }
    if (lstep->type == NodeType::Parent) result->seeking_parent = std::vector<SlotPtr>{lstep->slot};
    NodePtr rest = process(expr->rhs);
    if (rest->type == NodeType::Path) {
      result->steps.insert(result->steps.end(), rest->steps.begin(), rest->steps.end());
    } else {
      if (rest->predicate) {
        rest->stages = std::move(rest->predicate);
        rest->predicate.reset();
      }
      result->steps.push_back(rest);
    }
    for (const NodePtr& step : result->steps) {
      if (step->type == NodeType::Number || step->type == NodeType::Literal) {
        throw JError("S0213").at(step->position).with("value", step->literal);
      }
      if (step->type == NodeType::String) step->type = NodeType::Name;
    }
    if (std::any_of(result->steps.begin(), result->steps.end(),
                    [](const NodePtr& s) { return s->keep_array; })) {
      result->keep_singleton_array = true;
    }
    NodePtr first = result->steps.front();
    if (first->type == NodeType::Unary && first->value == "[") first->consarray = true;
    NodePtr last = result->steps.back();
    if (last->type == NodeType::Unary && last->value == "[") last->consarray = true;
    resolve_ancestry(*result);
    return result;
  }
  if (op == "[") {
    result = process(expr->lhs);
    NodePtr step = result;
    bool as_stages = false;
    if (result->type == NodeType::Path) {
      step = result->steps.back();
      as_stages = true;
    }
    if (step->group) throw JError("S0209").at(expr->position);
    auto& list = as_stages ? step->stages : step->predicate;
    if (!list) list = std::vector<Stage>{};
    NodePtr predicate = process(expr->rhs);
    if (predicate->seeking_parent) {
      for (const SlotPtr& slot : *predicate->seeking_parent) {
        if (slot->level == 1) {
          seek_parent(step, slot);
        } else {
          slot->level--;
        }
      }
      push_ancestry(*step, *predicate);
    }
    Stage stage;
    stage.expr = predicate;
    stage.position = expr->position;
    list->push_back(std::move(stage));
    return result;
  }
  if (op == "{") {
    result = process(expr->lhs);
    if (result->group) throw JError("S0210").at(expr->position);
    Group g;
    g.position = expr->position;
    for (const auto& [k, v] : expr->pairs) g.pairs.emplace_back(process(k), process(v));
    result->group = std::move(g);
    return result;
  }
  if (op == "^") {
    result = process(expr->lhs);
    if (result->type != NodeType::Path) {
      auto path = std::make_shared<Node>();
      path->type = NodeType::Path;
      path->steps.push_back(result);
      result = path;
    }
    auto sort = std::make_shared<Node>();
    sort->type = NodeType::Sort;
    sort->position = expr->position;
    for (const SortTerm& t : expr->terms) {
      SortTerm term;
      term.descending = t.descending;
      term.expr = process(t.expr);
      push_ancestry(*sort, *term.expr);
      sort->terms.push_back(std::move(term));
    }
    result->steps.push_back(sort);
    resolve_ancestry(*result);
    return result;
  }
  if (op == ":=") {
    result = std::make_shared<Node>();
    result->type = NodeType::Bind;
    result->value = op;
    result->position = expr->position;
    result->lhs = process(expr->lhs);
    result->rhs = process(expr->rhs);
    push_ancestry(*result, *result->rhs);
    return result;
  }
  if (op == "@") {
    result = process(expr->lhs);
    NodePtr step = result;
    if (result->type == NodeType::Path) step = result->steps.back();
    if (step->stages || step->predicate) throw JError("S0215").at(expr->position);
    if (step->type == NodeType::Sort) throw JError("S0216").at(expr->position);
    if (expr->keep_array) step->keep_array = true;
    step->focus = expr->rhs->value;
    step->tuple = true;
    return result;
  }
  if (op == "#") {
    result = process(expr->lhs);
    NodePtr step = result;
    if (result->type == NodeType::Path) {
      step = result->steps.back();
    } else {
      auto path = std::make_shared<Node>();
      path->type = NodeType::Path;
      path->steps.push_back(result);
      result = path;
      if (step->predicate) {
        step->stages = std::move(step->predicate);
        step->predicate.reset();
      }
    }
    if (!step->stages) {
      step->index = expr->rhs->value;
    } else {
      Stage stage;
      stage.is_index = true;
      stage.var = expr->rhs->value;
      stage.position = expr->position;
      step->stages->push_back(std::move(stage));
    }
    step->tuple = true;
    return result;
  }
  if (op == "~>") {
    result = std::make_shared<Node>();
    result->type = NodeType::Apply;
    result->value = op;
    result->position = expr->position;
    result->lhs = process(expr->lhs);
    result->rhs = process(expr->rhs);
    result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
    return result;
  }
  result = std::make_shared<Node>();
  result->type = NodeType::Binary;
  result->value = op;
  result->position = expr->position;
  result->lhs = process(expr->lhs);
  result->rhs = process(expr->rhs);
  push_ancestry(*result, *result->lhs);
  push_ancestry(*result, *result->rhs);
  return result;
}

NodePtr Processor::process(const NodePtr& expr) {
  struct Guard {
    int& d;
    explicit Guard(int& x) : d(x) { ++d; }
    ~Guard() { --d; }
  } guard(depth_);
  if (depth_ > kMaxSyntaxDepth || stack::nearly_exhausted_at(depth_)) {
    throw JError("U1001")
        .at(expr->position)
        .with("message", Value::string("Stack overflow error: expression nests too deeply"));
  }
  NodePtr result;
  switch (expr->type) {
    case NodeType::Binary:
      result = process_binary(expr);
      break;
    case NodeType::Unary: {
      result = std::make_shared<Node>();
      result->type = NodeType::Unary;
      result->value = expr->value;
      result->position = expr->position;
      if (expr->value == "[") {
        for (const NodePtr& item : expr->expressions) {
          NodePtr v = process(item);
          push_ancestry(*result, *v);
          result->expressions.push_back(v);
        }
      } else if (expr->value == "{") {
        for (const auto& [k, v] : expr->pairs) {
          NodePtr key = process(k);
          push_ancestry(*result, *key);
          NodePtr value = process(v);
          push_ancestry(*result, *value);
          result->pairs.emplace_back(key, value);
        }
      } else {
        result->expression = process(expr->expression);
        if (expr->value == "-" && result->expression->type == NodeType::Number) {
          result = result->expression;
          result->literal = Value::number(-result->literal.as_number());
        } else {
          push_ancestry(*result, *result->expression);
        }
      }
      break;
    }
    case NodeType::Function:
    case NodeType::Partial: {
      result = std::make_shared<Node>();
      result->type = expr->type;
      result->value = expr->value;
      result->position = expr->position;
      for (const NodePtr& arg : expr->arguments) {
        NodePtr a = process(arg);
        push_ancestry(*result, *a);
        result->arguments.push_back(a);
      }
      result->procedure = process(expr->procedure);
      break;
    }
    case NodeType::Lambda: {
      result = std::make_shared<Node>();
      result->type = NodeType::Lambda;
      result->arguments = expr->arguments;
      result->signature = expr->signature;
      result->position = expr->position;
      result->body = tail_call_optimize(process(expr->body));
      break;
    }
    case NodeType::Condition: {
      result = std::make_shared<Node>();
      result->type = NodeType::Condition;
      result->position = expr->position;
      result->condition = process(expr->condition);
      push_ancestry(*result, *result->condition);
      result->then = process(expr->then);
      push_ancestry(*result, *result->then);
      if (expr->otherwise) {
        result->otherwise = process(expr->otherwise);
        push_ancestry(*result, *result->otherwise);
      }
      break;
    }
    case NodeType::Transform: {
      result = std::make_shared<Node>();
      result->type = NodeType::Transform;
      result->position = expr->position;
      result->pattern = process(expr->pattern);
      result->update = process(expr->update);
      if (expr->deletion) result->deletion = process(expr->deletion);
      break;
    }
    case NodeType::Block: {
      result = std::make_shared<Node>();
      result->type = NodeType::Block;
      result->position = expr->position;
      for (const NodePtr& item : expr->expressions) {
        NodePtr part = process(item);
        push_ancestry(*result, *part);
        if (part->consarray || (part->type == NodeType::Path && part->steps[0]->consarray)) {
          result->consarray = true;
        }
        result->expressions.push_back(part);
      }
      break;
    }
    case NodeType::Name: {
      result = std::make_shared<Node>();
      result->type = NodeType::Path;
      result->steps.push_back(expr);
      if (expr->keep_array) result->keep_singleton_array = true;
      break;
    }
    case NodeType::Parent: {
      result = std::make_shared<Node>();
      result->type = NodeType::Parent;
      result->position = expr->position;
      result->slot = std::make_shared<Slot>();
      result->slot->label = "!" + std::to_string(ancestor_label_++);
      result->slot->level = 1;
      result->slot->index = ancestor_index_++;
      ancestry_.push_back(result);
      break;
    }
    case NodeType::String:
    case NodeType::Number:
    case NodeType::Literal:
    case NodeType::Wildcard:
    case NodeType::Descendant:
    case NodeType::Variable:
    case NodeType::RegexLit:
      result = expr;
      break;
    case NodeType::Operator:
      if (expr->value == "and" || expr->value == "or" || expr->value == "in") {
        expr->type = NodeType::Name;
        result = process(expr);
      } else if (expr->value == "?") {
        result = expr;
      } else {
        throw JError("S0201").at(expr->position).with_token(expr->value);
      }
      break;
    default: {
      std::string code = expr->type == NodeType::End ? "S0207" : "S0206";
      throw JError(code).at(expr->position).with_token(expr->value);
    }
  }
  if (expr->keep_array) result->keep_array = true;
  return result;
}

}  // namespace

NodePtr process_ast(const NodePtr& raw) {
  Processor p;
  return p.process(raw);
}

}  // namespace sfn::jsonata
