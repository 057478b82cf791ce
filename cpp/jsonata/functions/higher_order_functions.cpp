// $map $filter $single $reduce
#include "jsonata/functions/builtins.h"

namespace sfn::jsonata::fn {

namespace {

std::vector<Value> hof_args(Evaluator& ev, const Value& func, const Value& item, std::size_t i,
                            const Value& arr) {
  std::vector<Value> args{item};
  int n = ev.arity(func);
  if (n >= 2) args.push_back(Value::number(static_cast<double>(i)));
  if (n >= 3) args.push_back(arr);
  return args;
}

}  // namespace

Value map(Call& c) {
  const Value& arr = c.arg(0);
  if (arr.is_undefined()) return Value();
  const Value& func = c.arg(1);
  auto seq = make_sequence();
  const std::vector<Value> items = arr.as_array().items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value res = c.ev.call(func, hof_args(c.ev, func, items[i], i, arr), c.env);
    if (!res.is_undefined()) seq->push(std::move(res));
  }
  return Value::array(seq);
}

Value filter(Call& c) {
  const Value& arr = c.arg(0);
  if (arr.is_undefined()) return Value();
  const Value& func = c.arg(1);
  auto seq = make_sequence();
  const std::vector<Value> items = arr.as_array().items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value res = c.ev.call(func, hof_args(c.ev, func, items[i], i, arr), c.env);
    bool d = true;
    if (to_boolean(res, d, &c.ev)) seq->push(items[i]);
  }
  return Value::array(seq);
}

Value single(Call& c) {
  const Value& arr = c.arg(0);
  if (arr.is_undefined()) return Value();
  const Value& func = c.arg(1);
  bool found = false;
  Value result;
  const std::vector<Value> items = arr.as_array().items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    bool positive = true;
    if (!func.is_undefined()) {
      Value res = c.ev.call(func, hof_args(c.ev, func, items[i], i, arr), c.env);
      bool d = true;
      positive = to_boolean(res, d, &c.ev);
    }
    if (positive) {
      if (found) throw JError("D3138").with("index", Value::number(static_cast<double>(i)));
      result = items[i];
      found = true;
    }
  }
  if (!found) throw JError("D3139");
  return result;
}

Value reduce(Call& c) {
  const Value& seq = c.arg(0);
  if (seq.is_undefined()) return Value();
  const Value& func = c.arg(1);
  int n = c.ev.arity(func);
  if (n < 2) throw JError("D3050").with("index", Value::number(1));
  const std::vector<Value> items = seq.as_array().items;
  Value result;
  std::size_t index = 0;
  if (c.arg(2).is_undefined() && !items.empty()) {
    result = items[0];
    index = 1;
  } else {
    result = c.arg(2);
  }
  for (; index < items.size(); ++index) {
    std::vector<Value> args{result, items[index]};
    if (n >= 3) args.push_back(Value::number(static_cast<double>(index)));
    if (n >= 4) args.push_back(seq);
    result = c.ev.call(func, std::move(args), c.env);
  }
  return result;
}

}  // namespace sfn::jsonata::fn
