// The modeled errors of the Step Functions API, with the messages AWS returns (taken from
// recordings of real AWS where they exist).
#pragma once

#include <string>
#include <string_view>

#include "service/service.h"

namespace sfn::service {

ServiceError make_error(std::string code, std::string message);

// "1 validation error detected: <detail>" (ValidationException).
ServiceError validation_error(const std::string& detail);
// A ValidationException whose message is free text (routing checks, version descriptions).
ServiceError validation_message(std::string message, std::string reason = {});
// DescribeStateMachine, UpdateStateMachine, DeleteStateMachine and StartExecution given a state
// machine ARN that names a Distributed Map state (docs/semantics/api.md, arn-map-state).
ServiceError map_state_arn_not_supported();

ServiceError invalid_arn_prefix(std::string_view arn);        // Invalid ARN prefix: <arn>
ServiceError invalid_arn(std::string_view arn);               // Invalid Arn: '<arn>'
ServiceError resource_type_not_valid(std::string_view type);  // ... in this context: <type>
ServiceError state_machine_does_not_exist(std::string_view arn);
ServiceError state_machine_already_exists(std::string_view arn);
ServiceError execution_does_not_exist(std::string_view arn);
ServiceError execution_already_exists(std::string_view arn);
ServiceError activity_does_not_exist(std::string_view arn);
ServiceError invalid_name(std::string_view name);
ServiceError invalid_token();
ServiceError invalid_execution_input(std::string_view detail);
// Input or task output text the payload parser refused, in the words AWS quotes (Jackson's,
// with its location); `parser_error` for what Jackson reads but a payload cannot hold (a
// number past a double's range).
ServiceError invalid_execution_input_text(std::string_view text, std::string_view parser_error);
ServiceError invalid_output_text(std::string_view text, std::string_view parser_error);
ServiceError state_machine_type_not_supported();
ServiceError resource_not_found(std::string_view arn);
// ResourceNotFound without the ARN, as the alias operations word it.
ServiceError resource_does_not_exist();
// A token that belonged to a task which has ended (or never existed in this service).
ServiceError task_timed_out();

}  // namespace sfn::service
