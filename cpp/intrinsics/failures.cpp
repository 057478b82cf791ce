#include "intrinsics/failures.h"

namespace sfn::intrinsics {

Failure invalid_arguments(std::string_view function_name) {
  std::string cause = "Invalid arguments in ";
  cause += function_name;
  return Failure{std::string(kIntrinsicFailure), std::move(cause)};
}

Failure path_not_found(std::string_view path_text, std::string_view field, const Json* input) {
  std::string cause = "The JSONPath '";
  cause += path_text;
  cause += "' specified for the field '";
  cause += field;
  cause += "' could not be found in the input '";
  cause += input ? to_text(*input) : std::string("null");
  cause += "'";
  return Failure{std::string(kRuntime), std::move(cause)};
}

}  // namespace sfn::intrinsics
