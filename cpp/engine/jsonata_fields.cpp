#include "engine/jsonata_fields.h"

#include <cmath>
#include <utility>
#include <vector>

namespace sfn::engine {

namespace {

// AWS's measured limits (cpp/jsonata/README.md): nesting depth and the largest value built.
jsonata::Options options_for(Runtime& rt) {
  jsonata::Options o;
  o.aws_dialect = true;
  o.max_depth = 100;
  o.max_memory = 6990256;
  o.rng = &rt.rng;
  o.now_millis = rt.now_ms;  // $now() follows the execution's (possibly virtual) clock
  return o;
}

std::string expression_failure(const asl::JsonataExpression& e, std::string_view field,
                               std::string_view what) {
  return "The JSONata expression '" + e.text + "' specified for the field '" + std::string(field) +
         "' " + std::string(what);
}

std::string field_name(std::string_view field, const asl::JsonataNode& node) {
  std::string out(field);
  if (node.path.empty()) return out;
  // Node paths start with "/" for members ("/a") and "[" for items ("[0]").
  if (out.empty() && node.path[0] == '/') return node.path.substr(1);
  return out + node.path;
}

const jsonata::Document& document(std::optional<jsonata::Document>& slot, const Json& value) {
  if (!slot) slot.emplace(value);
  return *slot;
}

// `$states.<fields...>` or `$name.<fields...>` answered by walking the JSON directly, when
// doing so gives what JSONata gives: every step an object member, and a result JSONata would
// hand back unchanged (no arrays, whose steps JSONata maps and flattens; no floats, which it
// re-renders; no objects or arrays, which may hold either). nullopt: evaluate normally.
// A pointer to null inside the optional: undefined.
std::optional<const Json*> walk_plain_path(const Json* value,
                                           const std::vector<std::string>& fields,
                                           std::size_t first) {
  for (std::size_t i = first; i < fields.size(); ++i) {
    if (value->is_array()) return std::nullopt;
    if (!value->is_object()) return nullptr;  // a field of a scalar: undefined
    auto it = value->find(fields[i]);
    if (it == value->end()) return nullptr;
    value = &*it;
  }
  constexpr std::int64_t kSafe = 9007199254740991LL;  // 2^53 - 1: exact as a double
  if (value->is_string() || value->is_boolean() || value->is_null()) return value;
  if (value->is_number_integer() && value->get<std::int64_t>() <= kSafe &&
      value->get<std::int64_t>() >= -kSafe) {
    return value;
  }
  if (value->is_number_unsigned() && value->get<std::uint64_t>() <= 9007199254740991ULL)
    return value;
  return std::nullopt;
}

struct Evaluator {
  Runtime& rt;
  Thread& thread;
  const JsonataFields& fields;

  const Json& context() { return fields.context ? *fields.context : context_for(rt, thread); }

  // The JSON a `$states.<name>` field holds, or null when it does not exist here.
  const Json* states_field(std::string_view name) {
    if (name == "input") return fields.input.get();
    if (name == "result") return fields.result.get();
    if (name == "errorOutput") return fields.error_output.get();
    if (name == "context") return &context();
    return nullptr;
  }

  std::optional<Expected<Json>> fast_path(const asl::JsonataExpression& e, std::string_view field) {
    const auto& plain = e.analysis.plain_path;
    if (!plain) return std::nullopt;
    const Json* start = nullptr;
    std::size_t first = 0;
    if (plain->variable == "states") {
      if (plain->fields.empty()) return std::nullopt;
      start = states_field(plain->fields[0]);
      first = 1;
    } else if (const Variable* v = thread.variables->find_variable(plain->variable)) {
      start = v->value.get();
    }
    if (!start) return std::nullopt;
    auto found = walk_plain_path(start, plain->fields, first);
    if (!found) return std::nullopt;
    if (!*found) {
      return Expected<Json>(query_failure(
          rt, thread, field, expression_failure(e, field, "returned nothing (undefined).")));
    }
    return Expected<Json>(**found);
  }

