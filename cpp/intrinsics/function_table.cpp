#include "intrinsics/function_table.h"

#include <array>

namespace sfn::intrinsics::detail {

namespace {

using P = Param;

// Order follows FunctionId so spec_of can index.
constexpr std::array<FunctionSpec, 18> kFunctions{{
    {FunctionId::Format, "States.Format", 1, kVariadic, P::String, P::Any, P::Any, fn_format},
    {FunctionId::StringToJson, "States.StringToJson", 1, 1, P::String, P::Any, P::Any,
     fn_string_to_json},
    {FunctionId::JsonToString, "States.JsonToString", 1, 1, P::PathOnly, P::Any, P::Any,
     fn_json_to_string},
    {FunctionId::Array, "States.Array", 0, kVariadic, P::Any, P::Any, P::Any, fn_array},
    {FunctionId::ArrayPartition, "States.ArrayPartition", 2, 2, P::Array, P::Number, P::Any,
     fn_array_partition},
    {FunctionId::ArrayContains, "States.ArrayContains", 2, 2, P::Array, P::Any, P::Any,
     fn_array_contains},
    {FunctionId::ArrayRange, "States.ArrayRange", 3, 3, P::Number, P::Number, P::Number,
     fn_array_range},
    {FunctionId::ArrayGetItem, "States.ArrayGetItem", 2, 2, P::Array, P::Number, P::Any,
     fn_array_get_item},
    {FunctionId::ArrayLength, "States.ArrayLength", 1, 1, P::Array, P::Any, P::Any,
     fn_array_length},
    {FunctionId::ArrayUnique, "States.ArrayUnique", 1, 1, P::Array, P::Any, P::Any,
     fn_array_unique},
    {FunctionId::Base64Encode, "States.Base64Encode", 1, 1, P::String, P::Any, P::Any,
     fn_base64_encode},
    {FunctionId::Base64Decode, "States.Base64Decode", 1, 1, P::String, P::Any, P::Any,
     fn_base64_decode},
    {FunctionId::Hash, "States.Hash", 2, 2, P::String, P::String, P::Any, fn_hash},
    {FunctionId::JsonMerge, "States.JsonMerge", 3, 3, P::Object, P::Object, P::Boolean,
     fn_json_merge},
    {FunctionId::MathRandom, "States.MathRandom", 2, 3, P::Number, P::Number, P::Number,
     fn_math_random},
    {FunctionId::MathAdd, "States.MathAdd", 2, 2, P::Number, P::Number, P::Any, fn_math_add},
    {FunctionId::StringSplit, "States.StringSplit", 2, 2, P::String, P::String, P::Any,
     fn_string_split},
    {FunctionId::UUID, "States.UUID", 0, 0, P::Any, P::Any, P::Any, fn_uuid},
}};

}  // namespace

const FunctionSpec* find_function(std::string_view name) {
  for (const FunctionSpec& spec : kFunctions) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const FunctionSpec& spec_of(FunctionId id) { return kFunctions[static_cast<std::size_t>(id)]; }

Param param_at(const FunctionSpec& spec, std::size_t index) {
  switch (index) {
    case 0:
      return spec.first;
    case 1:
      return spec.second;
    case 2:
      return spec.third;
    default:
      return Param::Any;
  }
}

}  // namespace sfn::intrinsics::detail
