// $keys $lookup $spread $merge $each $sift $type $error $assert $clone
#include <algorithm>
#include <unordered_set>

#include "jsonata/functions/builtins.h"

namespace sfn::jsonata::fn {

namespace {

std::vector<Value> hof_args(Evaluator& ev, const Value& func, Value a1, Value a2, Value a3) {
  std::vector<Value> args{std::move(a1)};
  int n = ev.arity(func);
  if (n >= 2) args.push_back(std::move(a2));
  if (n >= 3) args.push_back(std::move(a3));
  return args;
}

// The distinct keys in first-seen order. A set answers "seen?": searching the list made $keys
// over many objects quadratic, and each object is a unit of work for the time limit.
struct KeyCollector {
  Evaluator& ev;
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;

  void collect(const Value& arg, int depth = 0) {
    check_nesting(depth);
    if (arg.is_array()) {
      for (const Value& item : arg.as_array().items) collect(item, depth + 1);
    } else if (arg.is_object()) {
      ev.tick();
      for (const auto& [k, v] : arg.as_object().entries()) {
        if (seen.insert(k).second) out.push_back(k);
      }
    }
  }
};

}  // namespace

Value keys(Call& c) {
  KeyCollector keys{c.ev, {}, {}};
  keys.collect(c.arg(0));
  auto seq = make_sequence();
  for (auto& n : keys.out) seq->push(Value::string(std::move(n)));
  return Value::array(seq);
}

Value lookup(Call& c) {
  if (!c.arg(1).is_string()) return Value();
  return lookup_field(c.ev, c.arg(0), c.arg(1).as_string());
}

namespace {

// jsonata-js appends each item's spread to the result, which copies the result every time; the
// items go straight into one array here (an n^2 copy before). Each entry becomes an object.
void spread_into(Evaluator& ev, const Value& arg, Array& out, int depth) {
  check_nesting(depth);
  if (arg.is_array()) {
    ev.tick();
    for (const Value& item : arg.as_array().items) spread_into(ev, item, out, depth + 1);
  } else if (arg.is_object()) {
    const auto& entries = arg.as_object().entries();
    ev.account(entries.size() * WorkMeter::kUnitsPerNode);
    ev.charge_items(out.size() + entries.size());
    for (const auto& [k, v] : entries) {
      auto o = std::make_shared<Object>();
      o->set(k, v);
      out.push(Value::object(o));
    }
  } else if (!arg.is_undefined()) {
    out.push(arg);
  }
}

}  // namespace

Value spread(Call& c) {
  const Value& arg = c.arg(0);
  if (!arg.is_array() && !arg.is_object()) return arg;
  auto seq = make_sequence();
  spread_into(c.ev, arg, *seq, 0);
  // fn.append hands back a plain array once it has appended anything, even nothing from {}
  if (arg.is_array()) {
    const auto& items = arg.as_array().items;
    seq->sequence =
        std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_undefined(); });
  }
  return Value::array(seq);
}

Value merge(Call& c) {
  const Value& arg = c.arg(0);
  if (arg.is_undefined()) return Value();
  auto result = std::make_shared<Object>();
  for (const Value& obj : arg.as_array().items) {
    if (!obj.is_object()) continue;
    c.ev.account(obj.as_object().size() * WorkMeter::kUnitsPerNode);
    for (const auto& [k, v] : obj.as_object().entries()) result->set(k, v);
  }
  return Value::object(result);
}

Value each(Call& c) {
  const Value& obj = c.arg(0);
  const Value& func = c.arg(1);
  auto seq = make_sequence();
  if (!obj.is_object()) return Value::array(seq);
  auto entries = obj.as_object().entries();
  for (const auto& [k, v] : entries) {
    Value res = c.ev.call(func, hof_args(c.ev, func, v, Value::string(k), obj), c.env);
    if (!res.is_undefined()) seq->push(std::move(res));
  }
  return Value::array(seq);
}

Value sift(Call& c) {
  const Value& obj = c.arg(0);
  const Value& func = c.arg(1);
  auto result = std::make_shared<Object>();
  if (obj.is_object()) {
    auto entries = obj.as_object().entries();
    for (const auto& [k, v] : entries) {
      Value res = c.ev.call(func, hof_args(c.ev, func, v, Value::string(k), obj), c.env);
      bool d = true;
      if (to_boolean(res, d, &c.ev)) result->set(k, v);
    }
  }
  if (result->empty()) return Value();
  return Value::object(result);
}

Value type(Call& c) {
  const Value& v = c.arg(0);
  switch (v.kind()) {
    case Kind::Undefined:
      return Value();
    case Kind::Null:
      return Value::string("null");
    case Kind::Number:
      return is_numeric(v) ? Value::string("number") : Value::string("object");
    case Kind::String:
      return Value::string("string");
    case Kind::Boolean:
      return Value::string("boolean");
    case Kind::Array:
      return Value::string("array");
    case Kind::Function:
      return Value::string("function");
    default:
      return Value::string("object");
  }
}

Value error(Call& c) {
  const Value& m = c.arg(0);
  bool has = m.is_string() && !m.as_string().empty();
  throw JError("D3137").with("message", has ? m : Value::string("$error() function evaluated"));
}

Value assert_(Call& c) {
  bool d = true;
  if (!to_boolean(c.arg(0), d, &c.ev)) {
    const Value& m = c.arg(1);
    bool has = m.is_string() && !m.as_string().empty();
    throw JError("D3141").with("message", has ? m : Value::string("$assert() statement failed"));
  }
  return Value();
}

Value clone(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  return clone_value(c.ev, a);
}

}  // namespace sfn::jsonata::fn
