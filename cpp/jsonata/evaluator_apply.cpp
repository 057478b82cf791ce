// Function application: calls, the tail-call trampoline, lambdas and closures, partial
// application, `~>`, signatures, regex matchers and transforms.
#include <algorithm>
#include <cmath>

#include "jsonata/evaluator.h"
#include "jsonata/number_text.h"
#include "jsonata/regex/regex.h"
#include "jsonata/signature.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

Value make_native(const Builtin& b) {
  auto fn = std::make_shared<Function>();
  fn->type = Function::Type::Native;
  fn->builtin = &b;
  fn->signature = builtin_signature(b);
  return Value::function(fn);
}

int Evaluator::arity(const Value& fn) const {
  if (!fn.is_function()) return 0;
  const Function& f = fn.as_function();
  switch (f.type) {
    case Function::Type::Lambda:
      return static_cast<int>(f.params.size());
    case Function::Type::Native:
      return f.builtin->arity;
    case Function::Type::Regex:
      return 2;
    case Function::Type::RegexNext:
      return 0;
    default:
      return 1;
  }
}

namespace {

std::string procedure_name(const Node& procedure) {
  if (procedure.type == NodeType::Path && !procedure.steps.empty()) {
    return procedure.steps[0]->value;
  }
  return procedure.value;
}

// The match object a regex matcher returns: {match, start, end, groups, next}. `from_byte` is a
// byte offset at or before the match whose UTF-16 offset, `from_u16`, is known: counting from
// there, not from the start, keeps a chain of next() calls over a long string linear.
Value regex_match_object(const std::shared_ptr<const Regex>& re,
                         const std::shared_ptr<const std::string>& subject, const RegexMatch& m,
                         int position, std::size_t from_byte, double from_u16) {
  const std::string& s = *subject;
  auto obj = std::make_shared<Object>();
  obj->set("match", Value::string(s.substr(m.start, m.end - m.start)));
  double start =
      from_u16 +
      static_cast<double>(utf16_length(std::string_view(s).substr(from_byte, m.start - from_byte)));
  double len =
      static_cast<double>(utf16_length(std::string_view(s).substr(m.start, m.end - m.start)));
  obj->set("start", Value::number(start));
  obj->set("end", Value::number(start + len));
  auto groups = make_array();
  for (const auto& [gs, ge] : m.groups) {
    if (gs == kNoGroup) {
      groups->push(Value());
    } else {
      groups->push(Value::string(s.substr(gs, ge - gs)));
    }
  }
  obj->set("groups", Value::array(groups));
  auto next = std::make_shared<Function>();
  next->type = Function::Type::RegexNext;
  next->regex = re;
  next->subject = subject;
  next->last_index = m.end;
  next->u16_base_byte = m.start;
  next->u16_base = start;
  next->position = position;
  obj->set("next", Value::function(next));
  return Value::object(obj);
}

// JSON.parse(JSON.stringify(v)) with jsonata's replacer, without the text round trip. The copy
// is charged by the items and members it has made so far: sub-values can be shared, and each
// share becomes a copy of its own.
struct Cloner {
  Evaluator& ev;
  std::size_t members = 0;

  Value clone(const Value& v, bool in_array, int depth = 0);
};

Value Cloner::clone(const Value& v, bool in_array, int depth) {
  check_nesting(depth);
  ev.account(WorkMeter::kUnitsPerNode);
  if (v.is_array()) ev.charge_items(members += v.as_array().size());
  if (v.is_object()) ev.charge_items(members += v.as_object().size());
  switch (v.kind()) {
    case Kind::Number:
      if (!std::isfinite(v.as_number())) {
        if (std::isnan(v.as_number())) return Value::null();
        throw JError("D1001").with("value", v);
      }
      return Value::number(js_round15(v.as_number()));
    case Kind::Function:
      return Value::string("");
    case Kind::Undefined:
      return in_array ? Value::null() : Value();
    case Kind::Array: {
      auto out = make_array();
      out->items.reserve(v.as_array().size());
      for (const Value& x : v.as_array().items) out->push(clone(x, true, depth + 1));
      return Value::array(out);
    }
    case Kind::Object: {
      auto out = std::make_shared<Object>();
      out->reserve(v.as_object().size());
      for (const auto& [k, x] : v.as_object().entries()) {
        Value c = clone(x, false, depth + 1);
        if (!c.is_undefined()) out->set(k, std::move(c));
      }
      return Value::object(out);
    }
    default:
      return v;
  }
}

std::vector<std::string_view> names_of(const Array& strings) {
  std::vector<std::string_view> names;
  names.reserve(strings.size());
  for (const Value& s : strings.items) names.push_back(s.as_string());
  return names;
}

// The parameter names of a partially applied built-in (not spellable as JSONata variables).
std::string native_param_name(std::size_t i) {
  std::string name(1, '\x01');
  name += std::to_string(i);
  return name;
}

}  // namespace

