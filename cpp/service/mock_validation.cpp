#include "service/mock_validation.h"

#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/utf.h"
#include "service/errors.h"

namespace sfn::service {

namespace {

using Pattern = asl::Resource::Pattern;

// Deeper than any mocked result the API accepts (its JSON parser stops far earlier); a guard, not
// a rule.
constexpr int kMaxDepth = 2000;

std::string_view base_action(std::string_view action) { return action.substr(0, action.find('.')); }

// The API each `.sync` integration polls until its job ends. Only the one AWS documents for
// TestState (DG: startExecution.sync:2 is checked against DescribeExecution); other jobs' mocks
// are left unchecked rather than checked against a guessed API.
std::optional<std::string_view> polled_operation(std::string_view service,
                                                 std::string_view action) {
  if (service == "states" && action == "startExecution") return "describeExecution";
  return std::nullopt;
}

// Step Functions spells a member of an API response with its first letter upper case
// (StartExecution's `executionArn` is `ExecutionArn`).
std::string sfn_cased(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

const std::string* string_member(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::optional<double> number_member(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

class Checker {
 public:
  Checker(const Json& document, FieldValidationMode mode) : document_(document), mode_(mode) {}

  std::optional<std::string> check_root(const Json& result) {
    const Json* shape = resolve(document_);
    if (!shape) return std::nullopt;
    // The result of an API call is an object: a mock that is none cannot match any output.
    if (type_of(*shape) == "structure" && !result.is_object()) {
      return std::string("The mocked result must be a JSON object");
    }
    return check(result, *shape, "", 0);
  }

 private:
  // A shape where one is expected: inline, or {"shape": "Name"} in the document's table. An
  // unresolvable reference constrains nothing.
  const Json* resolve(const Json& ref) const {
    if (!ref.is_object()) return nullptr;
    const std::string* name = string_member(ref, "shape");
    if (!name) return &ref;
    auto table = document_.find("shapes");
    if (table == document_.end() || !table->is_object()) return nullptr;
    auto it = table->find(*name);
    return it != table->end() && it->is_object() ? &*it : nullptr;
  }

  static std::string_view type_of(const Json& shape) {
    const std::string* type = string_member(shape, "type");
    return type ? std::string_view(*type) : std::string_view();
  }

  static std::string field(std::string_view name, std::string_view problem) {
    return "Field '" + std::string(name) + "' " + std::string(problem);
  }

  // A length (string, blob, list, map) against the shape's min/max.
  static std::optional<std::string> check_length(std::size_t length, const Json& shape,
                                                 std::string_view name) {
    auto n = static_cast<double>(length);
    if (auto min = number_member(shape, "min"); min && n < *min) {
      return field(name, "is smaller than the minimum length");
    }
    if (auto max = number_member(shape, "max"); max && n > *max) {
      return field(name, "exceeds the maximum length");
    }
    return std::nullopt;
  }

  static std::optional<std::string> check_number(const Json& value, const Json& shape,
                                                 std::string_view name, bool integral) {
    if (!value.is_number()) return field(name, "must be a number");
    double d = value.get<double>();
    if (integral && value.is_number_float() && std::trunc(d) != d) {
      return field(name, "must be an integer");
    }
    if (auto min = number_member(shape, "min"); min && d < *min) {
      return field(name, "is less than the minimum value");
    }
    if (auto max = number_member(shape, "max"); max && d > *max) {
      return field(name, "exceeds the maximum value");
    }
    return std::nullopt;
  }

  static std::optional<std::string> check_string(const Json& value, const Json& shape,
                                                 std::string_view name) {
    if (!value.is_string()) return field(name, "must be a string");
    const auto& text = value.get_ref<const std::string&>();
    if (auto it = shape.find("enum"); it != shape.end() && it->is_array()) {
      bool listed = false;
      for (const Json& allowed : *it) listed = listed || allowed == value;
      if (!listed) return field(name, "is not an expected value");
    }
    return check_length(utf::utf16_length(text), shape, name);
  }

  // Required members (STRICT) first, then the present ones in the mock's order; members the
  // model does not have are ignored in every mode.
  std::optional<std::string> check_structure(const Json& value, const Json& shape,
                                             std::string_view name, int depth) {
    if (!value.is_object()) return field(name, "must be an object");
    std::unordered_map<std::string, const Json*> members;
    if (auto it = shape.find("members"); it != shape.end() && it->is_object()) {
      for (const auto& [member, ref] : it->items()) members.emplace(sfn_cased(member), &ref);
    }
    if (mode_ == FieldValidationMode::Strict) {
      if (auto it = shape.find("required"); it != shape.end() && it->is_array()) {
        for (const Json& required : *it) {
          if (!required.is_string()) continue;
          std::string key = sfn_cased(required.get<std::string>());
          if (!value.contains(key)) return "Required field '" + key + "' is missing";
        }
      }
    }
    for (const auto& [key, item] : value.items()) {
      auto member = members.find(key);
      if (member == members.end()) continue;
      const Json* member_shape = resolve(*member->second);
      if (!member_shape) continue;
      if (auto problem = check(item, *member_shape, key, depth + 1)) return problem;
    }
    return std::nullopt;
  }

  // Elements and map values are reported under the name of the field that holds them: AWS names
  // the leaf field, never a path.
  std::optional<std::string> check(const Json& value, const Json& shape, std::string_view name,
                                   int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    std::string_view type = type_of(shape);
    if (type == "structure") return check_structure(value, shape, name, depth);
    if (type == "list") {
      if (!value.is_array()) return field(name, "must be an array");
      if (auto problem = check_length(value.size(), shape, name)) return problem;
      auto member = shape.find("member");
      const Json* element = member != shape.end() ? resolve(*member) : nullptr;
      if (!element) return std::nullopt;
      for (const Json& item : value) {
        if (auto problem = check(item, *element, name, depth + 1)) return problem;
      }
      return std::nullopt;
    }
    if (type == "map") {
      if (!value.is_object()) return field(name, "must be an object");
      if (auto problem = check_length(value.size(), shape, name)) return problem;
      auto entry = shape.find("value");
      const Json* element = entry != shape.end() ? resolve(*entry) : nullptr;
      if (!element) return std::nullopt;
      for (const auto& [key, item] : value.items()) {
        if (auto problem = check(item, *element, name, depth + 1)) return problem;
      }
      return std::nullopt;
    }
    if (type == "string") return check_string(value, shape, name);
    // Step Functions renders timestamps and binary data as text (AWS: a boolean or a number
    // StartDate "must be a string").
    if (type == "timestamp") {
      return value.is_string() ? std::nullopt : std::optional(field(name, "must be a string"));
    }
    if (type == "blob") {
      // Step Functions hands back a blob that holds JSON as that JSON: lambda:invoke's Payload
      // is the function's response as an object, as AWS's TestState guide mocks it. A number or
      // a boolean is no blob (recorded: CiphertextBlob 123 "must be a string").
      if (value.is_structured()) return std::nullopt;
      if (!value.is_string()) return field(name, "must be a string");
      return check_length(utf::utf16_length(value.get_ref<const std::string&>()), shape, name);
    }
    if (type == "integer" || type == "long") return check_number(value, shape, name, true);
    if (type == "float" || type == "double") return check_number(value, shape, name, false);
    if (type == "boolean") {
      return value.is_boolean() ? std::nullopt : std::optional(field(name, "must be a boolean"));
    }
    return std::nullopt;  // "document" and anything newer: any JSON value
  }

  const Json& document_;
  FieldValidationMode mode_;
};

const char* mode_name(FieldValidationMode mode) {
  switch (mode) {
    case FieldValidationMode::Strict:
      return "STRICT";
    case FieldValidationMode::Present:
      return "PRESENT";
    case FieldValidationMode::None:
      return "NONE";
  }
  return "STRICT";
}

}  // namespace

FieldValidationMode field_validation_mode(const Json& mock) {
  const std::string* mode = mock.is_object() ? string_member(mock, "fieldValidationMode") : nullptr;
  if (mode && *mode == "PRESENT") return FieldValidationMode::Present;
  if (mode && *mode == "NONE") return FieldValidationMode::None;
  return FieldValidationMode::Strict;
}

std::optional<ShapeOperation> mock_shape_operation(const asl::Resource& resource) {
  std::string_view action = base_action(resource.action);
  if (resource.pattern == Pattern::WaitForTaskToken) return std::nullopt;
  if (resource.kind == asl::Resource::Kind::Sdk) {
    return ShapeOperation{resource.service, std::string(action)};
  }
  if (resource.kind != asl::Resource::Kind::Service) return std::nullopt;
  const std::string& service = resource.service;
  // AWS: "Mock validation is not supported for HTTP Task, API Gateway, EKS Call, and EKS RunJob
  // integrations."
  if (service == "apigateway" || (service == "eks" && (action == "call" || action == "runJob"))) {
    return std::nullopt;
  }
  if (resource.pattern == Pattern::Sync || resource.pattern == Pattern::Sync2) {
    auto polled = polled_operation(service, action);
    if (!polled) return std::nullopt;
    return ShapeOperation{service, std::string(*polled)};
  }
  return ShapeOperation{service, std::string(action)};
}

std::optional<std::string> check_against_shape(const Json& result, const Json& document,
                                               FieldValidationMode mode) {
  if (mode == FieldValidationMode::None) return std::nullopt;
  return Checker(document, mode).check_root(result);
}

std::optional<ServiceError> validate_mock_result(const asl::Resource& resource, const Json& mock,
                                                 const Json& result,
                                                 const OutputShapeLookup& lookup) {
  FieldValidationMode mode = field_validation_mode(mock);
  if (mode == FieldValidationMode::None) return std::nullopt;
  auto operation = mock_shape_operation(resource);
  if (!operation) return std::nullopt;
  std::optional<Json> shape;
  if (lookup) shape = lookup(operation->service, operation->operation);
  if (!shape) {
    // Checking nothing would pass mocks AWS rejects; saying so lets the caller choose.
    return validation_message(
        "sfnsim cannot check the mocked result of '" + resource.arn +
        "' (mock.fieldValidationMode " + mode_name(mode) + "): it needs the output shape of " +
        operation->service + ":" + operation->operation +
        " from botocore's service models, and has none. Install botocore, or set "
        "mock.fieldValidationMode to NONE.");
  }
  if (auto problem = check_against_shape(result, *shape, mode)) {
    return validation_message("Mock result schema validation error: " + *problem);
  }
  return std::nullopt;
}

}  // namespace sfn::service
