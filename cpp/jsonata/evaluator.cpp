// Expression evaluation: paths, steps, tuple streams, predicates, operators, constructors,
// grouping and sorting. Function application lives in evaluator_apply.cpp.
#include "jsonata/evaluator.h"

#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "common/stack.h"
#include "jsonata/jsonata.h"
#include "jsonata/merge_sort.h"
#include "jsonata/number_text.h"
#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

void Frame::bind(std::string_view name, Value v) {
  for (auto& [k, val] : vars) {
    if (k == name) {
      val = std::move(v);
      return;
    }
  }
  vars.emplace_back(std::string(name), std::move(v));
}

const Value* Frame::lookup(std::string_view name) const {
  for (const Frame* f = this; f; f = f->parent.get()) {
    for (const auto& [k, v] : f->vars)
      if (k == name) return &v;
  }
  return nullptr;
}

const Value& Call::arg(std::size_t i) const {
  static const Value kUndefined;
  return i < args.size() ? args[i] : kUndefined;
}

namespace {
// The clock is read once per this many steps: reading it costs more than a step.
constexpr std::uint64_t kStepsPerClockCheck = 1024;
constexpr std::size_t kUnitsPerStep = 1024;
}  // namespace

Evaluator::Evaluator(const Options& options, Rng& rng, std::int64_t now_millis)
    : options_(options), rng_(rng), now_(now_millis) {
  deadline_ = std::chrono::steady_clock::now() + options.time_limit;
  next_clock_check_ = kStepsPerClockCheck;
  regex_budget = 2'000'000'000;
  keep_going_ = [this] { return std::chrono::steady_clock::now() <= deadline_; };
}

bool Evaluator::aws() const { return options_.aws_dialect; }

void Evaluator::tick() {
  if (++ticks_ >= next_clock_check_) check_clock();
}

void Evaluator::account(std::size_t units) {
  bulk_units_ += units;
  if (bulk_units_ < kUnitsPerStep) return;
  ticks_ += bulk_units_ / kUnitsPerStep;
  bulk_units_ %= kUnitsPerStep;
  if (ticks_ >= next_clock_check_) check_clock();
}

void Evaluator::check_clock() {
  next_clock_check_ = ticks_ + kStepsPerClockCheck;
  if (std::chrono::steady_clock::now() > deadline_) {
    throw JError("U1001").with(
        "message", Value::string("Expression evaluation timeout: Check for infinite loop"));
  }
}

void Evaluator::charge(std::size_t bytes) {
  if (bytes > options_.max_memory) {
    throw JError("U1002").with("message", Value::string("Memory limit exceeded by the evaluation"));
  }
}