Value clone_value(Evaluator& ev, const Value& v) { return Cloner{ev}.clone(v, false); }

Value Evaluator::eval_function(const NodePtr& expr, const Value& input, const Env& env,
                               const Value* apply_to) {
  Value proc = evaluate(expr->procedure, input, env);
  if (proc.is_undefined() && expr->procedure->type == NodeType::Path &&
      !expr->procedure->steps.empty() &&
      js_truthy(lookup_variable(env, expr->procedure->steps[0]->value))) {
    throw JError("T1005").at(expr->position).with_token(expr->procedure->steps[0]->value);
  }
  std::vector<Value> args;
  args.reserve(expr->arguments.size() + (apply_to ? 1 : 0));
  if (apply_to) args.push_back(*apply_to);
  for (const NodePtr& a : expr->arguments) args.push_back(evaluate(a, input, env));
  std::string name = procedure_name(*expr->procedure);
  try {
    if (proc.is_function()) {
      Function& f = proc.as_function();
      if (f.type != Function::Type::Regex) {
        f.token = name;
        f.has_token = true;
        f.position = expr->position;
      }
    }
    return apply(proc, std::move(args), input, env);
  } catch (JError& err) {
    if (err.position <= 0) err.position = expr->position;
    if (!err.has_token) err.with_token(name);
    throw;
  }
}

Value Evaluator::apply(const Value& proc, std::vector<Value> args, const Value& input,
                       const Env& env) {
  Value result = apply_inner(proc, std::move(args), input, env);
  while (result.is_function() && result.as_function().type == Function::Type::Lambda &&
         result.as_function().thunk) {
    tick();
    Function& thunk = result.as_function();
    const NodePtr& call = thunk.node->body;
    Value next = evaluate(call->procedure, thunk.input, thunk.env);
    if (next.is_function()) {
      Function& nf = next.as_function();
      if (call->procedure->type == NodeType::Variable) {
        nf.token = call->procedure->value;
        nf.has_token = true;
      }
      nf.position = call->procedure->position;
    }
    std::vector<Value> evaluated;
    evaluated.reserve(call->arguments.size());
    for (const NodePtr& a : call->arguments)
      evaluated.push_back(evaluate(a, thunk.input, thunk.env));
    result = apply_inner(next, std::move(evaluated), input, env);
  }
  return result;
}

Value Evaluator::apply_inner(const Value& proc, std::vector<Value> args, const Value& input,
                             const Env& env) {
  try {
    if (!proc.is_function()) throw JError("T1006");
    Function& f = proc.as_function();
    if (f.signature) args = validate_arguments(*f.signature, args, input);
    switch (f.type) {
      case Function::Type::Lambda:
        return apply_procedure(f, std::move(args));
      case Function::Type::Native: {
        Call call{*this, args, input, env};
        return call_native(*f.builtin, call);
      }
      case Function::Type::Regex: {
        if (args.empty() || !args[0].is_string()) return Value();
        auto subject = std::make_shared<const std::string>(args[0].as_string());
        std::size_t from = 0;
        if (args.size() > 1 && args[1].is_number() && args[1].as_number() > 0) {
          // Clamped before the cast: an offset past the end is the end.
          double at = std::min(args[1].as_number(), static_cast<double>(subject->size()));
          from = byte_offset_of_utf16(*subject, static_cast<std::size_t>(at));
        }
        RegexMatch m;
        if (!regex_search(*f.regex, *subject, from, m, regex_budget, keep_going_)) {
          if (regex_budget < 0)
            throw JError("U1001").with(
                "message", Value::string("Expression evaluation timeout: Check for infinite loop"));
          return Value();
        }
        return regex_match_object(f.regex, subject, m, f.position, 0, 0);
      }
      case Function::Type::RegexNext: {
        if (f.last_index >= f.subject->size()) return Value();
        RegexMatch m;
        if (!regex_search(*f.regex, *f.subject, f.last_index, m, regex_budget, keep_going_)) {
          if (regex_budget < 0)
            throw JError("U1001").with(
                "message", Value::string("Expression evaluation timeout: Check for infinite loop"));
          return Value();
        }
        if (m.start == m.end) {
          throw JError("D1004").at(f.position).with("value", Value::string(regex_source(*f.regex)));
        }
        return regex_match_object(f.regex, f.subject, m, f.position, f.u16_base_byte, f.u16_base);
      }
      case Function::Type::Transform:
        return apply_transform(f, args.empty() ? Value() : args[0], env);
      case Function::Type::Chain: {
        Value x = args.empty() ? Value() : args[0];
        Value mid = apply(f.first, {x}, Value(), env);
        return apply(f.second, {mid}, Value(), env);
      }
    }
    return Value();
  } catch (JError& err) {
    if (proc.is_function()) {
      const Function& f = proc.as_function();
      if (!err.has_token && f.has_token) err.with_token(f.token);
      if (f.position > 0) err.position = f.position;
    }
    throw;
  }
}

