// Compiling payload templates.
#include <optional>
#include <string_view>
#include <unordered_map>

#include "common/java.h"
#include "common/stack.h"
#include "json/pointer.h"
#include "path/filter_errors.h"
#include "payload/node.h"
#include "payload/payload_template.h"

namespace sfn::payload {

namespace {

using detail::Member;
using detail::Node;

// Deeper templates could not have been read by AWS's parser (Jackson's default nesting limit);
// the bound also keeps this recursive walk off the end of the stack.
constexpr int kMaxTemplateDepth = 1000;

std::string invalid_value_message(std::string_view field) {
  return "The value for the field '" + std::string(field) +
         "' must be a valid JSONPath or a valid intrinsic function call";
}

bool is_dynamic_key(std::string_view key) { return key.size() >= 2 && key.ends_with(".$"); }

path::Path uncompiled_path(const std::string& text) {
  path::Path p;
  p.text = text;
  p.identity = false;
  return p;
}

class Compiler {
 public:
  std::vector<Problem> problems;
  std::vector<Problem> warnings;  // accepted, reported as WARNINGs (Template::warnings)

  // nullopt: `value` holds no `.$` key, so its parent may keep it as part of a constant. Nothing
  // is copied for constant subtrees until a dynamic ancestor needs them as a Constant node.
  std::optional<Node> compile(const Json& value, const std::string& pointer, int depth) {
    if (depth > kMaxTemplateDepth) {
      problems.push_back({pointer, "The template is nested more than " +
                                       std::to_string(kMaxTemplateDepth) + " levels deep"});
      return std::nullopt;
    }
    if (stack::nearly_exhausted_at(depth)) {
      problems.push_back({pointer, "The template is nested too deeply for this thread's stack (" +
                                       std::to_string(depth) + " levels)"});
      return std::nullopt;
    }
    if (value.is_object()) return compile_object(value, pointer, depth);
    if (value.is_array()) return compile_array(value, pointer, depth);
    return std::nullopt;
  }

 private:
  static Node constant(const Json& value) {
    Node node;
    node.kind = Node::Kind::Constant;
    node.constant = value;
    return node;
  }

  std::optional<Node> compile_dynamic(std::string_view key, const Json& value,
                                      const std::string& pointer) {
    Node node;
    node.field = std::string(key);
    if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      if (text.starts_with("$")) {
        auto compiled = path::compile(text);
        if (compiled) {
          node.kind = Node::Kind::Path;
          node.path = std::move(compiled).value();
          return node;
        }
        // A filter Jayway cannot parse: a WARNING (docs/semantics/validation.md,
        // payload-filter-unparsable); the path is kept uncompiled and fails when evaluated
        // (path::select: "Path is not compiled"), as Jayway would fail to compile it.
        if (path::is_unparsable_filter(compiled.error(), text)) {
          warnings.push_back(
              {pointer, invalid_value_message(key) + ": " + compiled.error().message});
          node.kind = Node::Kind::Path;
          node.path = uncompiled_path(text);
          return node;
        }
      } else if (intrinsics::looks_like_call(text)) {
        if (auto compiled = intrinsics::compile(text)) {
          if (!compiled->warning.empty()) {
            warnings.push_back({pointer, invalid_value_message(key) + ": " + compiled->warning});
          }
          node.kind = Node::Kind::Intrinsic;
          node.call = std::move(compiled).value();
          return node;
        }
      }
    }
    problems.push_back({pointer, invalid_value_message(key)});
    return std::nullopt;
  }

  std::optional<Node> compile_object(const Json& value, const std::string& pointer, int depth) {
    struct Entry {
      std::string_view out_key;
      const Json* source;
      std::optional<Node> node;
    };
    std::vector<Entry> literal;
    std::vector<Entry> dynamic;
    bool any_dynamic = false;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      const std::string child_pointer = pointer + "/" + pointer_token(key);
      if (is_dynamic_key(key)) {
        any_dynamic = true;
        dynamic.push_back({std::string_view(key).substr(0, key.size() - 2), &it.value(),
                           compile_dynamic(key, it.value(), child_pointer)});
      } else {
        auto child = compile(it.value(), child_pointer, depth + 1);
        any_dynamic = any_dynamic || child.has_value();
        literal.push_back({key, &it.value(), std::move(child)});
      }
    }
    if (!any_dynamic) return std::nullopt;