namespace {

struct DepthGuard {
  int& depth;
  explicit DepthGuard(int& d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
};

Value first_tuple_value(const Value& tuple) {
  if (!tuple.is_object()) return Value();
  const Value* v = tuple.as_object().find("@");
  return v ? *v : Value();
}

// Values share sub-values, so what a flattening or a descent builds can outgrow the value it
// walks many times over: the result is charged as it grows.
void push_charged(Evaluator& ev, Array& out, const Value& v) {
  out.push(v);
  ev.charge_growing(out.size());
}

void flatten_into(Evaluator& ev, const Value& v, Array& out, int depth = 0) {
  check_nesting(depth);
  if (v.is_array()) {
    ev.tick();
    for (const Value& item : v.as_array().items) flatten_into(ev, item, out, depth + 1);
  } else {
    push_charged(ev, out, v);
  }
}

void recurse_descendants(const Value& input, Array& results, Evaluator& ev, int depth = 0) {
  ev.tick();
  check_nesting(depth);
  if (!input.is_array()) push_charged(ev, results, input);
  if (input.is_array()) {
    for (const Value& m : input.as_array().items) recurse_descendants(m, results, ev, depth + 1);
  } else if (input.is_object()) {
    for (const auto& [k, v] : input.as_object().entries())
      recurse_descendants(v, results, ev, depth + 1);
  }
}

}  // namespace

Value lookup_field(Evaluator& ev, const Value& input, std::string_view key, int depth) {
  if (input.is_array()) {
    check_nesting(depth);
    ev.tick();
    auto seq = make_sequence();
    for (const Value& item : input.as_array().items) {
      Value res = lookup_field(ev, item, key, depth + 1);
      if (res.is_undefined()) continue;
      if (res.is_array()) {
        // nested arrays can share their members: the flattened result is charged as it grows
        const auto& found = res.as_array().items;
        ev.account(found.size() * WorkMeter::kUnitsPerNode);
        ev.charge_items(seq->size() + found.size());
        seq->items.insert(seq->items.end(), found.begin(), found.end());
      } else {
        seq->push(std::move(res));
      }
    }
    return Value::array(seq);
  }
  if (input.is_object()) {
    const Value* v = input.as_object().find(key);
    return v ? *v : Value();
  }
  return Value();
}

bool is_numeric(const Value& v) {
  if (!v.is_number()) return false;
  double d = v.as_number();
  if (std::isnan(d)) return false;
  if (!std::isfinite(d)) throw JError("D1001").with("value", v);
  return true;
}

bool is_array_of_strings(const Value& v) {
  if (!v.is_array()) return false;
  for (const Value& x : v.as_array().items)
    if (!x.is_string()) return false;
  return true;
}

bool is_array_of_numbers(const Value& v) {
  if (!v.is_array()) return false;
  for (const Value& x : v.as_array().items)
    if (!is_numeric(x)) return false;
  return true;
}

bool to_boolean(const Value& arg, bool& defined, WorkMeter* meter, int depth) {
  defined = true;
  check_nesting(depth);
  if (meter) meter->account(WorkMeter::kUnitsPerNode);
  switch (arg.kind()) {
    case Kind::Undefined:
      defined = false;
      return false;
    case Kind::Array: {
      const Array& a = arg.as_array();
      if (a.size() == 1) {
        bool d = true;
        return to_boolean(a[0], d, meter, depth + 1);
      }
      for (const Value& v : a.items) {
        bool d = true;
        if (to_boolean(v, d, meter, depth + 1)) return true;
      }
      return false;
    }
    case Kind::String:
      return !arg.as_string().empty();
    case Kind::Number:
      return is_numeric(arg) && arg.as_number() != 0;
    case Kind::Object:
      return !arg.as_object().empty();
    case Kind::Boolean:
      return arg.as_bool();
    default:
      return false;
  }
}

Value boolean_of(const Value& v, WorkMeter* meter) {
  bool defined = true;
  bool b = to_boolean(v, defined, meter);
  return defined ? Value::boolean(b) : Value();
}

std::size_t appended_length(const Value& a, const Value& b) {
  auto length = [](const Value& v) -> std::size_t {
    if (v.is_undefined()) return 0;
    return v.is_array() ? v.as_array().items.size() : 1;
  };
  return length(a) + length(b);
}

Value append(Value a, Value b) {
  if (a.is_undefined()) return b;
  if (b.is_undefined()) return a;
  // jsonata-js concatenates into a fresh plain array. When nobody else holds `a` we can extend
  // it in place and nobody can tell; when nobody else holds `b` its items can be moved.
  if (a.is_array() && a.use_count() == 1 && !a.as_array().sequence && !a.as_array().cons &&
      !a.as_array().keep_singleton && !a.as_array().outer_wrapper && !a.as_array().tuple_stream) {
    auto& items = a.as_array().items;
    if (b.is_array()) {
      auto& src = b.as_array().items;
      if (b.use_count() == 1) {
        if (items.empty()) {
          items = std::move(src);
        } else {
          items.insert(items.end(), std::make_move_iterator(src.begin()),
                       std::make_move_iterator(src.end()));
        }
      } else {
        items.insert(items.end(), src.begin(), src.end());
      }
    } else {
      items.push_back(std::move(b));
    }
    return a;
  }
  auto out = make_array();
  if (a.is_array()) {
    out->items = a.as_array().items;
  } else {
    out->push(std::move(a));
  }
  if (b.is_array()) {
    const auto& items = b.as_array().items;
    out->items.insert(out->items.end(), items.begin(), items.end());
  } else {
    out->push(std::move(b));
  }
  return Value::array(out);
}

Value make_object_value(std::shared_ptr<Object> o) { return Value::object(std::move(o)); }

Value Evaluator::lookup_variable(const Env& env, std::string_view name) const {
  if (const Value* v = env->lookup(name)) return *v;
  if (const Builtin* b = find_builtin(name, options_.aws_dialect)) {
    // one function value per built-in and evaluation, as jsonata-js binds each once
    auto it = natives_.find(b);
    if (it == natives_.end()) it = natives_.emplace(b, make_native(*b)).first;
    return it->second;
  }
  return Value();
}

Env Evaluator::frame_from_tuple(const Env& env, const Value& tuple) {
  auto frame = std::make_shared<Frame>(env);
  if (!tuple.is_object()) return frame;
  for (const auto& [k, v] : tuple.as_object().entries()) frame->bind(k, v);
  return frame;
}

Value Evaluator::evaluate(const NodePtr& expr, const Value& input, const Env& env) {
  DepthGuard guard(depth_);
  // The stack check stops what the count alone would not on a small stack (a thread's, or a
  // large max_depth), with jsonata-js's own error for running out of it.
  if (depth_ > options_.max_depth || stack::nearly_exhausted_at(depth_)) {
    throw JError("U1001").with(
        "message", Value::string("Stack overflow error: Check for non-terminating recursive "
                                 "function.  Consider rewriting as tail-recursive."));
  }
  tick();
  Value result = eval_node(expr, input, env);

  if (expr->predicate) {
    for (const Stage& s : *expr->predicate) result = eval_filter(s.expr, result, env);
  }
  if (expr->type != NodeType::Path && expr->group) {
    result = eval_group(*expr->group, result, env);
  }
  if (result.is_array()) {
    Array& arr = result.as_array();
    if (arr.sequence && !arr.tuple_stream) {
      if (expr->keep_array) arr.keep_singleton = true;
      if (arr.empty()) return Value();
      if (arr.size() == 1 && !arr.keep_singleton) return arr[0];
    }
  }
  return result;
}

Value Evaluator::eval_node(const NodePtr& expr, const Value& input, const Env& env) {
  switch (expr->type) {
    case NodeType::Path:
      return eval_path(expr, input, env);
    case NodeType::Binary:
      return eval_binary(expr, input, env);
    case NodeType::Unary:
      return eval_unary(expr, input, env);
    case NodeType::Name: {
      return lookup_field(*this, input, expr->value);
    }
    case NodeType::String:
    case NodeType::Number:
    case NodeType::Literal:
      return expr->literal;
    case NodeType::Wildcard: {
      Value in = input;
      if (in.is_array() && in.as_array().outer_wrapper && !in.as_array().empty()) {
        in = in.as_array()[0];
      }
      Value results = empty_sequence();
      auto take = [&](const Value& v) {
        if (v.is_array()) {
          auto flat = make_array();
          flatten_into(*this, v, *flat);
          charge_items(results.as_array().size() + flat->size());
          results = append(std::move(results), Value::array(flat));
        } else {
          results.as_array().push(v);
        }
      };
      if (in.is_object()) {
        for (const auto& [k, v] : in.as_object().entries()) take(v);
      } else if (in.is_array()) {
        // An array is a JS object too: its values are its items, then the flags jsonata-js
        // sets on its sequences by plain assignment (enumerable, so Object.keys lists them).
        // Seen where a whole sequence is the context: `[*].x` evaluates the constructor
        // against the path's input sequence, giving the input and `true`.
        const Array& arr = in.as_array();
        std::vector<Value> items = arr.items;
        for (const Value& v : items) take(v);
        for (const bool flag :
             {arr.sequence, arr.outer_wrapper, arr.keep_singleton, arr.tuple_stream}) {
          if (flag) results.as_array().push(Value::boolean(true));
        }
      }
      return results;
    }
    case NodeType::Descendant: {
      if (input.is_undefined()) return Value();
      auto seq = make_sequence();
      recurse_descendants(input, *seq, *this);
      if (seq->size() == 1) return (*seq)[0];
      return Value::array(seq);
    }
    case NodeType::Parent: {
      const Value* v = env->lookup(expr->slot->label);
      return v ? *v : Value();
    }
    case NodeType::Condition: {
      Value cond = evaluate(expr->condition, input, env);
      bool defined = true;
      if (to_boolean(cond, defined, this)) return evaluate(expr->then, input, env);
      if (expr->otherwise) return evaluate(expr->otherwise, input, env);
      return Value();
    }
    case NodeType::Block:
      return eval_block(expr, input, env);
    case NodeType::Bind: {
      Value value = evaluate(expr->rhs, input, env);
      env->bind(expr->lhs->value, value);
      return value;
    }
    case NodeType::RegexLit: {
      auto fn = std::make_shared<Function>();
      fn->type = Function::Type::Regex;
      fn->regex = expr->regex;
      fn->position = expr->position;
      return Value::function(fn);
    }
    case NodeType::Function:
      return eval_function(expr, input, env, nullptr);
    case NodeType::Variable: {
      if (expr->value.empty()) {
        if (input.is_array() && input.as_array().outer_wrapper) {
          return input.as_array().empty() ? Value() : input.as_array()[0];
        }
        return input;
      }
      return lookup_variable(env, expr->value);
    }
    case NodeType::Lambda:
      return eval_lambda(expr, input, env);
    case NodeType::Partial:
      return eval_partial(expr, input, env);
    case NodeType::Apply:
      return eval_apply(expr, input, env);
    case NodeType::Transform:
      return eval_transform(expr, input, env);
    default:
      return Value();
  }
}

namespace {

// A path that is one plain field name (`price`): the commonest path of all.
bool is_plain_field(const Node& path) {
  if (path.steps.size() != 1 || path.keep_singleton_array || path.group || path.tuple) return false;
  const Node& s = *path.steps[0];
  return s.type == NodeType::Name && !s.stages && !s.predicate && !s.group && !s.tuple &&
         !s.focus && !s.index && !s.keep_array;
}

}  // namespace

Value Evaluator::eval_path(const NodePtr& expr, const Value& input, const Env& env) {
  if (!input.is_array() && is_plain_field(*expr)) {
    // What the general path below computes for a single value: the field itself (a singleton
    // sequence would be unwrapped by evaluate(); an array field is returned as it is).
    if (!input.is_object()) return Value();
    const Value* v = input.as_object().find(expr->steps[0]->value);
    if (!v) return Value();
    // a stored sequence (e.g. from `{'a': b[]}`) is re-flattened by the general path
    if (!(v->is_array() && v->as_array().sequence)) return *v;
  }
  Value input_seq;
  if (input.is_array() && expr->steps[0]->type != NodeType::Variable) {
    input_seq = input;
  } else {
    input_seq = sequence_of(input);
  }
  Value result_seq;
  bool is_tuple_stream = false;
  Value tuples;
  const std::size_t n = expr->steps.size();
  for (std::size_t i = 0; i < n; ++i) {
    const NodePtr& step = expr->steps[i];
    if (step->tuple) is_tuple_stream = true;
    if (i == 0 && step->consarray) {
      result_seq = evaluate(step, input_seq, env);
    } else if (is_tuple_stream) {
      tuples = eval_tuple_step(step, input_seq, tuples, env);
    } else {
      result_seq = eval_step(step, input_seq, env, i == n - 1);
    }
    if (!is_tuple_stream &&
        (result_seq.is_undefined() || (result_seq.is_array() && result_seq.as_array().empty()))) {
      break;
    }
    if (!step->focus) input_seq = result_seq;
  }
  if (is_tuple_stream) {
    if (expr->tuple) {
      result_seq = tuples;
    } else {
      auto seq = make_sequence();
      if (tuples.is_array()) {
        for (const Value& t : tuples.as_array().items) seq->push(first_tuple_value(t));
      }
      result_seq = Value::array(seq);
    }
  }
  if (expr->keep_singleton_array) {
    if (result_seq.is_array() && result_seq.as_array().cons && !result_seq.as_array().sequence) {
      result_seq = sequence_of(result_seq);
    }
    // The flag only matters on sequences; leaving other arrays alone keeps input documents
    // (which may be shared between evaluations) untouched.
    if (result_seq.is_array() && result_seq.as_array().sequence) {
      result_seq.as_array().keep_singleton = true;
    }
  }
  if (expr->group) {
    result_seq = eval_group(*expr->group, is_tuple_stream ? tuples : result_seq, env);
  }
  return result_seq;
}

Value Evaluator::eval_step(const NodePtr& expr, const Value& input, const Env& env, bool last) {
  if (expr->type == NodeType::Sort) {
    Value result = eval_sort(expr, input, env);
    if (expr->stages) result = eval_stages(*expr->stages, result, env);
    return result;
  }
  // The flattened sequence is one value built here: charged like a range of as many numbers,
  // so [1..3000].([1..3000]) meets the memory limit its pieces each stay under (issue 13). It is
  // charged as the pieces come, once there are two (one array alone may be returned as it is):
  // the limit is met after 300 pieces, not 3,000.
  auto flattened_size = [](const Value& res) -> std::size_t {
    return !res.is_array() || res.as_array().cons ? 1 : res.as_array().items.size();
  };
  std::vector<Value> results;
  std::size_t total = 0;
  if (input.is_array()) {
    const Array& in = input.as_array();
    results.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      Value item = in[i];  // copy: the step may mutate the array it came from
      Value res = evaluate(expr, item, env);
      if (expr->stages) {
        for (const Stage& s : *expr->stages) {
          if (!s.is_index) res = eval_filter(s.expr, res, env);
        }
      }
      if (res.is_undefined()) continue;
      total += flattened_size(res);
      results.push_back(std::move(res));
      if (results.size() > 1) charge_items(total);
    }
  }
  if (last && results.size() == 1 && results[0].is_array() && !results[0].as_array().sequence) {
    return results[0];
  }
  charge_items(total);
  auto seq = make_sequence();
  seq->items.reserve(total);
  for (Value& res : results) {
    if (!res.is_array() || res.as_array().cons) {
      seq->push(std::move(res));
    } else {
      for (const Value& v : res.as_array().items) seq->push(v);
    }
  }
  return Value::array(seq);
}

