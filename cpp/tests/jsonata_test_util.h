// Helpers for the JSONata unit tests: evaluate an expression and describe the outcome as text
// ("undefined", "error CODE", or the compact JSON result).
#pragma once

#include <string>

#include "jsonata/jsonata.h"

namespace sfn::jsonata::testing {

inline std::string outcome(const std::string& expr, const char* input_json = nullptr,
                           Options options = {}) {
  auto compiled = compile(expr);
  if (!compiled) return "error " + compiled.error().code;
  Json input;
  if (input_json) input = Json::parse(input_json);
  if (!options.now_millis) options.now_millis = 1700000000000;
  auto r = evaluate(*compiled, input_json ? &input : nullptr, {}, options);
  if (!r) return "error " + r.error().code;
  if (r->kind == Result::Kind::Function) return "function";
  if (r->is_undefined()) return "undefined";
  return r->value.dump();
}

inline std::string aws(const std::string& expr, const char* input_json = nullptr) {
  Options o;
  o.aws_dialect = true;
  return outcome(expr, input_json, o);
}

}  // namespace sfn::jsonata::testing
