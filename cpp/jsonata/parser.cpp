#include "jsonata/parser.h"

#include <string>

#include "jsonata/error.h"
#include "jsonata/lexer.h"
#include "jsonata/signature.h"

namespace sfn::jsonata {

namespace {

// Binding powers (jsonata-js `operators`); symbols absent here have none (0).
int binding_power(std::string_view id) {
  static const std::pair<std::string_view, int> kTable[] = {
      {".", 75},  {"[", 80},  {"{", 70},  {"(", 80},  {"@", 80},  {"#", 80},  {"?", 20},
      {"+", 50},  {"-", 50},  {"*", 60},  {"/", 60},  {"%", 60},  {"=", 40},  {"<", 40},
      {">", 40},  {"^", 40},  {"!=", 40}, {"<=", 40}, {">=", 40}, {"~>", 40}, {"and", 30},
      {"or", 25}, {"in", 40}, {"&", 50},  {":=", 10}};
  for (const auto& [k, v] : kTable)
    if (k == id) return v;
  return 0;
}

bool is_known_operator(std::string_view id) {
  static const std::string_view kKnown[] = {
      ".",  "[",  "]",  "{",  "}",  "(",  ")", ",",   "@",  "#", ";", ":",
      "?",  "+",  "-",  "*",  "/",  "%",  "|", "=",   "<",  ">", "^", "**",
      "..", ":=", "!=", "<=", ">=", "~>", "&", "and", "or", "in"};
  for (auto k : kKnown)
    if (k == id) return true;
  return false;
}

class Parser {
 public:
  explicit Parser(std::string_view src) : src_(src), lexer_(src) {}

  NodePtr run() {
    advance();
    NodePtr expr = expression(0);
    if (id(node_) != "(end)") {
      throw JError("S0201").at(node_->position).with_token(token_text(node_));
    }
    return expr;
  }

 private:
  static std::string id(const NodePtr& n) {
    switch (n->type) {
      case NodeType::Operator:
        return n->value;
      case NodeType::Name:
      case NodeType::Variable:
        return "(name)";
      case NodeType::String:
      case NodeType::Number:
      case NodeType::Literal:
        return "(literal)";
      case NodeType::RegexLit:
        return "(regex)";
      default:
        return "(end)";
    }
  }

  static std::string token_text(const NodePtr& n) {
    if (n->type == NodeType::End) return "(end)";
    return n->value;
  }

  void advance(std::string_view expected = {}, bool infix = false) {
    if (!expected.empty() && id(node_) != expected) {
      std::string code = id(node_) == "(end)" ? "S0203" : "S0202";
      throw JError(code)
          .at(node_->position)
          .with_token(token_text(node_))
          .with("value", Value::string(std::string(expected)));
    }
    auto tok = lexer_.next(infix);
    auto n = std::make_shared<Node>();
    if (!tok) {
      n->type = NodeType::End;
      n->position = static_cast<int>(src_.size());
      n->value = "(end)";
      node_ = n;
      return;
    }
    if (tok->type == NodeType::Operator && !is_known_operator(tok->value)) {
      throw JError("S0204").at(tok->position).with_token(tok->value);
    }
    n->type = tok->type;
    n->value = std::move(tok->value);
    n->literal = std::move(tok->literal);
    n->regex = std::move(tok->regex);
    n->position = tok->position;
    node_ = n;
  }

  NodePtr expression(int rbp) {
    // The Pratt parser recurses once per nesting level; bound it so that no expression text
    // can exhaust the stack.
    struct Guard {
      int& d;
      explicit Guard(int& x) : d(x) { ++d; }
      ~Guard() { --d; }
    } guard(depth_);
    if (depth_ > kMaxSyntaxDepth || stack::nearly_exhausted_at(depth_)) {
      throw JError("U1001")
          .at(node_->position)
          .with("message", Value::string("Stack overflow error: expression nests too deeply"));
    }
    NodePtr t = node_;
    advance({}, true);
    NodePtr left = nud(t);
    int chain = 0;
    while (rbp < binding_power(id(node_)) && lbp_applies(node_)) {
      // each iteration deepens the tree by one level; the post-parse pass refuses trees this
      // deep anyway, so stop before building a huge one
      if (++chain > kMaxSyntaxDepth) {
        throw JError("U1001")
            .at(node_->position)
            .with("message", Value::string("Stack overflow error: expression nests too deeply"));
      }
      t = node_;
      advance();
      left = led(t, left);
    }
    return left;
  }

  // Only operator tokens carry a left binding power.
  static bool lbp_applies(const NodePtr& n) { return n->type == NodeType::Operator; }

  NodePtr nud(const NodePtr& t) {
    if (t->type != NodeType::Operator) return t;  // names, literals, regex, end
    const std::string& op = t->value;
    if (op == "and" || op == "or" || op == "in") return t;  // keywords used as names
    if (op == "-") {
      t->expression = expression(70);
      t->type = NodeType::Unary;
      return t;
    }
    if (op == "*") {
      t->type = NodeType::Wildcard;
      return t;
    }
    if (op == "**") {
      t->type = NodeType::Descendant;
      return t;
    }
    if (op == "%") {
      t->type = NodeType::Parent;
      return t;
    }
    if (op == "(") {
      std::vector<NodePtr> exprs;
      while (id(node_) != ")") {
        exprs.push_back(expression(0));
        if (id(node_) != ";") break;
        advance(";");
      }
      advance(")", true);
      t->type = NodeType::Block;
      t->expressions = std::move(exprs);
      return t;
    }
    if (op == "[") {
      std::vector<NodePtr> items;
      if (id(node_) != "]") {
        for (;;) {
          NodePtr item = expression(0);
          if (id(node_) == "..") {
            auto range = std::make_shared<Node>();
            range->type = NodeType::Binary;
            range->value = "..";
            range->position = node_->position;
            range->lhs = item;
            advance("..");
            range->rhs = expression(0);
            item = range;
          }
          items.push_back(item);
          if (id(node_) != ",") break;
          advance(",");
        }
      }
      advance("]", true);
      t->expressions = std::move(items);
      t->type = NodeType::Unary;
      return t;
    }
    if (op == "{") return object_parser(t, nullptr);
    if (op == "|") {
      t->type = NodeType::Transform;
      t->pattern = expression(0);
      advance("|");
      t->update = expression(0);
      if (id(node_) == ",") {
        advance(",");
        t->deletion = expression(0);
      }
      advance("|");
      return t;
    }
    throw JError("S0211").at(t->position).with_token(op);
  }