Value Evaluator::eval_stages(const std::vector<Stage>& stages, Value input, const Env& env) {
  Value result = std::move(input);
  for (const Stage& stage : stages) {
    if (!stage.is_index) {
      result = eval_filter(stage.expr, result, env);
    } else if (result.is_array()) {
      Array& arr = result.as_array();
      for (std::size_t i = 0; i < arr.size(); ++i) {
        if (arr[i].is_object())
          arr[i].as_object().set(stage.var, Value::number(static_cast<double>(i)));
      }
    }
  }
  return result;
}

Value Evaluator::eval_tuple_step(const NodePtr& expr, const Value& input, Value tuples,
                                 const Env& env) {
  if (expr->type == NodeType::Sort) {
    Value result;
    if (!tuples.is_undefined()) {
      result = eval_sort(expr, tuples, env);
    } else {
      Value sorted = eval_sort(expr, input, env);
      auto seq = make_sequence();
      seq->tuple_stream = true;
      if (sorted.is_array()) {
        const Array& s = sorted.as_array();
        for (std::size_t i = 0; i < s.size(); ++i) {
          auto t = std::make_shared<Object>();
          t->set("@", s[i]);
          if (expr->index) t->set(*expr->index, Value::number(static_cast<double>(i)));
          seq->push(Value::object(t));
        }
      }
      result = Value::array(seq);
    }
    if (expr->stages) result = eval_stages(*expr->stages, result, env);
    return result;
  }

  auto result = make_sequence();
  result->tuple_stream = true;
  if (tuples.is_undefined()) {
    auto seq = make_array();
    if (input.is_array()) {
      for (const Value& item : input.as_array().items) {
        auto t = std::make_shared<Object>();
        t->set("@", item);
        seq->push(Value::object(t));
      }
    }
    tuples = Value::array(seq);
  }
  const Array& tb = tuples.as_array();
  for (std::size_t ee = 0; ee < tb.size(); ++ee) {
    const Value& binding = tb[ee];
    Env step_env = frame_from_tuple(env, binding);
    Value res = evaluate(expr, first_tuple_value(binding), step_env);
    if (res.is_undefined()) continue;
    bool res_tuples = res.is_array() && res.as_array().tuple_stream;
    if (!res.is_array()) res = sequence_of(res);
    const Array& ra = res.as_array();
    // Each binding multiplies into as many tuples as its step gives: the stream is one value
    // built here, and each tuple copies the binding's variables.
    charge_items(result->size() + ra.size());
    account(ra.size() * kUnitsPerNode * (binding.is_object() ? binding.as_object().size() + 1 : 1));
    for (std::size_t bb = 0; bb < ra.size(); ++bb) {
      auto tuple = binding.is_object() ? std::make_shared<Object>(binding.as_object())
                                       : std::make_shared<Object>();
      if (res_tuples) {
        if (ra[bb].is_object()) {
          for (const auto& [k, v] : ra[bb].as_object().entries()) tuple->set(k, v);
        }
      } else {
        if (expr->focus) {
          tuple->set(*expr->focus, ra[bb]);
          tuple->set("@", first_tuple_value(binding));
        } else {
          tuple->set("@", ra[bb]);
        }
        if (expr->index) tuple->set(*expr->index, Value::number(static_cast<double>(bb)));
        if (expr->ancestor) tuple->set(expr->ancestor->label, first_tuple_value(binding));
      }
      result->push(Value::object(tuple));
    }
  }
  Value out = Value::array(result);
  if (expr->stages) out = eval_stages(*expr->stages, out, env);
  return out;
}

