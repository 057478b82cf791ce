// Errors inside the JSONata layer travel as a thrown JError (as jsonata-js throws its error
// objects); the public API catches them and renders the message.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/stack.h"
#include "jsonata/value.h"

namespace sfn::jsonata {

struct JError {
  std::string code;
  int position = -1;  // byte offset into the source; converted at the API boundary
  bool has_token = false;
  std::string token;
  // Template inserts: "value", "value2", "index", "type", "exp", "functionName", "message".
  std::vector<std::pair<std::string, Value>> fields;

  JError() = default;
  explicit JError(std::string c) : code(std::move(c)) {}
  JError& at(int pos) {
    position = pos;
    return *this;
  }
  JError& with_token(std::string t) {
    token = std::move(t);
    has_token = true;
    return *this;
  }
  JError& with(std::string name, Value v) {
    fields.emplace_back(std::move(name), std::move(v));
    return *this;
  }
  const Value* field(std::string_view name) const {
    for (const auto& [k, v] : fields)
      if (k == name) return &v;
    return nullptr;
  }
};

// Values can nest arbitrarily deep (inputs, or arrays built by tail recursion); every recursive
// walk over a value stops at this depth with an error rather than exhausting the stack.
constexpr int kMaxValueDepth = 1000;
inline void check_nesting(int depth) {
  if (depth > kMaxValueDepth || stack::nearly_exhausted_at(depth)) {
    throw JError("U1001").with("message",
                               Value::string("Stack overflow error: value nests too deeply"));
  }
}

[[noreturn]] inline void fail(std::string code) { throw JError(std::move(code)); }
[[noreturn]] inline void fail(std::string code, Value value) {
  throw JError(std::move(code)).with("value", std::move(value));
}

// The message jsonata-js's populateMessage renders for `err`.
std::string render_message(const JError& err);

}  // namespace sfn::jsonata
