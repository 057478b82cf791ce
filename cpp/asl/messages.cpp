#include "asl/messages.h"

#include "asl/java_set_order.h"

namespace sfn::asl::msg {

std::string required(const std::vector<std::string_view>& fields) {
  return "These fields are required: " + java_set_text(fields);
}

std::string not_supported(std::string_view field) {
  return "Field '" + std::string(field) + "' is not supported";
}

std::string only_one_of(const std::vector<std::string_view>& fields) {
  return "There should only be one of the following fields: " + java_set_text(fields);
}

std::string exactly_one_of(const std::vector<std::string_view>& fields) {
  return "This object should have only one of the following fields: " + java_set_text(fields);
}

std::string one_of_values(const std::vector<std::string_view>& values) {
  return "Value should be one of the following: " + java_set_text(values);
}

std::string expected_type(std::string_view type) {
  return "Expected value of type [" + std::string(type) + "]";
}

std::string minimum(std::string_view bound) { return "Minimum value is " + std::string(bound); }

std::string maximum(std::string_view bound) { return "Maximum value is " + std::string(bound); }

std::string reserved_error_name(std::string_view name) {
  return "Custom error names must not start with 'States.': '" + std::string(name) + "'";
}

std::string field_required(std::string_view field) {
  return "The field '" + std::string(field) + "' is required but was missing";
}

std::string parameters_required(std::string_view field, std::string_view arn) {
  return std::string(field) + " field is required for resource ARN: " + std::string(arn);
}

std::string resource_not_recognized(std::string_view arn) {
  return "The resource provided " + std::string(arn) +
         " is not recognized. The value is not a valid resource ARN, or the resource is not "
         "available in this region.";
}

std::string express_unsupported_pattern(std::string_view pattern) {
  // AWS ends the waitForTaskToken sentence with a space (recorded: "integration  at /States/..").
  std::string out =
      "Express state machine does not support '" + std::string(pattern) + "' service integration";
  if (pattern == ".waitForTaskToken") out += ' ';
  return out;
}

std::string field_of_other_language(bool state_is_jsonata, std::string_view field) {
  return std::string("The QueryLanguage is set to '") +
         (state_is_jsonata ? "JSONata" : "JSONPath") + "', but field '" + std::string(field) +
         "' is only supported for the '" + (state_is_jsonata ? "JSONPath" : "JSONata") +
         "' QueryLanguage";
}

std::string missing_target(std::string_view name) {
  return "Missing 'Next' target: " + std::string(name);
}

std::string not_reachable(std::string_view name) {
  return "State \"" + std::string(name) + "\" is not reachable.";
}

std::string duplicate_state(std::string_view name) {
  return "Duplicate State name: " + std::string(name);
}

std::string invalid_state_name(std::string_view name) {
  return "Invalid State name: State '" + std::string(name) +
         "' exceeds the 80-character limit allowed by the service";
}

std::string empty_state_name() { return "Invalid State name: the name is empty"; }

std::string invalid_variable_name(std::string_view name) {
  return "Invalid variable name '" + std::string(name) +
         "': the variable name contains invalid characters.";
}

std::string fail_intrinsic_not_allowed(std::string_view field) {
  return "The value for the field '" + std::string(field) +
         "' must be a valid JSONPath or a valid intrinsic function call";
}

std::string top_level_reference(std::string_view name) {
  if (name == "$$") return "Reference to '$$' is not supported.";
  return "Reference to '" + std::string(name) + "' at the top level is not supported.";
}

std::string states_field_missing(std::string_view field) {
  return "Field '$states." + std::string(field) + "' does not exist.";
}

}  // namespace sfn::asl::msg