  Expected<Json> expression(const asl::JsonataExpression& e, std::string_view field) {
    if (auto fast = fast_path(e, field)) return std::move(*fast);
    const jsonata::Analysis& a = e.analysis;
    jsonata::Bindings bindings;
    if (a.states_whole || !a.states_fields.empty()) {
      auto wants = [&](std::string_view name) { return a.reads_states_field(name); };
      const jsonata::Document* input =
          wants("input") && fields.input ? &document(fields.input_doc, *fields.input) : nullptr;
      const jsonata::Document* result =
          wants("result") && fields.result ? &document(fields.result_doc, *fields.result) : nullptr;
      const jsonata::Document* error = wants("errorOutput") && fields.error_output
                                           ? &document(fields.error_doc, *fields.error_output)
                                           : nullptr;
      const jsonata::Document* ctx =
          wants("context") ? &document(fields.context_doc, context()) : nullptr;
      bindings.emplace(
          "states",
          jsonata::Document::object(
              {{"input", input}, {"result", result}, {"errorOutput", error}, {"context", ctx}}));
    }
    for (const std::string& name : a.free_variables) {
      if (const Variable* v = thread.variables->find_variable(name))
        bindings.emplace(name, v->as_document());
    }
    auto r = jsonata::evaluate(e.compiled, static_cast<const jsonata::Document*>(nullptr), bindings,
                               options_for(rt));
    if (!r.ok()) {
      const jsonata::Error& err = r.error();
      std::string what = err.code.empty()
                             ? "threw an error during evaluation: " + err.message
                             : "threw an error during evaluation. " + jsonata::describe(err);
      return query_failure(rt, thread, field, expression_failure(e, field, what));
    }
    if (r->kind == jsonata::Result::Kind::Undefined)
      return query_failure(rt, thread, field,
                           expression_failure(e, field, "returned nothing (undefined)."));
    if (r->kind == jsonata::Result::Kind::Function)
      return query_failure(rt, thread, field,
                           expression_failure(e, field, "returned an unsupported result type."));
    return std::move(r->value);
  }

  // Objects and arrays nest as deep as the definition reader allows; templates are shallow in
  // practice, and their depth is bounded by that reader.
  Expected<Json> node(const asl::JsonataNode& n, std::string_view field) {
    using Kind = asl::JsonataNode::Kind;
    switch (n.kind) {
      case Kind::Constant:
        return *n.constant;
      case Kind::Expression:
        return expression(*n.expression, field_name(field, n));
      case Kind::Object: {
        Json out = Json::object();
        for (const auto& [key, child] : n.members) {
          auto v = node(child, field);
          if (!v.ok()) return std::move(v).error();
          out[key] = std::move(v.value());
        }
        return out;
      }
      case Kind::Array: {
        Json out = Json::array();
        for (const asl::JsonataNode& child : n.items) {
          auto v = node(child, field);
          if (!v.ok()) return std::move(v).error();
          out.push_back(std::move(v.value()));
        }
        return out;
      }
    }
    return Json();
  }
};

}  // namespace

Failure query_failure(Runtime& rt, Thread& thread, std::string_view location,
                      const std::string& message) {
  Failure f = runtime_failure(thread, message);
  f.error = "States.QueryEvaluationError";
  auto d = std::make_shared<EventDetails>();
  d->error = f.error;
  d->cause = f.cause;
  d->location = std::string(location);
  d->state = thread.current().name;
  // [recorded] EvaluationFailed points at the event before the state's Entered event (Pass,
  // Map), except in a Wait state, where it points at the Entered event itself.
  std::int64_t previous = thread.last_event;
  const auto& events = thread.log->events;
  if (thread.current().type != asl::StateType::Wait && thread.entered_event >= 1 &&
      static_cast<std::size_t>(thread.entered_event) <= events.size()) {
    const HistoryEvent& entered = events[static_cast<std::size_t>(thread.entered_event - 1)];
    if (entered.id == thread.entered_event) previous = entered.previous_event_id;
  }
  thread.last_event = emit_detached(rt, *thread.log, &thread, previous, EventType::EvaluationFailed,
                                    thread.current().name, {}, std::move(d));
  return f;
}

std::string_view jsonata_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::null:
      return "null";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "number";
  }
}

