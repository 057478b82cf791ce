// $sum $count $max $min $average
#include "jsonata/functions/builtins.h"

namespace sfn::jsonata::fn {

Value sum(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  double total = 0;
  for (const Value& v : a.as_array().items) total += v.as_number();
  return Value::number(total);
}

Value count(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value::number(0);
  return Value::number(static_cast<double>(a.as_array().size()));
}

Value max(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined() || a.as_array().empty()) return Value();
  double m = -1.0 / 0.0;
  for (const Value& v : a.as_array().items) {
    double d = v.as_number();
    if (d != d) return Value::number(d);
    if (d > m) m = d;
  }
  return Value::number(m);
}

Value min(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined() || a.as_array().empty()) return Value();
  double m = 1.0 / 0.0;
  for (const Value& v : a.as_array().items) {
    double d = v.as_number();
    if (d != d) return Value::number(d);
    if (d < m) m = d;
  }
  return Value::number(m);
}

Value average(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined() || a.as_array().empty()) return Value();
  double total = 0;
  for (const Value& v : a.as_array().items) total += v.as_number();
  return Value::number(total / static_cast<double>(a.as_array().size()));
}

}  // namespace sfn::jsonata::fn
