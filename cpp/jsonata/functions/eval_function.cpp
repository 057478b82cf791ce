// $eval (plain jsonata only; Step Functions removes it).
#include "jsonata/functions/builtins.h"
#include "jsonata/parser.h"

namespace sfn::jsonata::fn {

Value eval(Call& c) {
  const Value& expr = c.arg(0);
  if (expr.is_undefined()) return Value();
  Value input = c.input;
  if (!c.arg(1).is_undefined()) {
    input = c.arg(1);
    if (input.is_array() && !input.as_array().sequence) {
      auto wrapper = make_sequence();
      wrapper->push(input);
      wrapper->outer_wrapper = true;
      input = Value::array(wrapper);
    }
  }
  NodePtr ast;
  try {
    ast = parse(expr.as_string());
  } catch (const JError& err) {
    throw JError("D3120").with("value", Value::string(render_message(err)));
  }
  try {
    return c.ev.evaluate(ast, input, c.env);
  } catch (const JError& err) {
    if (err.code == "U1001" || err.code == "U1002") throw;
    throw JError("D3121").with("value", Value::string(render_message(err)));
  }
}

}  // namespace sfn::jsonata::fn
