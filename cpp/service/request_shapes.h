// The request shapes of the Step Functions API, as botocore's service model declares them
// (stepfunctions 2016-11-23, service-2.json): every operation's input members, their types,
// lengths, ranges, enums and patterns, nested structures and lists included. AWS's front end
// checks exactly these constraints before an operation runs (validation.cpp);
// tests/test_api_rules.py walks botocore's model and checks each one, so this table cannot
// drift from the model unnoticed.
#pragma once

#include <string_view>
#include <vector>

namespace sfn::service {

enum class ShapeType : unsigned char { String, Integer, Long, Float, Boolean, List, Structure };

struct Shape;

struct ShapeMember {
  std::string_view name;
  const Shape* shape = nullptr;
  bool required = false;
};

struct Shape {
  std::string_view name;  // the model's shape name, which Java's toString of a structure prints
  ShapeType type = ShapeType::String;
  long long min = -1;  // length (strings, lists) or value (numbers); -1: none
  long long max = -1;
  // In the order AWS prints the set in its message (recorded where known, else the model's).
  std::vector<std::string_view> enum_values;
  std::string_view pattern;          // as the model and AWS's message spell it
  std::vector<ShapeMember> members;  // Structure
  const Shape* element = nullptr;    // List
};

struct OperationShape {
  std::string_view name;
  std::vector<ShapeMember> members;
};

// The operations, sorted by name.
const std::vector<OperationShape>& operation_shapes();

// nullptr when `operation` is not one of the API's operations.
const OperationShape* find_operation_shape(std::string_view operation);

}  // namespace sfn::service