Value Evaluator::eval_filter(const NodePtr& predicate, const Value& input_value, const Env& env) {
  auto results = make_sequence();
  if (input_value.is_array() && input_value.as_array().tuple_stream) results->tuple_stream = true;
  Value input = input_value.is_array() ? input_value : sequence_of(input_value);
  const Array& in = input.as_array();
  if (predicate->type == NodeType::Number) {
    double idx = std::floor(predicate->literal.as_number());
    if (idx < 0) idx += static_cast<double>(in.size());
    if (idx >= 0 && idx < static_cast<double>(in.size())) {
      const Value& item = in[static_cast<std::size_t>(idx)];
      if (!item.is_undefined()) {
        if (item.is_array()) return item;
        results->push(item);
      }
    }
    return Value::array(results);
  }
  for (std::size_t index = 0; index < in.size(); ++index) {
    const Value& item = in[index];
    Value context = item;
    Env frame = env;
    if (in.tuple_stream) {
      context = first_tuple_value(item);
      frame = frame_from_tuple(env, item);
    }
    Value res = evaluate(predicate, context, frame);
    if (is_numeric(res)) res = sequence_of(res);
    if (res.is_array()) account(res.as_array().size() * kUnitsPerNode);
    if (is_array_of_numbers(res)) {
      for (const Value& r : res.as_array().items) {
        double ii = std::floor(r.as_number());
        if (ii < 0) ii += static_cast<double>(in.size());
        if (ii == static_cast<double>(index)) results->push(item);
      }
    } else {
      bool defined = true;
      if (to_boolean(res, defined, this)) results->push(item);
    }
  }
  return Value::array(results);
}

