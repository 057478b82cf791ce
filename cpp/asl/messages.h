// The words of AWS's definition validator, in one place. Each is marked with where it comes from:
// [recorded] a conformance case recorded on AWS; [reported] quoted from AWS by users or measured
// by other emulators (LocalStack/floci issues, cfn-lint, CloudFormation errors); [inferred] the
// same validator's wording applied to a field no report covers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::asl::msg {

inline constexpr std::string_view kSchema = "SCHEMA_VALIDATION_FAILED";
inline constexpr std::string_view kMissingTarget = "MISSING_TRANSITION_TARGET";
inline constexpr std::string_view kMissingEnd = "MISSING_END_STATE";
inline constexpr std::string_view kDuplicateState = "DUPLICATE_STATE_NAME";
inline constexpr std::string_view kInvalidJson = "INVALID_JSON_DESCRIPTION";
inline constexpr std::string_view kInvalidStateName = "INVALID_STATE_NAME";
inline constexpr std::string_view kTooDeep = "TOO_DEEPLY_NESTED";

// [recorded] "Definition must be a valid JSON object" (blank text; no location).
inline constexpr std::string_view kNotAnObject = "Definition must be a valid JSON object";
// [recorded] "These fields are required: [States, StartAt]", names in Java HashSet order.
std::string required(const std::vector<std::string_view>& fields);
// [reported] "Field 'X' is not supported", located at the object holding it.
std::string not_supported(std::string_view field);
// [reported] "There should only be one of the following fields: [Next, End]" (more than one
// present). The list is the whole group, in Java HashSet order.
std::string only_one_of(const std::vector<std::string_view>& fields);
// [reported] "This object should have only one of the following fields: [ItemProcessor,
// Iterator]" (none present).
std::string exactly_one_of(const std::vector<std::string_view>& fields);
// [reported] "Value should be one of the following: [NONE, FULL]".
std::string one_of_values(const std::vector<std::string_view>& values);
// [reported] "Expected value of type [STRING]".
std::string expected_type(std::string_view type);
// [reported] "Minimum value is 0", "Minimum value is 0.0", "Maximum value is 100.0".
std::string minimum(std::string_view bound);
std::string maximum(std::string_view bound);
// [reported] "Value cannot be empty" (empty ErrorEquals, Choices, Branches).
inline constexpr std::string_view kEmpty = "Value cannot be empty";
// [recorded] "String does not match RFC3339 timestamp".
inline constexpr std::string_view kNotRfc3339 = "String does not match RFC3339 timestamp";
// [reported] "Value is not a Reference Path: Reference path didn't start with '$'" and the bare
// "Value is not a Reference Path".
inline constexpr std::string_view kNotReferencePath = "Value is not a Reference Path";
inline constexpr std::string_view kNoDollar = "Reference path didn't start with '$'";
// [reported] "States.ALL must appear alone and at end of list".
inline constexpr std::string_view kStatesAllLast =
    "States.ALL must appear alone and at end of list";
// [inferred] a custom error name in the reserved namespace (a WARNING: AWS's samples deploy such
// names).
std::string reserved_error_name(std::string_view name);
// [recorded] "The field 'RoleArn' is required but was missing".
std::string field_required(std::string_view field);
// [reported] "Parameters field is required for resource ARN: arn:aws:states:::sns:publish".
std::string parameters_required(std::string_view field, std::string_view arn);
// [recorded] "The resource provided <arn> is not recognized. The value is not a valid resource
// ARN, or the resource is not available in this region."
std::string resource_not_recognized(std::string_view arn);
// [reported] "Value is not a valid resource ARN" (a Resource that is not an ARN at all).
inline constexpr std::string_view kNotAnArn = "Value is not a valid resource ARN";
// [recorded] ".sync" / [recorded, with AWS's doubled space before " at"] ".waitForTaskToken".
std::string express_unsupported_pattern(std::string_view pattern);
// [reported]
inline constexpr std::string_view kExpressActivity =
    "Express state machine does not support Activity ARN";
inline constexpr std::string_view kExpressDistributed =
    "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state machines";
inline constexpr std::string_view kCredentialsForActivity =
    "The field 'Credentials' is not supported for activities";
// [reported] Query language rules (floci-io/floci#2968, measured on AWS).
std::string field_of_other_language(bool state_is_jsonata, std::string_view field);
inline constexpr std::string_view kDowngrade =
    "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine";
// Not AWS: a caller may refuse JSONata definitions (ParseOptions::allow_jsonata = false).
inline constexpr std::string_view kJsonataUnsupported =
    "JSONata definitions are not allowed here (ParseOptions::allow_jsonata is false)";
// [reported] "Missing 'Next' target: X" (also for StartAt), "State \"X\" is not reachable.".
std::string missing_target(std::string_view name);
std::string not_reachable(std::string_view name);
// [reported] "Workflow has no terminal state" (no location: CreateStateMachine prints "at null").
inline constexpr std::string_view kNoTerminal = "Workflow has no terminal state";
// [reported] "Duplicate State name: X".
std::string duplicate_state(std::string_view name);
// [reported] (asl-validator#69, CreateStateMachine's refusal quoted): "Invalid State name: State
// '<name>' exceeds the 80-character limit allowed by the service".
std::string invalid_state_name(std::string_view name);
// [inferred] an empty state name (a WARNING: never seen refused).
std::string empty_state_name();
// [reported] variable names in Assign.
std::string invalid_variable_name(std::string_view name);
inline constexpr std::string_view kReservedVariable =
    "Cannot assign to reserved variable '$states'.";
// JSONata expressions, checked when the definition is created.
inline constexpr std::string_view kInvalidJsonata = "INVALID_JSONATA_EXPRESSION";
inline constexpr std::string_view kUnsupportedJsonata = "UNSUPPORTED_JSONATA_EXPRESSION";
// [reported] (floci-io/floci, measured with ValidateStateMachineDefinition): "Reference to
// 'phone' at the top level is not supported.", "Reference to '$$' is not supported.", "Field
// '$states.errorOutput' does not exist."; [inferred] the same words for `$states.result` where
// no result exists.
std::string top_level_reference(std::string_view name);
std::string states_field_missing(std::string_view field);
// [inferred] deeper nesting than the reader or the rules walk.
inline constexpr std::string_view kTooDeeplyNested = "The states are too deeply nested.";
// Not AWS's: this thread's stack ran out before the definition's nesting did (common/stack.h).
inline constexpr std::string_view kTooDeeplyNestedForStack =
    "The states are too deeply nested to validate on this thread's stack.";
// [reported] Choice rules.
inline constexpr std::string_view kChoiceRuleShape =
    "The object must have only one of the following fields, [And, Or, Not, Variable, Condition]";
// [inferred] a Fail ErrorPath/CausePath intrinsic AWS does not allow there.
std::string fail_intrinsic_not_allowed(std::string_view field);

}  // namespace sfn::asl::msg
