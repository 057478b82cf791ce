// The small fixed documents the expression fuzzers evaluate against: every JSON type, arrays to
// slice and filter, nesting to scan, so that most paths and expressions select something.
#pragma once

#include <string_view>

#include "json/json.h"

namespace sfn::fuzz {

inline const Json& input_document() {
  static const Json doc = Json::parse(R"({
    "store": {
      "book": [
        {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
        {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99,
         "isbn": "0-553-21311-3", "tags": ["a", "b"]},
        {"category": "fiction", "author": "J. R. R. Tolkien", "price": 22.99, "n": null}
      ],
      "bicycle": {"color": "red", "price": 19.95, "gears": [1, 2, 3]}
    },
    "a": [1, 2.5, -3, 1e300, 9007199254740993, "x", true, null, [], {}],
    "s": "héllo wörld 😀", "empty": "", "zero": 0, "neg": -1, "t": true, "f": false, "nul": null,
    "nested": {"a": {"b": {"c": [{"d": 1}, {"d": 2}]}}},
    "k y": {"q'uote": "\"", "back\\slash": "\\"}
  })");
  return doc;
}

// A context object shaped as the engine's ($$ in JSONPath, $states.context in JSONata).
inline const Json& context_document() {
  static const Json doc = Json::parse(R"({
    "Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:sm:run",
                  "Input": {"k": "v"}, "Name": "run", "StartTime": "2024-01-01T00:00:00.000Z"},
    "State": {"Name": "S", "EnteredTime": "2024-01-01T00:00:00.000Z", "RetryCount": 0},
    "StateMachine": {"Id": "arn:aws:states:us-east-1:123456789012:stateMachine:sm", "Name": "sm"},
    "Map": {"Item": {"Index": 1, "Value": {"x": 1}}},
    "Task": {"Token": "tok"}
  })");
  return doc;
}

// Workflow variables: `$v` is an object, `$n` a number, `$list` an array.
inline const Json* variable(std::string_view name) {
  static const Json v = Json::parse(R"({"a": {"b": [1, 2, 3]}, "s": "str"})");
  static const Json n = 42;
  static const Json list = Json::parse(R"([3, 1, 2, "b", "a"])");
  if (name == "v") return &v;
  if (name == "n") return &n;
  if (name == "list") return &list;
  return nullptr;
}

}  // namespace sfn::fuzz
