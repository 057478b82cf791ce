// Choice rules: a comparison (Variable + exactly one operator), And/Or/Not nesting, or the
// JSONata `Condition`; with Next/Assign/Output/Comment on the top-level rules only.
#include <array>

#include "asl/parse_parts.h"
#include "asl/rfc3339.h"

namespace sfn::asl::detail {
namespace {

enum class Operand : unsigned char { String, Number, Boolean, Timestamp, TypeTest };

struct Operator {
  std::string_view name;
  Comparison op;
  bool path;
  Operand operand;
};

constexpr Operator kOperators[] = {
    {"StringEquals", Comparison::StringEquals, false, Operand::String},
    {"StringEqualsPath", Comparison::StringEquals, true, Operand::String},
    {"StringLessThan", Comparison::StringLessThan, false, Operand::String},
    {"StringLessThanPath", Comparison::StringLessThan, true, Operand::String},
    {"StringGreaterThan", Comparison::StringGreaterThan, false, Operand::String},
    {"StringGreaterThanPath", Comparison::StringGreaterThan, true, Operand::String},
    {"StringLessThanEquals", Comparison::StringLessThanEquals, false, Operand::String},
    {"StringLessThanEqualsPath", Comparison::StringLessThanEquals, true, Operand::String},
    {"StringGreaterThanEquals", Comparison::StringGreaterThanEquals, false, Operand::String},
    {"StringGreaterThanEqualsPath", Comparison::StringGreaterThanEquals, true, Operand::String},
    {"StringMatches", Comparison::StringMatches, false, Operand::String},
    {"NumericEquals", Comparison::NumericEquals, false, Operand::Number},
    {"NumericEqualsPath", Comparison::NumericEquals, true, Operand::Number},
    {"NumericLessThan", Comparison::NumericLessThan, false, Operand::Number},
    {"NumericLessThanPath", Comparison::NumericLessThan, true, Operand::Number},
    {"NumericGreaterThan", Comparison::NumericGreaterThan, false, Operand::Number},
    {"NumericGreaterThanPath", Comparison::NumericGreaterThan, true, Operand::Number},
    {"NumericLessThanEquals", Comparison::NumericLessThanEquals, false, Operand::Number},
    {"NumericLessThanEqualsPath", Comparison::NumericLessThanEquals, true, Operand::Number},
    {"NumericGreaterThanEquals", Comparison::NumericGreaterThanEquals, false, Operand::Number},
    {"NumericGreaterThanEqualsPath", Comparison::NumericGreaterThanEquals, true, Operand::Number},
    {"BooleanEquals", Comparison::BooleanEquals, false, Operand::Boolean},
    {"BooleanEqualsPath", Comparison::BooleanEquals, true, Operand::Boolean},
    {"TimestampEquals", Comparison::TimestampEquals, false, Operand::Timestamp},
    {"TimestampEqualsPath", Comparison::TimestampEquals, true, Operand::Timestamp},
    {"TimestampLessThan", Comparison::TimestampLessThan, false, Operand::Timestamp},
    {"TimestampLessThanPath", Comparison::TimestampLessThan, true, Operand::Timestamp},
    {"TimestampGreaterThan", Comparison::TimestampGreaterThan, false, Operand::Timestamp},
    {"TimestampGreaterThanPath", Comparison::TimestampGreaterThan, true, Operand::Timestamp},
    {"TimestampLessThanEquals", Comparison::TimestampLessThanEquals, false, Operand::Timestamp},
    {"TimestampLessThanEqualsPath", Comparison::TimestampLessThanEquals, true, Operand::Timestamp},
    {"TimestampGreaterThanEquals", Comparison::TimestampGreaterThanEquals, false,
     Operand::Timestamp},
    {"TimestampGreaterThanEqualsPath", Comparison::TimestampGreaterThanEquals, true,
     Operand::Timestamp},
    {"IsNull", Comparison::IsNull, false, Operand::TypeTest},
    {"IsPresent", Comparison::IsPresent, false, Operand::TypeTest},
    {"IsNumeric", Comparison::IsNumeric, false, Operand::TypeTest},
    {"IsString", Comparison::IsString, false, Operand::TypeTest},
    {"IsBoolean", Comparison::IsBoolean, false, Operand::TypeTest},
    {"IsTimestamp", Comparison::IsTimestamp, false, Operand::TypeTest},
};

const Operator* find_operator(std::string_view name) {
  for (const Operator& o : kOperators)
    if (o.name == name) return &o;
  return nullptr;
}

const std::vector<std::string_view>& operator_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const Operator& o : kOperators) out.push_back(o.name);
    return out;
  }();
  return names;
}

void parse_operand(Ctx& ctx, const Operator& o, const DocNode& value, const std::string& loc,
                   ChoiceRule& rule) {
  rule.op = o.op;
  rule.uses_path = o.path;
  if (o.path) {
    if (auto p = reference_path(ctx, value, loc)) rule.operand_path = std::move(*p);
    return;
  }
  bool ok = true;
  switch (o.operand) {
    case Operand::String:
      ok = value.is_string();
      if (!ok) ctx.schema(msg::expected_type("STRING"), loc);
      break;
    case Operand::Number:
      ok = value.is_number();
      if (!ok) ctx.schema(msg::expected_type("NUMBER"), loc);
      break;
    case Operand::Boolean:
    case Operand::TypeTest:
      ok = value.is_boolean();
      if (!ok) ctx.schema(msg::expected_type("BOOLEAN"), loc);
      break;
    case Operand::Timestamp:
      if (!value.is_string()) {
        ctx.schema(msg::expected_type("STRING"), loc);
        ok = false;
      } else if (!is_rfc3339_timestamp(value.str())) {
        ctx.schema(std::string(msg::kNotRfc3339), loc);
        ok = false;
      }
      break;
  }
  if (ok) rule.operand = to_json(value);
}

