// AWS's front-end request validation, walking the model's request shapes (request_shapes.h):
// every constraint of every member, nested structures and list elements included, reported
// together in the order the shapes list the members (docs/semantics/api.md, "Request
// validation").
#include "service/validation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "common/utf.h"
#include "service/arn.h"
#include "service/errors.h"
#include "service/request_shapes.h"

namespace sfn::service {

namespace {

bool has_type(const Json& v, ShapeType t) {
  switch (t) {
    case ShapeType::String:
      return v.is_string();
    case ShapeType::Integer:
    case ShapeType::Long:
      return v.is_number_integer() || v.is_number_unsigned() ||
             (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    case ShapeType::Float:
      return v.is_number();
    case ShapeType::Boolean:
      return v.is_boolean();
    case ShapeType::List:
      return v.is_array();
    case ShapeType::Structure:
      return v.is_object();
  }
  return false;
}

// How AWS's (Java) front end prints a scalar in a constraint message.
std::string shown(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) == d && std::abs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  }
  return to_text(v);
}

// Java's toString of a request value: lists as "[a, b]", structures as
// "ShapeName(member=value, ...)" with null for absent members (recorded for
// RoutingConfigurationListItem), scalars as `shown`.
std::string java_text(const Json& v, const Shape& shape) {
  if (shape.type == ShapeType::List && v.is_array() && shape.element) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ", ";
      out += java_text(v[i], *shape.element);
    }
    return out + "]";
  }
  if (shape.type == ShapeType::Structure && v.is_object()) {
    std::string out = std::string(shape.name) + "(";
    bool first = true;
    for (const ShapeMember& m : shape.members) {
      if (!first) out += ", ";
      first = false;
      out += m.name;
      out += '=';
      auto it = v.find(std::string(m.name));
      out += it == v.end() || it->is_null() ? "null" : java_text(*it, *m.shape);
    }
    return out + ")";
  }
  return shown(v);
}

bool printable_ascii(std::string_view s) {  // [!-~]+
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

bool ascii(std::string_view s) {  // \p{ASCII}*
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

struct PatternCheck {
  std::string_view pattern;
  bool (*matches)(std::string_view);
};

// Each pattern of the model, as Java's String.matches reads it (the whole value must match).
constexpr std::array<PatternCheck, 3> kPatterns = {{
    {R"(^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$)", is_valid_alias_name},
    {"[!-~]+", printable_ascii},
    {R"(\p{ASCII}*)", ascii},
}};

bool matches_pattern(std::string_view pattern, std::string_view value) {
  for (const auto& p : kPatterns) {
    if (p.pattern == pattern) return p.matches(value);
  }
  return true;  // a pattern this table does not know (tests/test_api_rules.py flags it)
}

std::string constraint(const std::string& value, const std::string& where,
                       const std::string& rule) {
  return "Value '" + value + "' at '" + where + "' failed to satisfy constraint: " + rule;
}

std::string enum_set(const Shape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.enum_values.size(); ++i) {
    if (i) out += ", ";
    out += shape.enum_values[i];
  }
  return out + "]";
}

struct Walk {
  std::vector<std::string> problems;
  std::optional<ServiceError> serialization;  // a value of the wrong JSON type stops the walk
};

void check_value(const Shape& shape, const Json& v, const std::string& where, Walk& walk);

void check_members(const std::vector<ShapeMember>& members, const Json& object,
                   const std::string& prefix, Walk& walk) {
  for (const ShapeMember& m : members) {
    std::string name(m.name);
    std::string where = prefix.empty() ? name : prefix + "." + name;
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
      if (m.required) {
        walk.problems.push_back("Value null at '" + where +
                                "' failed to satisfy constraint: Member must not be null");
      }
      continue;
    }
    if (!has_type(*it, m.shape->type)) {
      walk.serialization =
          make_error("SerializationException", "Unexpected value type for member '" + name + "'");
      return;
    }
    check_value(*m.shape, *it, where, walk);
    if (walk.serialization) return;
  }
}

