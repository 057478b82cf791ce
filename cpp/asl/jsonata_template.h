// A JSONata field of a definition (Output, Arguments, Assign, Items, Condition, Seconds, ...),
// compiled once when the definition is parsed: a JSON value whose `{% expr %}` strings, at any
// depth, are compiled expressions. Constant subtrees are kept as they are, so a field without
// any expression costs nothing to evaluate.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "json/json.h"
#include "jsonata/analysis.h"
#include "jsonata/jsonata.h"

namespace sfn::asl {

struct JsonataExpression {
  std::string text;  // between the delimiters, trimmed: how AWS quotes it in causes
  jsonata::Expression compiled;
  jsonata::Analysis analysis;
};

// A key and its node. A struct, not std::pair: pair of a type still being defined is undefined
// behaviour, and clang 14 with libstdc++ 12 rejects it (the fuzz build uses clang).
struct JsonataMember;

struct JsonataNode {
  enum class Kind : unsigned char { Constant, Expression, Object, Array };
  Kind kind = Kind::Constant;
  JsonPtr constant;                                     // Kind::Constant (a whole subtree)
  std::shared_ptr<const JsonataExpression> expression;  // Kind::Expression
  // Where the expression sits below the field, as AWS names it in causes: "/a/b[0]" (empty for
  // the field itself); and as a JSON Pointer, for diagnostics: "/a/b/0".
  std::string path;
  std::string pointer;
  std::vector<JsonataMember> members;  // Kind::Object, in order
  std::vector<JsonataNode> items;      // Kind::Array
};

struct JsonataMember {
  std::string key;
  JsonataNode node;
};

struct JsonataTemplate {
  JsonataNode root;

  bool is_constant() const { return root.kind == JsonataNode::Kind::Constant; }
  // A single expression (`"{% ... %}"`), as scalar fields such as Condition or Seconds hold.
  const JsonataExpression* single_expression() const {
    return root.kind == JsonataNode::Kind::Expression ? root.expression.get() : nullptr;
  }
  // Every expression node in the template, in definition order.
  template <class F>
  void for_each_expression(F&& f) const {
    std::vector<const JsonataNode*> pending{&root};
    while (!pending.empty()) {
      const JsonataNode* n = pending.back();
      pending.pop_back();
      if (n->kind == JsonataNode::Kind::Expression) f(*n);
      for (auto it = n->items.rbegin(); it != n->items.rend(); ++it) pending.push_back(&*it);
      for (auto it = n->members.rbegin(); it != n->members.rend(); ++it)
        pending.push_back(&it->node);
    }
  }
};

// "{% ... %}": the whole string is an expression (no space outside the delimiters).
bool is_jsonata_text(const Json& value);
// The expression between the delimiters, trimmed.
std::string jsonata_text_body(const std::string& text);

// One problem with a template: an expression that does not parse. `pointer` is the JSON Pointer
// of the offending string below the template ("" for the template itself, "/a/0").
struct JsonataSyntaxProblem {
  std::string pointer;
  std::string message;  // the parser's message without its S0xxx code, as AWS reports it
};

// Compiles a template. Problems are collected (every bad expression is reported); the template
// is usable only when there are none.
JsonataTemplate compile_jsonata_template(const Json& value,
                                         std::vector<JsonataSyntaxProblem>& problems);

}  // namespace sfn::asl