namespace {

Value numeric_op(const Value& lhs, const Value& rhs, const std::string& op) {
  if (!lhs.is_undefined() && !is_numeric(lhs)) throw JError("T2001").with("value", lhs);
  if (!rhs.is_undefined() && !is_numeric(rhs)) throw JError("T2002").with("value", rhs);
  if (lhs.is_undefined() || rhs.is_undefined()) return Value();
  double a = lhs.as_number();
  double b = rhs.as_number();
  switch (op[0]) {
    case '+':
      return Value::number(a + b);
    case '-':
      return Value::number(a - b);
    case '*':
      return Value::number(a * b);
    case '/':
      return Value::number(a / b);
    default:
      return Value::number(std::fmod(a, b));
  }
}

Value comparison_op(const Value& lhs, const Value& rhs, const std::string& op) {
  auto comparable = [](const Value& v) {
    return v.is_undefined() || v.is_string() || v.is_number();
  };
  if (!comparable(lhs) || !comparable(rhs)) {
    bool lgood = lhs.is_string() || lhs.is_number();
    throw JError("T2010").with("value", lgood ? rhs : lhs);
  }
  if (lhs.is_undefined() || rhs.is_undefined()) return Value();
  if (lhs.kind() != rhs.kind()) throw JError("T2009").with("value", lhs).with("value2", rhs);
  int c;
  if (lhs.is_number()) {
    double a = lhs.as_number();
    double b = rhs.as_number();
    if (std::isnan(a) || std::isnan(b)) return Value::boolean(false);
    c = a < b ? -1 : (a > b ? 1 : 0);
  } else {
    c = compare_utf16(lhs.as_string(), rhs.as_string());
  }
  if (op == "<") return Value::boolean(c < 0);
  if (op == "<=") return Value::boolean(c <= 0);
  if (op == ">") return Value::boolean(c > 0);
  return Value::boolean(c >= 0);
}

Value includes_op(const Value& lhs, const Value& rhs) {
  if (lhs.is_undefined() || rhs.is_undefined()) return Value::boolean(false);
  auto strict_equal = [](const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
      case Kind::Null:
        return true;
      case Kind::Boolean:
        return a.as_bool() == b.as_bool();
      case Kind::Number:
        return a.as_number() == b.as_number();
      case Kind::String:
        return a.as_string() == b.as_string();
      default:
        return a.identity() == b.identity();
    }
  };
  if (rhs.is_array()) {
    for (const Value& v : rhs.as_array().items)
      if (strict_equal(v, lhs)) return Value::boolean(true);
    return Value::boolean(false);
  }
  return Value::boolean(strict_equal(rhs, lhs));
}

}  // namespace

