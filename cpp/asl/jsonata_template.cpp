#include "asl/jsonata_template.h"

#include <optional>

#include "asl/json_reader.h"
#include "json/pointer.h"

namespace sfn::asl {

namespace {

class Compiler {
 public:
  explicit Compiler(std::vector<JsonataSyntaxProblem>& problems) : problems_(problems) {}

  // nullopt: `value` holds no expression; the caller keeps it as (part of) a constant.
  std::optional<JsonataNode> compile(const Json& value, const std::string& pointer,
                                     const std::string& path, int depth) {
    if (depth > kMaxNestingDepth) return std::nullopt;
    if (is_jsonata_text(value))
      return expression(value.get_ref<const std::string&>(), pointer, path);
    if (value.is_object()) {
      std::vector<std::pair<std::string, std::optional<JsonataNode>>> members;
      bool dynamic = false;
      for (auto it = value.begin(); it != value.end(); ++it) {
        auto child = compile(it.value(), pointer + "/" + pointer_token(it.key()),
                             path + "/" + it.key(), depth + 1);
        dynamic = dynamic || child.has_value();
        members.emplace_back(it.key(), std::move(child));
      }
      if (!dynamic) return std::nullopt;
      JsonataNode node;
      node.kind = JsonataNode::Kind::Object;
      node.members.reserve(members.size());
      auto it = value.begin();
      for (auto& [key, child] : members) {
        node.members.push_back(
            JsonataMember{key, child ? std::move(*child) : constant(it.value())});
        ++it;
      }
      return node;
    }
    if (value.is_array()) {
      std::vector<std::optional<JsonataNode>> items;
      bool dynamic = false;
      for (std::size_t i = 0; i < value.size(); ++i) {
        auto child = compile(value[i], pointer + "/" + std::to_string(i),
                             path + "[" + std::to_string(i) + "]", depth + 1);
        dynamic = dynamic || child.has_value();
        items.push_back(std::move(child));
      }
      if (!dynamic) return std::nullopt;
      JsonataNode node;
      node.kind = JsonataNode::Kind::Array;
      node.items.reserve(items.size());
      for (std::size_t i = 0; i < items.size(); ++i)
        node.items.push_back(items[i] ? std::move(*items[i]) : constant(value[i]));
      return node;
    }
    return std::nullopt;
  }

  static JsonataNode constant(const Json& value) {
    JsonataNode node;
    node.constant = share(value);
    return node;
  }

 private:
  std::optional<JsonataNode> expression(const std::string& text, const std::string& pointer,
                                        const std::string& path) {
    auto expr = std::make_shared<JsonataExpression>();
    expr->text = jsonata_text_body(text);
    auto compiled = jsonata::compile(expr->text);
    if (!compiled.ok()) {
      problems_.push_back({pointer, compiled.error().message});
      // Keep the string so the rest of the template still compiles (and reports its problems).
      return std::nullopt;
    }
    expr->compiled = std::move(compiled).value();
    expr->analysis = jsonata::analyze(expr->compiled);
    JsonataNode node;
    node.kind = JsonataNode::Kind::Expression;
    node.expression = std::move(expr);
    node.path = path;
    node.pointer = pointer;
    return node;
  }

  std::vector<JsonataSyntaxProblem>& problems_;
};

}  // namespace

bool is_jsonata_text(const Json& value) {
  if (!value.is_string()) return false;
  const auto& s = value.get_ref<const std::string&>();
  return s.size() >= 4 && s.compare(0, 2, "{%") == 0 && s.compare(s.size() - 2, 2, "%}") == 0;
}

std::string jsonata_text_body(const std::string& text) {
  std::string body = text.substr(2, text.size() - 4);
  auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  auto last = body.find_last_not_of(" \t\r\n");
  return body.substr(first, last - first + 1);
}

JsonataTemplate compile_jsonata_template(const Json& value,
                                         std::vector<JsonataSyntaxProblem>& problems) {
  Compiler compiler(problems);
  JsonataTemplate out;
  auto root = compiler.compile(value, "", "", 0);
  out.root = root ? std::move(*root) : Compiler::constant(value);
  return out;
}

}  // namespace sfn::asl
