#include "service/errors.h"

#include "asl/json_reader.h"

namespace sfn::service {

namespace {

std::string quoted(std::string_view prefix, std::string_view value) {
  std::string out(prefix);
  out += ": '";
  out += value;
  out += "'";
  return out;
}

std::string jackson_message(std::string_view text, std::string_view parser_error) {
  auto read = asl::read_json(text);
  if (!read.ok()) return read.error().message;
  // nlohmann's texts start with their own tag ("[json.exception.out_of_range.406] "), which
  // means nothing to a user.
  if (parser_error.starts_with("[json.exception.")) {
    if (auto end = parser_error.find("] "); end != std::string_view::npos) {
      parser_error.remove_prefix(end + 2);
    }
  }
  return std::string(parser_error);
}

}  // namespace

ServiceError make_error(std::string code, std::string message) {
  return ServiceError{std::move(code), std::move(message), Json::object()};
}

ServiceError validation_error(const std::string& detail) {
  return make_error("ValidationException", "1 validation error detected: " + detail);
}

ServiceError validation_message(std::string message, std::string reason) {
  ServiceError e = make_error("ValidationException", std::move(message));
  if (!reason.empty()) e.fields["reason"] = std::move(reason);
  return e;
}

ServiceError map_state_arn_not_supported() {
  // AWS's documentation gives the exception; its text is unrecorded (api.md says what was chosen).
  return validation_message(
      "This API does not support state machine ARNs that refer to a "
      "Distributed Map state",
      "API_DOES_NOT_SUPPORT_LABELED_ARNS");
}

ServiceError invalid_arn_prefix(std::string_view arn) {
  return make_error("InvalidArn", quoted("Invalid Arn", "Invalid ARN prefix: " + std::string(arn)));
}

ServiceError invalid_arn(std::string_view arn) {
  return make_error("InvalidArn", quoted("Invalid Arn", arn));
}

ServiceError resource_type_not_valid(std::string_view type) {
  return make_error(
      "InvalidArn",
      quoted("Invalid Arn", "Resource type not valid in this context: " + std::string(type)));
}

ServiceError state_machine_does_not_exist(std::string_view arn) {
  return make_error("StateMachineDoesNotExist", quoted("State Machine Does Not Exist", arn));
}

ServiceError state_machine_already_exists(std::string_view arn) {
  return make_error("StateMachineAlreadyExists", quoted("State Machine Already Exists", arn));
}

ServiceError execution_does_not_exist(std::string_view arn) {
  return make_error("ExecutionDoesNotExist", quoted("Execution Does Not Exist", arn));
}

ServiceError execution_already_exists(std::string_view arn) {
  return make_error("ExecutionAlreadyExists", quoted("Execution Already Exists", arn));
}

ServiceError activity_does_not_exist(std::string_view arn) {
  return make_error("ActivityDoesNotExist", quoted("Activity Does Not Exist", arn));
}

ServiceError invalid_name(std::string_view name) {
  return make_error("InvalidName", quoted("Invalid Name", name));
}

ServiceError invalid_token() {
  return make_error("InvalidToken", "Invalid Token: 'Invalid token'");
}

ServiceError invalid_execution_input(std::string_view detail) {
  return make_error("InvalidExecutionInput",
                    quoted("Invalid State Machine Execution Input", detail));
}

ServiceError invalid_execution_input_text(std::string_view text, std::string_view parser_error) {
  // Recorded (test_sfn_api.py::test_invalid_start_execution_input): text with no JSON value at
  // all is "Invalid execution input.", and Jackson's words come without the location Jackson
  // appends ("\n at [Source: ...]"), unlike a definition's INVALID_JSON_DESCRIPTION.
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return invalid_execution_input("Invalid execution input.");
  }
  std::string message = jackson_message(text, parser_error);
  if (auto at = message.find("\n at [Source: "); at != std::string::npos) message.resize(at);
  return invalid_execution_input(message);
}

ServiceError invalid_output_text(std::string_view text, std::string_view parser_error) {
  return make_error("InvalidOutput", quoted("Invalid Output", jackson_message(text, parser_error)));
}

ServiceError state_machine_type_not_supported() {
  return make_error("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
}

ServiceError resource_not_found(std::string_view arn) {
  ServiceError e = make_error("ResourceNotFound", quoted("Resource not found", arn));
  e.fields["resourceName"] = std::string(arn);
  return e;
}

ServiceError resource_does_not_exist() {
  return make_error("ResourceNotFound", "Request references a resource that does not exist.");
}

ServiceError task_timed_out() {
  return make_error("TaskTimedOut",
                    quoted("Task Timed Out", "Provided task does not exist anymore"));
}

}  // namespace sfn::service
