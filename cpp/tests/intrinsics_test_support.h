// Shared by the intrinsics and payload tests: compile-and-evaluate in one step.
#pragma once

#include <string>
#include <string_view>

#include "common/failure.h"
#include "common/random.h"
#include "intrinsics/intrinsics.h"
#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::testing {

struct Documents {
  Json input = Json::object();
  Json context = Json::object();
  path::VariableLookup lookup = [](std::string_view) -> const Json* { return nullptr; };
  path::Scope scope() const { return path::Scope{&input, &context, &lookup}; }
};

// Compiles and evaluates `text`; a compile error comes back as a Failure named "SyntaxError".
inline Expected<Json> run_intrinsic(std::string_view text, const Documents& docs = {},
                                    std::uint64_t seed = 42) {
  auto compiled = intrinsics::compile(text);
  if (!compiled) return Failure{"SyntaxError", compiled.error().message};
  Rng rng(seed);
  return intrinsics::evaluate(*compiled, docs.scope(), rng, "result.$");
}

inline bool compiles(std::string_view text) { return intrinsics::compile(text).ok(); }

}  // namespace sfn::testing