Value Evaluator::eval_binary(const NodePtr& expr, const Value& input, const Env& env) {
  Value lhs = evaluate(expr->lhs, input, env);
  const std::string& op = expr->value;
  if (op == "and" || op == "or") {
    try {
      bool d = true;
      bool l = to_boolean(lhs, d, this);
      if (op == "and") {
        if (!l) return Value::boolean(false);
      } else if (l) {
        return Value::boolean(true);
      }
      Value rhs = evaluate(expr->rhs, input, env);
      return Value::boolean(to_boolean(rhs, d, this));
    } catch (JError& err) {
      err.position = expr->position;
      err.with_token(op);
      throw;
    }
  }
  Value rhs = evaluate(expr->rhs, input, env);
  try {
    switch (op[0]) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return numeric_op(lhs, rhs, op);
      case '=':
        if (lhs.is_undefined() || rhs.is_undefined()) return Value::boolean(false);
        return Value::boolean(deep_equal(lhs, rhs, this));
      case '!':
        if (lhs.is_undefined() || rhs.is_undefined()) return Value::boolean(false);
        return Value::boolean(!deep_equal(lhs, rhs, this));
      case '<':
      case '>':
        return comparison_op(lhs, rhs, op);
      case '&': {
        std::string s = lhs.is_undefined() ? std::string() : value_to_string(lhs, this);
        if (!rhs.is_undefined()) s += value_to_string(rhs, this);
        account(s.size());
        charge(s.size());
        return Value::string(std::move(s));
      }
      case '.': {  // '..' range
        auto is_int = [](const Value& v) {
          return v.is_number() && std::isfinite(v.as_number()) &&
                 std::trunc(v.as_number()) == v.as_number();
        };
        if (!lhs.is_undefined() && !is_int(lhs)) throw JError("T2003").with("value", lhs);
        if (!rhs.is_undefined() && !is_int(rhs)) throw JError("T2004").with("value", rhs);
        if (lhs.is_undefined() || rhs.is_undefined()) return Value();
        double lo = lhs.as_number();
        double hi = rhs.as_number();
        if (lo > hi) return Value();
        double size = hi - lo + 1;
        if (size > 1e7) throw JError("D2014").with("value", Value::number(size));
        charge(static_cast<std::size_t>(size) * 8);
        // Counted, not stepped by += 1: above 2^53 adding one no longer changes a double, and
        // the loop never ended (issue 13).
        auto count = static_cast<std::size_t>(size);
        auto seq = make_sequence();
        seq->items.reserve(count);
        for (std::size_t i = 0; i < count; ++i) {
          if ((i & 0xFFF) == 0) tick();
          seq->items.push_back(Value::number(lo + static_cast<double>(i)));
        }
        return Value::array(seq);
      }
      case 'i':  // in
        if (rhs.is_array()) account(rhs.as_array().size() * kUnitsPerNode);
        return includes_op(lhs, rhs);
      default:
        return Value();
    }
  } catch (JError& err) {
    err.position = expr->position;
    err.with_token(op);
    throw;
  }
}