void check_length(const Shape& shape, long long length, const std::string& value,
                  const std::string& where, Walk& walk) {
  if (shape.min >= 0 && length < shape.min) {
    walk.problems.push_back(constraint(
        value, where,
        "Member must have length greater than or equal to " + std::to_string(shape.min)));
  }
  if (shape.max >= 0 && length > shape.max) {
    walk.problems.push_back(
        constraint(value, where,
                   "Member must have length less than or equal to " + std::to_string(shape.max)));
  }
}

void check_value(const Shape& shape, const Json& v, const std::string& where, Walk& walk) {
  switch (shape.type) {
    case ShapeType::String: {
      const auto& s = v.get_ref<const std::string&>();
      check_length(shape, static_cast<long long>(utf::utf16_length(s)), s, where, walk);
      if (!shape.enum_values.empty() &&
          std::find(shape.enum_values.begin(), shape.enum_values.end(), s) ==
              shape.enum_values.end()) {
        walk.problems.push_back(
            constraint(s, where, "Member must satisfy enum value set: " + enum_set(shape)));
      }
      if (!shape.pattern.empty() && !matches_pattern(shape.pattern, s)) {
        walk.problems.push_back(constraint(
            s, where,
            "Member must satisfy regular expression pattern: " + std::string(shape.pattern)));
      }
      return;
    }
    case ShapeType::Integer:
    case ShapeType::Long:
    case ShapeType::Float: {
      double d = v.get<double>();
      if (shape.min >= 0 && d < static_cast<double>(shape.min)) {
        walk.problems.push_back(constraint(
            shown(v), where,
            "Member must have value greater than or equal to " + std::to_string(shape.min)));
      }
      if (shape.max >= 0 && d > static_cast<double>(shape.max)) {
        walk.problems.push_back(constraint(
            shown(v), where,
            "Member must have value less than or equal to " + std::to_string(shape.max)));
      }
      return;
    }
    case ShapeType::Boolean:
      return;
    case ShapeType::List: {
      check_length(shape, static_cast<long long>(v.size()), java_text(v, shape), where, walk);
      for (std::size_t i = 0; i < v.size() && shape.element; ++i) {
        const Json& item = v[i];
        if (item.is_null()) continue;
        if (!has_type(item, shape.element->type)) {
          walk.serialization = make_error("SerializationException",
                                          "Unexpected value type for member '" + where + "'");
          return;
        }
        check_value(*shape.element, item, where + "." + std::to_string(i + 1) + ".member", walk);
        if (walk.serialization) return;
      }
      return;
    }
    case ShapeType::Structure:
      check_members(shape.members, v, where, walk);
      return;
  }
}

const char* kind_name(ShapeType t) {
  switch (t) {
    case ShapeType::String:
      return "string";
    case ShapeType::Integer:
    case ShapeType::Long:
      return "integer";
    case ShapeType::Float:
      return "float";
    case ShapeType::Boolean:
      return "boolean";
    case ShapeType::List:
      return "list";
    case ShapeType::Structure:
      return "structure";
  }
  return "string";
}

}  // namespace

bool is_known_operation(std::string_view operation) {
  return find_operation_shape(operation) != nullptr;
}

std::vector<MemberSpec> request_members(std::string_view operation) {
  std::vector<MemberSpec> out;
  if (const OperationShape* op = find_operation_shape(operation)) {
    for (const ShapeMember& m : op->members) {
      out.push_back(
          MemberSpec{std::string(m.name), m.required, kind_name(m.shape->type), m.shape->min});
    }
  }
  return out;
}

std::optional<ServiceError> validate_request(std::string_view operation, const Json& request) {
  const OperationShape* op = find_operation_shape(operation);
  if (!op) return make_error("UnknownOperationException", "");
  if (!request.is_object()) {
    return make_error("SerializationException", "Request body must be a JSON object");
  }
  Walk walk;
  check_members(op->members, request, "", walk);
  if (walk.serialization) return std::move(*walk.serialization);
  if (walk.problems.empty()) return std::nullopt;
  const auto& problems = walk.problems;
  std::string message =
      std::to_string(problems.size()) +
      (problems.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i) message += "; ";
    message += problems[i];
  }
  return make_error("ValidationException", std::move(message));
}

}  // namespace sfn::service
