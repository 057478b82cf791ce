#include "engine/choice_rule.h"

#include <cmath>

#include "engine/timestamp.h"

namespace sfn::engine {

namespace {

using asl::Comparison;

int compare_numbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    auto x = a.get<std::int64_t>(), y = b.get<std::int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  double x = a.get<double>(), y = b.get<double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool ordered(int cmp, Comparison op) {
  switch (op) {
    case Comparison::StringEquals:
    case Comparison::NumericEquals:
    case Comparison::TimestampEquals:
      return cmp == 0;
    case Comparison::StringLessThan:
    case Comparison::NumericLessThan:
    case Comparison::TimestampLessThan:
      return cmp < 0;
    case Comparison::StringGreaterThan:
    case Comparison::NumericGreaterThan:
    case Comparison::TimestampGreaterThan:
      return cmp > 0;
    case Comparison::StringLessThanEquals:
    case Comparison::NumericLessThanEquals:
    case Comparison::TimestampLessThanEquals:
      return cmp <= 0;
    case Comparison::StringGreaterThanEquals:
    case Comparison::NumericGreaterThanEquals:
    case Comparison::TimestampGreaterThanEquals:
      return cmp >= 0;
    default:
      return false;
  }
}

bool is_string_op(Comparison op) { return op <= Comparison::StringMatches; }
bool is_numeric_op(Comparison op) {
  return op >= Comparison::NumericEquals && op <= Comparison::NumericGreaterThanEquals;
}
bool is_timestamp_op(Comparison op) {
  return op >= Comparison::TimestampEquals && op <= Comparison::TimestampGreaterThanEquals;
}

bool is_timestamp(const Json& v) {
  return v.is_string() && parse_timestamp_precise(v.get_ref<const std::string&>()).has_value();
}

bool compare(const Json& value, Comparison op, const Json& operand) {
  if (op == Comparison::StringMatches) {
    return value.is_string() && operand.is_string() &&
           string_matches(value.get_ref<const std::string&>(),
                          operand.get_ref<const std::string&>());
  }
  if (is_string_op(op)) {
    if (!value.is_string() || !operand.is_string()) return false;
    int cmp = value.get_ref<const std::string&>().compare(operand.get_ref<const std::string&>());
    return ordered(cmp < 0 ? -1 : (cmp > 0 ? 1 : 0), op);
  }
  if (is_numeric_op(op)) {
    if (!value.is_number() || !operand.is_number()) return false;
    return ordered(compare_numbers(value, operand), op);
  }
  if (op == Comparison::BooleanEquals) {
    return value.is_boolean() && operand.is_boolean() && value.get<bool>() == operand.get<bool>();
  }
  if (is_timestamp_op(op)) {
    if (!value.is_string() || !operand.is_string()) return false;
    auto a = parse_timestamp_precise(value.get_ref<const std::string&>());
    auto b = parse_timestamp_precise(operand.get_ref<const std::string&>());
    if (!a || !b) return false;
    return ordered(*a < *b ? -1 : (*a > *b ? 1 : 0), op);
  }
  return false;
}

bool type_test(const Json& value, Comparison op) {
  switch (op) {
    case Comparison::IsNull:
      return value.is_null();
    case Comparison::IsNumeric:
      return value.is_number();
    case Comparison::IsString:
      return value.is_string();
    case Comparison::IsBoolean:
      return value.is_boolean();
    case Comparison::IsTimestamp:
      return is_timestamp(value);
    default:
      return false;
  }
}

Expected<bool, std::string> evaluate_comparison(const asl::ChoiceRule& rule,
                                                const path::Scope& scope) {
  if (rule.op == Comparison::IsPresent) {
    bool present = path::exists(rule.variable, scope);
    return present == (rule.operand.is_boolean() && rule.operand.get<bool>());
  }
  auto selected = path::select(rule.variable, scope);
  if (!selected.ok()) {
    return "Invalid path '" + rule.variable.text +
           "': The choice state's condition path references an invalid value.";
  }
  const Json& value = selected->value();
  if (rule.op >= Comparison::IsNull) {
    bool expected = rule.operand.is_boolean() && rule.operand.get<bool>();
    return type_test(value, rule.op) == expected;
  }
  if (rule.uses_path) {
    auto operand = path::select(rule.operand_path, scope);
    if (!operand.ok()) {
      return "Invalid path '" + rule.operand_path.text +
             "': The choice state's condition path references an invalid value.";
    }
    return compare(value, rule.op, operand->value());
  }
  return compare(value, rule.op, rule.operand);
}

}  // namespace

bool string_matches(std::string_view text, std::string_view pattern) {
  // Iterative glob matching with backtracking to the last star only: linear-ish, no recursion.
  std::size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '\\' && p + 1 < pattern.size()) {
        if (pattern[p + 1] == text[t]) {
          p += 2;
          ++t;
          continue;
        }
      } else if (c == text[t]) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Expected<bool, std::string> evaluate_rule(const asl::ChoiceRule& rule, const path::Scope& scope) {
  using Kind = asl::ChoiceRule::Kind;
  switch (rule.kind) {
    case Kind::Comparison:
      return evaluate_comparison(rule, scope);
    case Kind::Not: {
      if (rule.children.empty()) return false;
      auto inner = evaluate_rule(rule.children.front(), scope);
      if (!inner.ok()) return inner;
      return !inner.value();
    }
    case Kind::And:
      for (const auto& child : rule.children) {
        auto r = evaluate_rule(child, scope);
        if (!r.ok() || !r.value()) return r;
      }
      return true;
    case Kind::Or:
      for (const auto& child : rule.children) {
        auto r = evaluate_rule(child, scope);
        if (!r.ok() || r.value()) return r;
      }
      return false;
    case Kind::Condition:
      return std::string("JSONata conditions are not supported yet");
  }
  return false;
}

}  // namespace sfn::engine