Value Evaluator::eval_unary(const NodePtr& expr, const Value& input, const Env& env) {
  if (expr->value == "-") {
    Value v = evaluate(expr->expression, input, env);
    if (v.is_undefined()) return Value();
    if (is_numeric(v)) return Value::number(-v.as_number());
    throw JError("D1002").at(expr->position).with_token("-").with("value", v);
  }
  if (expr->value == "[") {
    Value result = Value::array(make_array());
    for (const NodePtr& item : expr->expressions) {
      Value value = evaluate(item, input, env);
      if (value.is_undefined()) continue;
      if (item->value == "[" && item->type == NodeType::Unary) {
        result.as_array().push(std::move(value));
      } else {
        if (value.is_array()) {
          // the members of an array are copied in: the constructed array is one value built
          account(value.as_array().size() * kUnitsPerNode);
          charge_items(result.as_array().size() + value.as_array().size());
        }
        result = append(std::move(result), std::move(value));
      }
    }
    if (expr->consarray) result.as_array().cons = true;
    return result;
  }
  // object constructor
  return eval_group_pairs(expr->pairs, expr->position, input, env);
}

Value Evaluator::eval_group(const Group& group, const Value& input, const Env& env) {
  return eval_group_pairs(group.pairs, group.position, input, env);
}

namespace {

// jsonata-js reduceTupleStream, followed by its `delete tuple['@']`. A group whose data is one
// tuple gets that tuple itself, not a copy, so the delete removes '@' from the tuple every
// other key made from the same item shares: the groups evaluated after it see no context
// (`items.%{'a': 1, 'b': $}` gives b nothing). `consumed` holds the tuples so mutated.
std::shared_ptr<Object> reduce_tuple_stream(const Value& stream,
                                            std::unordered_set<const Object*>& consumed) {
  auto copy_of = [&](const Value& tuple) {
    Object o = tuple.as_object();
    if (consumed.count(&tuple.as_object())) o.erase("@");
    return o;
  };
  auto result = std::make_shared<Object>();
  if (!stream.is_array()) {
    if (stream.is_object()) {
      *result = copy_of(stream);
      consumed.insert(&stream.as_object());
    }
    return result;
  }
  const Array& arr = stream.as_array();
  if (arr.empty()) return result;
  if (arr[0].is_object()) *result = copy_of(arr[0]);
  for (std::size_t i = 1; i < arr.size(); ++i) {
    if (!arr[i].is_object()) continue;
    const bool no_focus = consumed.count(&arr[i].as_object()) > 0;
    for (const auto& [k, v] : arr[i].as_object().entries()) {
      if (no_focus && k == "@") continue;
      // Moved out, so append() extends the array it built last time instead of copying it:
      // a group of n tuples took n^2 copies.
      if (Value* cur = result->find(k)) {
        *cur = append(std::move(*cur), v);
      } else {
        result->set(k, v);
      }
    }
  }
  return result;
}

}  // namespace

