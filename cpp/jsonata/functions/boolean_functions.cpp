// $boolean $not $exists
#include "jsonata/functions/builtins.h"

namespace sfn::jsonata::fn {

Value boolean(Call& c) { return boolean_of(c.arg(0), &c.ev); }

Value not_(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  bool defined = true;
  return Value::boolean(!to_boolean(a, defined, &c.ev));
}

Value exists(Call& c) { return Value::boolean(!c.arg(0).is_undefined()); }

}  // namespace sfn::jsonata::fn