namespace {

// What a built-in reads or builds of a value: its characters, items or entries.
std::size_t bulk_of(const Value& v) {
  switch (v.kind()) {
    case Kind::String:
      return v.as_string().size();
    case Kind::Array:
      return v.as_array().size() * WorkMeter::kUnitsPerNode;
    case Kind::Object:
      return v.as_object().size() * WorkMeter::kUnitsPerNode;
    default:
      return 0;
  }
}

}  // namespace

// Built-ins do work in proportion to their arguments and results, and most do it in one loop
// that never returns to evaluate(): it is counted here, so that a built-in called over and over
// on a large value meets the time limit. Their results are values built, and charged.
Value Evaluator::call_native(const Builtin& builtin, Call& call) {
  for (const Value& a : call.args) account(bulk_of(a));
  Value result = builtin.impl(call);
  account(bulk_of(result));
  if (result.is_string()) {
    charge(result.as_string().size());
  } else if (result.is_array()) {
    charge_items(result.as_array().size());
  }
  return result;
}

Value Evaluator::apply_procedure(Function& proc, std::vector<Value> args) {
  auto frame = std::make_shared<Frame>(proc.env);
  for (std::size_t i = 0; i < proc.params.size(); ++i) {
    frame->bind(proc.params[i], i < args.size() ? args[i] : Value());
  }
  if (proc.native_body) {
    std::vector<Value> native_args;
    native_args.reserve(proc.params.size());
    for (std::size_t i = 0; i < static_cast<std::size_t>(proc.native_body->arity); ++i) {
      const Value* v = frame->lookup(native_param_name(i));
      native_args.push_back(v ? *v : Value());
    }
    // jsonata-js skips the signature here; we still check it so that built-ins only ever see
    // the argument types they declare.
    auto sig = builtin_signature(*proc.native_body);
    Value ctx;
    if (sig) {
      // trailing undefined arguments are the ones not supplied
      while (!native_args.empty() && native_args.back().is_undefined()) native_args.pop_back();
      native_args = validate_arguments(*sig, native_args, ctx);
    }
    Call call{*this, native_args, ctx, frame};
    return call_native(*proc.native_body, call);
  }
  return evaluate(proc.node->body, proc.input, frame);
}

Value Evaluator::eval_lambda(const NodePtr& expr, const Value& input, const Env& env) {
  auto fn = std::make_shared<Function>();
  fn->type = Function::Type::Lambda;
  fn->node = expr;
  fn->input = input;
  fn->env = env;
  closures_.captured(env);
  fn->thunk = expr->thunk;
  fn->signature = expr->signature;
  fn->params.reserve(expr->arguments.size());
  for (const NodePtr& a : expr->arguments) fn->params.push_back(a->value);
  return Value::function(fn);
}

Value Evaluator::partial_apply(Function& proc, const std::vector<Value>& args,
                               const std::vector<bool>& placeholders) {
  auto frame = std::make_shared<Frame>(proc.env);
  auto fn = std::make_shared<Function>();
  fn->type = Function::Type::Lambda;
  fn->node = proc.node;
  fn->input = proc.input;
  fn->env = frame;
  closures_.captured(frame);
  fn->native_body = proc.native_body;
  for (std::size_t i = 0; i < proc.params.size(); ++i) {
    bool placeholder = i < placeholders.size() && placeholders[i];
    if (placeholder) {
      fn->params.push_back(proc.params[i]);
    } else {
      frame->bind(proc.params[i], i < args.size() ? args[i] : Value());
    }
  }
  return Value::function(fn);
}

