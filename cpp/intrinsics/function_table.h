// What the parser and the evaluator know about each intrinsic: its name, how many arguments it
// takes, what a literal argument must be, and the function that computes it.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "common/failure.h"
#include "common/random.h"
#include "intrinsics/call.h"
#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::intrinsics::detail {

// What an argument position accepts. Literals (strings, numbers, booleans, null) are checked
// against it when the definition is compiled; values from paths and nested calls when evaluated.
enum class Param : unsigned char {
  Any,
  String,
  Number,
  Boolean,
  Array,
  Object,
  PathOnly,  // States.JsonToString: "This argument must be a Path"
};

struct Evaluation {
  const Call& call;
  Rng& rng;
};

// Arguments arrive evaluated; a Selection borrows a value from the input or the definition when it
// can, so read-only functions copy nothing.
using Impl = Expected<Json> (*)(std::span<path::Selection> args, Evaluation& ev);

inline constexpr std::size_t kVariadic = static_cast<std::size_t>(-1);

struct FunctionSpec {
  FunctionId id;
  std::string_view name;  // "States.Format"
  std::size_t min_args;
  std::size_t max_args;  // kVariadic: no upper bound
  Param first;           // the kind of the first arguments (up to three are described)
  Param second;
  Param third;
  Impl impl;
};

// nullptr when `name` ("States.Format") is not an intrinsic.
const FunctionSpec* find_function(std::string_view name);
const FunctionSpec& spec_of(FunctionId id);
Param param_at(const FunctionSpec& spec, std::size_t index);

// The algorithms States.Hash knows: "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512".
bool is_hash_algorithm(std::string_view name);

// The implementations, one per function, grouped by subject in functions_*.cpp.
Expected<Json> fn_format(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_string_to_json(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_json_to_string(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array_partition(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array_contains(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array_range(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array_get_item(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array_length(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_array_unique(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_base64_encode(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_base64_decode(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_hash(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_json_merge(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_math_random(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_math_add(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_string_split(std::span<path::Selection> args, Evaluation& ev);
Expected<Json> fn_uuid(std::span<path::Selection> args, Evaluation& ev);

}  // namespace sfn::intrinsics::detail