Expected<JsonPtr> evaluate_jsonata(Runtime& rt, Thread& thread, const asl::JsonataTemplate& tpl,
                                   std::string_view field, const JsonataFields& fields) {
  if (tpl.is_constant()) return tpl.root.constant;
  Evaluator ev{rt, thread, fields};
  auto v = ev.node(tpl.root, field);
  if (!v.ok()) return std::move(v).error();
  return share(std::move(v.value()));
}

Expected<std::shared_ptr<const EventDetails>> assign_jsonata(Runtime& rt, Thread& thread,
                                                             const asl::JsonataTemplate& tpl,
                                                             std::string_view field,
                                                             const JsonataFields& fields) {
  auto value = evaluate_jsonata(rt, thread, tpl, field, fields);
  if (!value.ok()) return std::move(value).error();
  const Json& object = *value.value();
  if (!object.is_object() || object.empty()) return std::shared_ptr<const EventDetails>();
  for (const auto& [name, v] : object.items()) {
    if (auto deep = check_depth(thread, v)) return std::move(*deep);
  }
  auto details = std::make_shared<EventDetails>();
  details->has_assigned_variables = true;
  for (const auto& [name, v] : object.items())
    details->assigned_variables.emplace_back(name, share(v));
  return std::shared_ptr<const EventDetails>(std::move(details));
}

Failure unexpected_type(Runtime& rt, Thread& thread, const asl::JsonataTemplate& tpl,
                        std::string_view field, std::string_view expected, const Json& value) {
  std::string what = "returned an unexpected result type. Expected '" + std::string(expected) +
                     "', but was '" + std::string(jsonata_type_name(value)) +
                     "' for value: " + to_text(value);
  if (const asl::JsonataExpression* e = tpl.single_expression())
    return query_failure(rt, thread, field, expression_failure(*e, field, what));
  // [inferred] a literal of the wrong type: the parser refuses most; say what was found.
  return query_failure(rt, thread, field, "The field '" + std::string(field) + "' " + what);
}

Expected<std::int64_t> jsonata_integer(Runtime& rt, Thread& thread, const asl::JsonataTemplate& tpl,
                                       std::string_view field, const JsonataFields& fields,
                                       std::int64_t min) {
  auto value = evaluate_jsonata(rt, thread, tpl, field, fields);
  if (!value.ok()) return std::move(value).error();
  const Json& v = *value.value();
  bool integral =
      v.is_number_integer() || v.is_number_unsigned() ||
      (v.is_number_float() && std::isfinite(v.get<double>()) &&
       v.get<double>() == std::floor(v.get<double>()) && std::fabs(v.get<double>()) < 9.2e18);
  if (!integral) return unexpected_type(rt, thread, tpl, field, "integer", v);
  auto n = v.is_number_float() ? static_cast<std::int64_t>(v.get<double>()) : v.get<std::int64_t>();
  if (n < min) {
    // [inferred] AWS documents "a value out of range (a negative TimeoutSeconds)" as a
    // QueryEvaluationError without quoting the text.
    const asl::JsonataExpression* e = tpl.single_expression();
    std::string what = "returned a value out of range. Expected an integer of at least " +
                       std::to_string(min) + ", but was: " + to_text(v);
    return query_failure(
        rt, thread, field,
        e ? expression_failure(*e, field, what) : "The field '" + std::string(field) + "' " + what);
  }
  return n;
}

}  // namespace sfn::engine
