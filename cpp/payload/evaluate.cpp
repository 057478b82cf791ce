// Evaluating compiled payload templates.
#include "intrinsics/failures.h"
#include "path/prefix.h"
#include "payload/node.h"
#include "payload/payload_template.h"

namespace sfn::payload {

namespace {

using detail::Node;

struct Context {
  const path::Scope& scope;
  Rng& rng;
};

Expected<Json> evaluate_node(const Node& node, Context& ctx);

// Appends without ordered_map's duplicate-key search: keys of a compiled object are unique, and
// the search would make large templates quadratic.
void append_member(Json& object, const std::string& key, Json value) {
  auto& entries = static_cast<std::vector<std::pair<const std::string, Json>>&>(
      object.get_ref<Json::object_t&>());
  entries.emplace_back(key, std::move(value));
}

Expected<Json> evaluate_node(const Node& node, Context& ctx) {
  switch (node.kind) {
    case Node::Kind::Constant:
      return node.constant;
    case Node::Kind::Path: {
      auto selected = path::select(node.path, ctx.scope);
      if (!selected) {
        // An indefinite path whose definite prefix is absent selects nothing: [] on AWS, where
        // Jayway alone would throw (docs/semantics/jsonpath.md, "payload templates").
        if (path::definite_prefix_missing(node.path, ctx.scope)) return Json::array();
        return intrinsics::path_not_found(node.path.text, node.field, ctx.scope.input);
      }
      return std::move(selected).value().take();
    }
    case Node::Kind::Intrinsic:
      return intrinsics::evaluate(node.call, ctx.scope, ctx.rng, node.field);
    case Node::Kind::Object: {
      Json out = Json::object();
      out.get_ref<Json::object_t&>().reserve(node.members.size());
      for (const auto& [key, child] : node.members) {
        auto value = evaluate_node(child, ctx);
        if (!value) return std::move(value).error();
        append_member(out, key, std::move(value).value());
      }
      return out;
    }
    case Node::Kind::Array: {
      Json out = Json::array();
      auto& items = out.get_ref<Json::array_t&>();
      items.reserve(node.items.size());
      for (const Node& child : node.items) {
        auto value = evaluate_node(child, ctx);
        if (!value) return std::move(value).error();
        items.push_back(std::move(value).value());
      }
      return out;
    }
  }
  return Json();
}

}  // namespace

Expected<Json> evaluate(const Template& tpl, const path::Scope& scope, Rng& rng) {
  if (!tpl.root) return Json();
  Context ctx{scope, rng};
  try {
    return evaluate_node(*tpl.root, ctx);
  } catch (const std::exception& e) {
    return Failure{std::string(intrinsics::kRuntime),
                   std::string("The payload template could not be evaluated: ") + e.what()};
  }
}

Expected<JsonPtr> evaluate_shared(const Template& tpl, const path::Scope& scope, Rng& rng) {
  if (tpl.root && tpl.root->kind == Node::Kind::Constant) {
    // Aliasing: shares ownership of the compiled node, points at its constant.
    return JsonPtr(tpl.root, &tpl.root->constant);
  }
  auto value = evaluate(tpl, scope, rng);
  if (!value) return std::move(value).error();
  return share(std::move(value).value());
}

Expected<Json> evaluate_path_or_intrinsic(const PathOrIntrinsic& value, const path::Scope& scope,
                                          Rng& rng) {
  try {
    if (const auto* p = std::get_if<path::Path>(&value.value)) {
      auto selected = path::select(*p, scope);
      if (!selected) {
        // AWS words a failing ErrorPath/CausePath as it words payload-template paths, naming the
        // field (docs/semantics/jsonpath.md).
        return intrinsics::path_not_found(value.text, value.field, scope.input);
      }
      return std::move(selected).value().take();
    }
    return intrinsics::evaluate(std::get<intrinsics::Expression>(value.value), scope, rng,
                                value.field);
  } catch (const std::exception& e) {
    return Failure{std::string(intrinsics::kRuntime),
                   "The field '" + value.field + "' could not be evaluated: " + e.what()};
  }
}

}  // namespace sfn::payload