Value Evaluator::eval_partial(const NodePtr& expr, const Value& input, const Env& env) {
  std::vector<Value> args;
  std::vector<bool> placeholders;
  for (const NodePtr& a : expr->arguments) {
    bool ph = a->type == NodeType::Operator && a->value == "?";
    placeholders.push_back(ph);
    args.push_back(ph ? Value() : evaluate(a, input, env));
  }
  Value proc = evaluate(expr->procedure, input, env);
  if (proc.is_undefined() && expr->procedure->type == NodeType::Path &&
      !expr->procedure->steps.empty() &&
      js_truthy(lookup_variable(env, expr->procedure->steps[0]->value))) {
    throw JError("T1007").at(expr->position).with_token(expr->procedure->steps[0]->value);
  }
  if (proc.is_function()) {
    Function& f = proc.as_function();
    if (f.type == Function::Type::Lambda) return partial_apply(f, args, placeholders);
    if (f.type == Function::Type::Native) {
      Function wrapper;
      wrapper.type = Function::Type::Lambda;
      wrapper.native_body = f.builtin;
      wrapper.env = env;
      for (int i = 0; i < f.builtin->arity; ++i) wrapper.params.push_back(native_param_name(i));
      return partial_apply(wrapper, args, placeholders);
    }
  }
  throw JError("T1008").at(expr->position).with_token(procedure_name(*expr->procedure));
}

Value Evaluator::eval_apply(const NodePtr& expr, const Value& input, const Env& env) {
  Value lhs = evaluate(expr->lhs, input, env);
  if (expr->rhs->type == NodeType::Function) {
    return eval_function(expr->rhs, input, env, &lhs);
  }
  Value func = evaluate(expr->rhs, input, env);
  if (!func.is_function()) throw JError("T2006").at(expr->position).with("value", func);
  if (lhs.is_function()) {
    auto chain = std::make_shared<Function>();
    chain->type = Function::Type::Chain;
    chain->first = lhs;
    chain->second = func;
    return Value::function(chain);
  }
  return apply(func, {lhs}, Value::null(), env);
}

Value Evaluator::eval_transform(const NodePtr& expr, const Value& input, const Env& env) {
  auto fn = std::make_shared<Function>();
  fn->type = Function::Type::Transform;
  fn->transform = expr;
  fn->env = env;
  closures_.captured(env);
  static const auto kSig = parse_signature("<(oa):o>");
  fn->signature = kSig;
  return Value::function(fn);
}

Value Evaluator::apply_transform(Function& fn, const Value& obj, const Env&) {
  if (obj.is_undefined()) return Value();
  const Env& env = fn.env;
  const NodePtr& expr = fn.transform;
  Value clone_fn = lookup_variable(env, "clone");
  if (!clone_fn.is_function()) throw JError("T2013").at(expr->position);
  Value result;
  if (clone_fn.as_function().type == Function::Type::Native &&
      clone_fn.as_function().builtin->name == "clone") {
    result = clone_value(*this, obj);
  } else {
    result = apply(clone_fn, {obj}, Value::null(), env);
  }
  Value matches = evaluate(expr->pattern, result, env);
  if (matches.is_undefined()) return result;
  if (!matches.is_array()) matches = sequence_of(matches);
  std::vector<Value> list = matches.as_array().items;
  for (Value& match : list) {
    Value update = evaluate(expr->update, match, env);
    if (!update.is_undefined()) {
      if (!update.is_object()) {
        throw JError("T2011").at(expr->update->position).with("value", update);
      }
      if (match.is_object()) {
        Object& target = match.as_object();
        for (const auto& [k, v] : update.as_object().entries()) target.set(k, v);
      }
    }
    if (expr->deletion) {
      Value deletions = evaluate(expr->deletion, match, env);
      if (!deletions.is_undefined()) {
        Value val = deletions;
        if (!deletions.is_array()) deletions = sequence_of(deletions);
        if (!is_array_of_strings(deletions)) {
          throw JError("T2012").at(expr->deletion->position).with("value", val);
        }
        if (match.is_object()) match.as_object().erase(names_of(deletions.as_array()));
      }
    }
  }
  return result;
}

}  // namespace sfn::jsonata