  NodePtr object_parser(const NodePtr& t, const NodePtr& left) {
    std::vector<std::pair<NodePtr, NodePtr>> pairs;
    if (id(node_) != "}") {
      for (;;) {
        NodePtr n = expression(0);
        advance(":");
        NodePtr v = expression(0);
        pairs.emplace_back(n, v);
        if (id(node_) != ",") break;
        advance(",");
      }
    }
    advance("}", true);
    t->pairs = std::move(pairs);
    if (!left) {
      t->type = NodeType::Unary;
    } else {
      t->lhs = left;
      t->type = NodeType::Binary;
    }
    return t;
  }

  NodePtr led(const NodePtr& t, const NodePtr& left) {
    const std::string& op = t->value;
    if (op == "(") return led_call(t, left);
    if (op == "[") {
      if (id(node_) == "]") {
        // empty predicate: keep singleton arrays
        Node* step = left.get();
        while (step && step->type == NodeType::Binary && step->value == "[") step = step->lhs.get();
        step->keep_array = true;
        advance("]");
        return left;
      }
      t->lhs = left;
      t->rhs = expression(0);  // operators[']'] is 0
      t->type = NodeType::Binary;
      advance("]", true);
      return t;
    }
    if (op == "^") {
      advance("(");
      std::vector<SortTerm> terms;
      for (;;) {
        SortTerm term;
        if (id(node_) == "<") {
          advance("<");
        } else if (id(node_) == ">") {
          term.descending = true;
          advance(">");
        }
        term.expr = expression(0);
        terms.push_back(std::move(term));
        if (id(node_) != ",") break;
        advance(",");
      }
      advance(")");
      t->lhs = left;
      t->terms = std::move(terms);
      t->type = NodeType::Binary;
      return t;
    }
    if (op == "{") return object_parser(t, left);
    if (op == ":=") {
      if (left->type != NodeType::Variable) {
        throw JError("S0212").at(left->position).with_token(left->value);
      }
      t->lhs = left;
      t->rhs = expression(binding_power(":=") - 1);
      t->type = NodeType::Binary;
      return t;
    }
    if (op == "@" || op == "#") {
      t->lhs = left;
      t->rhs = expression(binding_power(op));
      if (t->rhs->type != NodeType::Variable) {
        throw JError("S0214").at(t->rhs->position).with_token(op);
      }
      t->type = NodeType::Binary;
      return t;
    }
    if (op == "?") {
      t->type = NodeType::Condition;
      t->condition = left;
      t->then = expression(0);
      if (id(node_) == ":") {
        advance(":");
        t->otherwise = expression(0);
      }
      return t;
    }
    // plain left-associative infix operators
    t->lhs = left;
    t->rhs = expression(binding_power(op));
    t->type = NodeType::Binary;
    return t;
  }

  NodePtr led_call(const NodePtr& t, const NodePtr& left) {
    t->procedure = left;
    t->type = NodeType::Function;
    if (id(node_) != ")") {
      for (;;) {
        if (node_->type == NodeType::Operator && node_->value == "?") {
          t->type = NodeType::Partial;
          t->arguments.push_back(node_);
          advance("?");
        } else {
          t->arguments.push_back(expression(0));
        }
        if (id(node_) != ",") break;
        advance(",");
      }
    }
    advance(")", true);
    if (left->type == NodeType::Name && (left->value == "function" || left->value == "\u03BB")) {
      for (std::size_t i = 0; i < t->arguments.size(); ++i) {
        const NodePtr& arg = t->arguments[i];
        if (arg->type != NodeType::Variable) {
          throw JError("S0208")
              .at(arg->position)
              .with_token(arg->value)
              .with("value", Value::number(static_cast<double>(i + 1)));
        }
      }
      t->type = NodeType::Lambda;
      if (id(node_) == "<") {
        int sig_pos = node_->position;
        int depth = 1;
        std::string sig = "<";
        while (depth > 0 && id(node_) != "{" && id(node_) != "(end)") {
          advance();
          if (id(node_) == ">") {
            --depth;
          } else if (id(node_) == "<") {
            ++depth;
          }
          sig += node_->type == NodeType::End ? "" : node_->value;
        }
        advance(">");
        try {
          t->signature = parse_signature(sig);
        } catch (JError& err) {
          err.position = sig_pos + err.position;
          throw;
        }
      }
      advance("{");
      t->body = expression(0);
      advance("}");
    }
    return t;
  }

  std::string_view src_;
  Lexer lexer_;
  NodePtr node_;
  int depth_ = 0;
};

}  // namespace

NodePtr parse_raw(std::string_view source) { return Parser(source).run(); }

NodePtr parse(std::string_view source) {
  NodePtr expr = process_ast(parse_raw(source));
  if (expr->type == NodeType::Parent || expr->seeking_parent) {
    throw JError("S0217")
        .at(expr->position)
        .with_token(expr->type == NodeType::Parent ? "parent" : "path");
  }
  return expr;
}

}  // namespace sfn::jsonata
