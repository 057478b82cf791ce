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

namespace sfn::engine {

struct VariableScope {
  std::shared_ptr<const VariableScope> outer;
  std::vector<std::pair<std::string, JsonPtr>> values;  // few variables: a vector beats a map

  const Json* find(std::string_view name) const {
    for (const VariableScope* s = this; s; s = s->outer.get()) {
      for (const auto& [key, value] : s->values) {
        if (key == name) return value.get();
      }
    }
    return nullptr;
  }

  void set(std::string name, JsonPtr value) {
    for (auto& [key, existing] : values) {
      if (key == name) {
        existing = std::move(value);
        return;
      }
    }
    values.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace sfn::engine