void parse_children(Ctx& ctx, const DocNode& rule_json, std::string_view key, const std::string& at,
                    bool jsonata, ChoiceRule& rule) {
  std::string loc = at_field(at, key);
  const DocNode& value = *member(rule_json, key);
  if (key == "Not") {
    rule.kind = ChoiceRule::Kind::Not;
    rule.children.push_back(parse_choice_rule(ctx, value, loc, false, jsonata));
    return;
  }
  rule.kind = key == "And" ? ChoiceRule::Kind::And : ChoiceRule::Kind::Or;
  if (!value.is_array()) {
    ctx.schema(msg::expected_type("ARRAY"), loc);
    return;
  }
  if (value.empty()) ctx.schema(std::string(msg::kEmpty), loc);
  rule.children.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i)
    rule.children.push_back(parse_choice_rule(ctx, value[i], at_index(loc, i), false, jsonata));
}

}  // namespace

ChoiceRule parse_choice_rule(Ctx& ctx, const DocNode& value, const std::string& at, bool top,
                             bool jsonata) {
  ChoiceRule rule;
  if (!value.is_object()) {
    ctx.schema(msg::expected_type("OBJECT"), at);
    return rule;
  }
  int selectors = 0;
  int operators = 0;
  const Operator* op = nullptr;
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string_view key = it.key();
    if (key == "And" || key == "Or" || key == "Not" || key == "Variable" || key == "Condition") {
      ++selectors;
      if (jsonata && key == "Variable") ctx.schema(msg::field_of_other_language(true, key), at);
      if (!jsonata && key == "Condition") ctx.schema(msg::field_of_other_language(false, key), at);
    } else if (const Operator* o = find_operator(key)) {
      ++operators;
      op = o;
      if (jsonata) ctx.schema(msg::field_of_other_language(true, key), at);
    } else if (key == "Next" || key == "Assign" || key == "Output") {
      if (!top) {
        ctx.schema(msg::not_supported(key), at);
      } else if (key == "Output" && !jsonata) {
        ctx.schema(msg::field_of_other_language(false, key), at);
      }
    } else if (key != "Comment") {
      ctx.schema(msg::not_supported(key), at);
    }
  }
  if (top) check_required(ctx, value, at, {"Next"});
  if (selectors != 1) {
    ctx.schema(std::string(msg::kChoiceRuleShape), at);
  } else if (has(value, "Variable") && operators != 1) {
    ctx.schema(
        operators == 0 ? msg::exactly_one_of(operator_names()) : msg::only_one_of(operator_names()),
        at);
  } else if (!has(value, "Variable") && operators > 0) {
    ctx.schema(msg::not_supported(op->name), at);
  }

  if (const std::string_view* comment = string_member(ctx, value, "Comment", at))
    rule.comment = *comment;
  if (top) {
    if (const std::string_view* next = string_member(ctx, value, "Next", at)) rule.next = *next;
    if (const DocNode* assign = member(value, "Assign")) {
      std::string loc = at_field(at, "Assign");
      if (!assign->is_object()) {
        ctx.schema(msg::expected_type("OBJECT"), loc);
      } else {
        check_variable_names(ctx, *assign, loc);
        if (jsonata) {
          rule.assign_jsonata = jsonata_field(ctx, *assign, loc);
        } else {
          rule.assign = payload_template(ctx, *assign, loc);
        }
      }
    }
    if (const DocNode* output = member(value, "Output"); output && jsonata)
      rule.output_jsonata = jsonata_field(ctx, *output, at_field(at, "Output"));
  }
  if (selectors != 1) return rule;

  for (std::string_view key : {"And", "Or", "Not"}) {
    if (has(value, key)) {
      parse_children(ctx, value, key, at, jsonata, rule);
      return rule;
    }
  }
  if (const DocNode* condition = member(value, "Condition")) {
    rule.kind = ChoiceRule::Kind::Condition;
    if (!jsonata) return rule;
    if (condition->is_boolean() || is_jsonata_expression(*condition)) {
      rule.condition = jsonata_field(ctx, *condition, at_field(at, "Condition"));
    } else {
      ctx.schema(msg::expected_type("BOOLEAN"), at_field(at, "Condition"));
    }
    return rule;
  }
  rule.kind = ChoiceRule::Kind::Comparison;
  if (jsonata) return rule;
  if (const DocNode* variable = member(value, "Variable")) {
    if (auto p = reference_path(ctx, *variable, at_field(at, "Variable")))
      rule.variable = std::move(*p);
  }
  if (op && operators == 1)
    parse_operand(ctx, *op, *member(value, op->name), at_field(at, op->name), rule);
  return rule;
}

}  // namespace sfn::asl::detail
