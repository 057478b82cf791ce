// Workflow variables (`Assign`). A scope holds the variables assigned in one thread; Map
// iterations and Parallel branches get a child scope that reads the outer one and whose own
// variables vanish when the child ends.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"
#include "jsonata/jsonata.h"

namespace sfn::engine {

struct Variable {
  std::string name;
  JsonPtr value;
  // The value converted for JSONata, on first use: a variable read by many JSONata expressions
  // is converted once per assignment.
  mutable std::shared_ptr<const jsonata::Document> document;

  const jsonata::Document& as_document() const {
    if (!document) document = std::make_shared<const jsonata::Document>(*value);
    return *document;
  }
};

struct VariableScope {
  std::shared_ptr<const VariableScope> outer;
  std::vector<Variable> values;  // few variables: a vector beats a map

  const Variable* find_variable(std::string_view name) const {
    for (const VariableScope* s = this; s; s = s->outer.get()) {
      for (const Variable& v : s->values) {
        if (v.name == name) return &v;
      }
    }
    return nullptr;
  }

  const Json* find(std::string_view name) const {
    const Variable* v = find_variable(name);
    return v ? v->value.get() : nullptr;
  }

  void set(std::string name, JsonPtr value) {
    for (Variable& v : values) {
      if (v.name == name) {
        v.value = std::move(value);
        v.document.reset();
        return;
      }
    }
    values.push_back(Variable{std::move(name), std::move(value), nullptr});
  }
};

}  // namespace sfn::engine