Value Evaluator::eval_group_pairs(const std::vector<std::pair<NodePtr, NodePtr>>& pairs,
                                  int position, const Value& input_value, const Env& env) {
  bool reduce = input_value.is_array() && input_value.as_array().tuple_stream;
  Value input = input_value.is_array() ? input_value : sequence_of(input_value);
  std::vector<Value> items = input.as_array().items;
  if (items.empty()) items.emplace_back();

  struct Entry {
    Value data;
    std::size_t expr_index;
  };
  std::vector<std::pair<std::string, Entry>> groups;
  std::unordered_map<std::string, std::size_t> group_index;

  for (const Value& item : items) {
    Env frame = reduce ? frame_from_tuple(env, item) : env;
    for (std::size_t pi = 0; pi < pairs.size(); ++pi) {
      Value key = evaluate(pairs[pi].first, reduce ? first_tuple_value(item) : item, frame);
      if (!key.is_string() && !key.is_undefined()) {
        throw JError("T1003").at(position).with("value", key);
      }
      if (key.is_undefined()) continue;
      const std::string& k = key.as_string();
      auto it = group_index.find(k);
      if (it != group_index.end()) {
        Entry& e = groups[it->second].second;
        if (e.expr_index != pi) throw JError("D1009").at(position).with("value", key);
        e.data = append(std::move(e.data), item);
      } else {
        group_index.emplace(k, groups.size());
        groups.push_back({k, Entry{item, pi}});
      }
    }
  }

  auto result = std::make_shared<Object>();
  std::unordered_set<const Object*> consumed;
  for (auto& [key, entry] : groups) {
    Value context = entry.data;
    Env frame = env;
    if (reduce) {
      auto tuple = reduce_tuple_stream(entry.data, consumed);
      const Value* at = tuple->find("@");
      context = at ? *at : Value();
      tuple->erase("@");
      frame = frame_from_tuple(env, Value::object(tuple));
    }
    Value value = evaluate(pairs[entry.expr_index].second, context, frame);
    if (!value.is_undefined()) result->set(key, std::move(value));
  }
  return Value::object(result);
}

Value Evaluator::eval_block(const NodePtr& expr, const Value& input, const Env& env) {
  auto frame = std::make_shared<Frame>(env);
  Value result;
  for (const NodePtr& e : expr->expressions) result = evaluate(e, input, frame);
  return result;
}

Value Evaluator::eval_sort(const NodePtr& expr, const Value& input, const Env& env) {
  bool tuple_sort = input.is_array() && input.as_array().tuple_stream;
  auto comparator = [&](const Value& a, const Value& b) -> bool {
    int comp = 0;
    for (std::size_t index = 0; comp == 0 && index < expr->terms.size(); ++index) {
      const SortTerm& term = expr->terms[index];
      Value context = a;
      Env frame = env;
      if (tuple_sort) {
        context = first_tuple_value(a);
        frame = frame_from_tuple(env, a);
      }
      Value aa = evaluate(term.expr, context, frame);
      context = b;
      frame = env;
      if (tuple_sort) {
        context = first_tuple_value(b);
        frame = frame_from_tuple(env, b);
      }
      Value bb = evaluate(term.expr, context, frame);
      if (aa.is_undefined()) {
        comp = bb.is_undefined() ? 0 : 1;
        continue;
      }
      if (bb.is_undefined()) {
        comp = -1;
        continue;
      }
      bool a_ok = aa.is_string() || aa.is_number();
      bool b_ok = bb.is_string() || bb.is_number();
      if (!a_ok || !b_ok) {
        throw JError("T2008").at(expr->position).with("value", !a_ok ? aa : bb);
      }
      if (aa.kind() != bb.kind()) {
        throw JError("T2007").at(expr->position).with("value", aa).with("value2", bb);
      }
      int c;
      if (aa.is_number()) {
        double x = aa.as_number();
        double y = bb.as_number();
        c = x == y ? 0 : (x < y ? -1 : 1);
      } else {
        c = compare_utf16(aa.as_string(), bb.as_string());
      }
      if (c == 0) continue;
      comp = c;
      if (term.descending) comp = -comp;
    }
    return comp == 1;
  };
  if (input.is_undefined()) return Value();
  if (!input.is_array() || input.as_array().size() <= 1) return input;
  auto out = make_array();
  // fn.sort returns a fresh plain array: the sequence and tuple-stream marks do not survive.
  out->items = merge_sort(input.as_array().items, comparator);
  return Value::array(out);
}

}  // namespace sfn::jsonata
