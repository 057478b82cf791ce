// TestState's `mock.fieldValidationMode`: a Task's mocked result checked against the output shape
// of the API operation its integration calls, as AWS does before running the state. Messages are
// the ones recorded on AWS ("Mock result schema validation error: Field 'Entries' must be an
// array"); docs/test-state.md lists the rules, their sources and sfnsim's own choices.
//
// The shapes themselves are botocore's, which only the Python package has: the service asks for
// them through CallContext::output_shape and checks the result here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asl/model.h"
#include "json/json.h"
#include "service/service.h"

namespace sfn::service {

enum class FieldValidationMode : unsigned char {
  Strict,   // required members present, present members well formed (AWS's default)
  Present,  // present members well formed
  None,     // nothing checked
};

// The mode a `mock` object asks for; STRICT when it names none.
FieldValidationMode field_validation_mode(const Json& mock);

// The operation whose output a mocked result of `resource` is checked against, named as the
// resource names it: {"lambda", "invoke"}, {"aws-sdk:s3", "getObject"}; a `.sync` job is checked
// against the API Step Functions polls ({"states", "describeExecution"}). Nothing for resources
// AWS does not check (HTTP Task, API Gateway, EKS call and runJob) and for those whose result is
// no API's output (Lambda function ARNs, activities, `.waitForTaskToken` callbacks).
struct ShapeOperation {
  std::string service;
  std::string operation;
};
std::optional<ShapeOperation> mock_shape_operation(const asl::Resource& resource);

// A shape, as JSON (botocore's own layout, which recursive shapes need):
//   {"type": "structure", "members": {"Name": <shape>, ...}, "required": ["Name", ...]}
//   {"type": "list", "member": <shape>}      {"type": "map", "value": <shape>}
//   {"type": "string" | "integer" | "long" | "float" | "double" | "boolean" | "timestamp"
//            | "blob" | "document"}
// with optional "min"/"max" (the length of a string, blob, list or map; the value of a number)
// and "enum" (a string's allowed values). Where a shape is expected, {"shape": "Name"} names an
// entry of the document's top-level "shapes" table instead. Member names are the model's;
// mocks spell them in Step Functions casing (first letter upper case). The document is the
// root shape (or {"shape": "Name", "shapes": {...}}).
//
// The first problem with `result`, as AWS words it (without the "Mock result schema validation
// error: " prefix), or nothing when it conforms under `mode`.
std::optional<std::string> check_against_shape(const Json& result, const Json& document,
                                               FieldValidationMode mode);

// The whole rule for one TestState request: the ValidationException for a Task's mocked
// `result`, or nothing. `lookup` supplies output shapes (std::nullopt when it has none).
std::optional<ServiceError> validate_mock_result(const asl::Resource& resource, const Json& mock,
                                                 const Json& result,
                                                 const OutputShapeLookup& lookup);

}  // namespace sfn::service