    Node node;
    node.kind = Node::Kind::Object;
    node.members.reserve(literal.size() + dynamic.size());
    std::unordered_map<std::string_view, std::size_t> literal_index;
    for (Entry& e : literal) {
      literal_index.emplace(e.out_key, node.members.size());
      node.members.push_back(
          Member{std::string(e.out_key), e.node ? std::move(*e.node) : constant(*e.source)});
    }
    // AWS evaluates the `.$` entries into a java.util.HashMap and adds them after the literal
    // entries, so they come out in HashMap order; one whose name matches a literal entry replaces
    // that entry's value in place (a map put on an existing key).
    std::vector<std::string_view> names;
    names.reserve(dynamic.size());
    for (const Entry& e : dynamic) names.push_back(e.out_key);
    for (std::size_t i : java::hashmap_order(names)) {
      Entry& e = dynamic[i];
      if (!e.node) continue;  // already reported
      const auto clash = literal_index.find(e.out_key);
      if (clash != literal_index.end()) {
        node.members[clash->second].node = std::move(*e.node);
      } else {
        node.members.push_back(Member{std::string(e.out_key), std::move(*e.node)});
      }
    }
    return node;
  }

  std::optional<Node> compile_array(const Json& value, const std::string& pointer, int depth) {
    std::vector<std::optional<Node>> children;
    children.reserve(value.size());
    bool any_dynamic = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
      children.push_back(compile(value[i], pointer + "/" + std::to_string(i), depth + 1));
      any_dynamic = any_dynamic || children.back().has_value();
    }
    if (!any_dynamic) return std::nullopt;
    Node node;
    node.kind = Node::Kind::Array;
    node.items.reserve(children.size());
    for (std::size_t i = 0; i < children.size(); ++i) {
      node.items.push_back(children[i] ? std::move(*children[i]) : constant(value[i]));
    }
    return node;
  }
};

}  // namespace

Expected<Template, std::vector<Problem>> compile(const Json& value, const std::string& at) {
  Compiler compiler;
  std::optional<Node> root;
  try {
    root = compiler.compile(value, at, 0);
  } catch (const std::exception& e) {
    compiler.problems.push_back({at, std::string("cannot compile the template: ") + e.what()});
  }
  if (!compiler.problems.empty()) return std::move(compiler.problems);
  if (!root) {
    root.emplace();
    root->kind = Node::Kind::Constant;
    root->constant = value;
  }
  return Template{std::make_shared<const Node>(std::move(*root)), std::move(compiler.warnings)};
}

bool is_constant(const Template& tpl) {
  return !tpl.root || tpl.root->kind == Node::Kind::Constant;
}

Expected<PathOrIntrinsic, std::string> compile_path_or_intrinsic(std::string_view text,
                                                                 std::string_view field) {
  PathOrIntrinsic out;
  out.text = std::string(text);
  out.field = std::string(field);
  try {
    if (text.starts_with("$")) {
      auto compiled = path::compile(text);
      if (compiled && path::is_reference_path(*compiled)) {
        out.value = std::move(compiled).value();
        return out;
      }
    } else if (intrinsics::looks_like_call(text)) {
      auto compiled = intrinsics::compile(text);
      if (compiled) {
        static constexpr std::string_view kAllowed[] = {
            "States.Format",       "States.JsonToString", "States.ArrayGetItem",
            "States.Base64Encode", "States.Base64Decode", "States.Hash",
            "States.UUID"};
        const std::string_view name = intrinsics::function_name(*compiled);
        for (std::string_view allowed : kAllowed) {
          if (name == allowed) {
            out.value = std::move(compiled).value();
            return out;
          }
        }
      }
    }
  } catch (const std::exception&) {
    // fall through to the problem below
  }
  return invalid_value_message(field);
}

}  // namespace sfn::payload
