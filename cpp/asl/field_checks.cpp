#include <algorithm>
#include <functional>
#include <limits>

#include "asl/parse_context.h"
#include "common/java.h"
#include "intrinsics/intrinsics.h"
#include "path/filter_errors.h"
#include "payload/payload_template.h"

namespace sfn::asl::detail {
namespace {

// Object-level problems of the root object are located at "/".
std::string object_location(const std::string& at) { return at.empty() ? "/" : at; }

bool variable_name_char(unsigned char c, bool first) {
  if (c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return !first && c >= '0' && c <= '9';
}

}  // namespace

void NameSet::rehash(std::size_t size) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(size, Slot{});
  for (const Slot& s : old) {
    if (!s.used) continue;
    std::size_t at = std::hash<std::string_view>{}(s.name) & (size - 1);
    while (slots_[at].used) at = (at + 1) & (size - 1);
    slots_[at] = s;
  }
}

void NameSet::reserve(std::size_t names) {
  std::size_t size = 16;
  while (size < names * 2) size *= 2;
  if (size > slots_.size()) rehash(size);
}

bool NameSet::insert(std::string_view name) {
  if ((used_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(16, slots_.size() * 2));
  std::size_t mask = slots_.size() - 1;
  std::size_t at = std::hash<std::string_view>{}(name)&mask;
  for (; slots_[at].used; at = (at + 1) & mask)
    if (slots_[at].name == name) return false;
  slots_[at] = Slot{name, true};
  ++used_;
  return true;
}

void Ctx::report(std::string_view code, std::string message, std::string location) {
  Diagnostic d;
  d.code = std::string(code);
  d.message = std::move(message);
  d.location = std::move(location);
  diagnostics.push_back(std::move(d));
}

void Ctx::warn(std::string_view code, std::string message, std::string location) {
  report(code, std::move(message), std::move(location));
  diagnostics.back().severity = "WARNING";
}

const DocNode* member(const DocNode& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  for (auto it = object.begin(); it != object.end(); ++it)
    if (it.key() == key) return &it.value();
  return nullptr;
}

bool has(const DocNode& object, std::string_view key) { return member(object, key) != nullptr; }

bool contains(Names names, std::string_view name) {
  for (std::string_view n : names)
    if (n == name) return true;
  return false;
}

bool is_jsonata_expression(const DocNode& value) {
  if (!value.is_string()) return false;
  std::string_view s = value.str();
  return s.size() >= 4 && s.starts_with("{%") && s.ends_with("%}");
}

void check_required(Ctx& ctx, const DocNode& object, const std::string& at, Names required) {
  std::vector<std::string_view> missing;
  for (std::string_view name : required)
    if (!has(object, name)) missing.push_back(name);
  if (!missing.empty()) ctx.schema(msg::required(missing), object_location(at));
}

void check_fields(Ctx& ctx, const DocNode& object, const std::string& at, Names allowed,
                  Names required) {
  check_required(ctx, object, at, required);
  for (auto it = object.begin(); it != object.end(); ++it)
    if (!contains(allowed, it.key())) ctx.schema(msg::not_supported(it.key()), object_location(at));
}

int check_at_most_one(Ctx& ctx, const DocNode& object, const std::string& at, Names group) {
  int present = 0;
  for (std::string_view name : group) present += has(object, name) ? 1 : 0;
  if (present > 1)
    ctx.schema(msg::only_one_of(std::vector<std::string_view>(group)), object_location(at));
  return present;
}

const std::string_view* string_member(Ctx& ctx, const DocNode& object, std::string_view key,
                                      const std::string& at) {
  const DocNode* v = member(object, key);
  if (!v) return nullptr;
  if (!v->is_string()) {
    ctx.schema(msg::expected_type("STRING"), at_field(at, key));
    return nullptr;
  }
  return &v->str();
}

std::optional<bool> bool_member(Ctx& ctx, const DocNode& object, std::string_view key,
                                const std::string& at) {
  const DocNode* v = member(object, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    ctx.schema(msg::expected_type("BOOLEAN"), at_field(at, key));
    return std::nullopt;
  }
  return v->boolean();
}

const DocNode* object_member(Ctx& ctx, const DocNode& object, std::string_view key,
                             const std::string& at) {
  const DocNode* v = member(object, key);
  if (v && !v->is_object()) {
    ctx.schema(msg::expected_type("OBJECT"), at_field(at, key));
    return nullptr;
  }
  return v;
}

const DocNode* array_member(Ctx& ctx, const DocNode& object, std::string_view key,
                            const std::string& at) {
  const DocNode* v = member(object, key);
  if (v && !v->is_array()) {
    ctx.schema(msg::expected_type("ARRAY"), at_field(at, key));
    return nullptr;
  }
  return v;
}

bool is_integer(const DocNode& value) { return value.is_number_integer(); }

namespace {

// A number written as a JSON string ("300"), as deployment tools write substituted values
// (SAM DefinitionSubstitutions, Terraform templatefile). AWS's validator is Java: Jackson coerces
// such scalars by default, and no recording or report shows AWS refusing one, so the value is
// read as the number it spells, with a WARNING. `integer` asks for an optional sign and digits;
// otherwise a JSON number's syntax.
std::optional<DocNode> numeric_string(const DocNode& value, bool integer) {
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.str();
  std::size_t i = text.size() > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  for (std::size_t j = i; j < text.size(); ++j) {
    char c = text[j];
    bool digit = c >= '0' && c <= '9';
    if (!digit && (integer || (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+')))
      return std::nullopt;
  }
  Json parsed = Json::parse(text[0] == '+' ? text.substr(1) : text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_number()) return std::nullopt;
  return document_of(parsed).root;  // a number: no member, nothing viewed
}

// Jayway refuses these paths, yet AWS created state machines that hold them (its own samples in
// aws-samples/aws-stepfunctions-examples), so they are accepted with a WARNING and kept
// uncompiled: evaluating one fails (path::select) as Jayway would fail to compile it.
// - a trailing '.': Choice Variable "$.flag.Payload." (sam/app-concurrency-control);
// - a filter Jayway cannot parse: InputPath "$..QualityResults[?(@.constraint_status==Failure)]"
//   (sam/app-dataquality-using-lambda).
bool created_by_aws_anyway(const path::SyntaxError& error, std::string_view text, bool reference) {
  if (error.message.rfind("Path must not end with a '.", 0) == 0) return true;
  return !reference && path::is_unparsable_filter(error, text);
}

path::Path uncompiled(std::string_view text) {
  path::Path p;
  p.text = std::string(text);
  p.identity = false;
  return p;
}

}  // namespace

std::optional<std::int64_t> integer_value(Ctx& ctx, const DocNode& given, const std::string& loc,
                                          std::int64_t min, std::int64_t max) {
  std::optional<DocNode> coerced = numeric_string(given, true);
  if (coerced) ctx.warn(msg::kSchema, msg::expected_type("INTEGER"), loc);
  const DocNode& value = coerced ? *coerced : given;
  if (!is_integer(value)) {
    ctx.schema(msg::expected_type("INTEGER"), loc);
    return std::nullopt;
  }
  if (value.is_number_unsigned() &&
      value.unsigned_integer() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    ctx.schema(msg::maximum(std::to_string(max)), loc);
    return std::nullopt;
  }
  auto n = value.integer();
  if (n < min) {
    ctx.schema(msg::minimum(std::to_string(min)), loc);
    return std::nullopt;
  }
  if (n > max) {
    ctx.schema(msg::maximum(std::to_string(max)), loc);
    return std::nullopt;
  }
  return n;
}

std::optional<double> number_value(Ctx& ctx, const DocNode& given, const std::string& loc,
                                   double min, double max) {
  std::optional<DocNode> coerced = numeric_string(given, false);
  if (coerced) ctx.warn(msg::kSchema, msg::expected_type("NUMBER"), loc);
  const DocNode& value = coerced ? *coerced : given;
  if (!value.is_number()) {
    ctx.schema(msg::expected_type("NUMBER"), loc);
    return std::nullopt;
  }
  double n = value.number();
  if (n < min) {
    ctx.schema(msg::minimum(java::double_to_string(min)), loc);
    return std::nullopt;
  }
  if (n > max) {
    ctx.schema(msg::maximum(java::double_to_string(max)), loc);
    return std::nullopt;
  }
  return n;
}

std::optional<path::Path> reference_path(Ctx& ctx, const DocNode& value, const std::string& loc,
                                         PathRules rules) {
  if (!value.is_string()) {
    ctx.schema(msg::expected_type("STRING"), loc);
    return std::nullopt;
  }
  const auto& text = value.str();
  if (text.empty() || text[0] != '$') {
    ctx.schema(std::string(msg::kNotReferencePath) + ": " + std::string(msg::kNoDollar), loc);
    return std::nullopt;
  }
  auto compiled = path::compile(text);
  if (!compiled && created_by_aws_anyway(compiled.error(), text, true)) {
    ctx.warn(msg::kSchema, std::string(msg::kNotReferencePath) + ": " + compiled.error().message,
             loc);
    return uncompiled(text);
  }
  if (!compiled || !path::is_reference_path(*compiled) ||
      (!rules.context && compiled->root == path::Root::Context) ||
      (!rules.variables && compiled->root == path::Root::Variable)) {
    ctx.schema(std::string(msg::kNotReferencePath), loc);
    return std::nullopt;
  }
  return std::move(compiled).value();
}

std::optional<path::Path> jsonpath_field(Ctx& ctx, const DocNode& value, std::string_view field,
                                         const std::string& loc, bool reference, PathRules rules) {
  if (!value.is_string()) {
    ctx.schema(msg::expected_type("STRING"), loc);
    return std::nullopt;
  }
  const auto& text = value.str();
  std::optional<Expected<path::Path, path::SyntaxError>> compiled;
  if (!text.empty() && text[0] == '$') compiled.emplace(path::compile(text));
  if (compiled && !compiled->ok() && created_by_aws_anyway(compiled->error(), text, reference)) {
    ctx.warn(msg::kSchema,
             "The value for the field '" + std::string(field) +
                 "' must be a valid JSONPath: " + compiled->error().message,
             loc);
    return uncompiled(text);
  }
  if (!compiled || !compiled->ok()) {
    ctx.schema("The value for the field '" + std::string(field) + "' must be a valid JSONPath",
               loc);
    return std::nullopt;
  }
  const path::Path& p = compiled->value();
  if ((reference && !path::is_reference_path(p)) ||
      (!rules.context && p.root == path::Root::Context) ||
      (!rules.variables && p.root == path::Root::Variable)) {
    ctx.schema(std::string(msg::kNotReferencePath), loc);
    return std::nullopt;
  }
  return std::move(*compiled).value();
}

std::optional<payload::Template> payload_template(Ctx& ctx, const DocNode& value,
                                                  const std::string& loc) {
  // A template written as a JSON array: AWS's sample serverless-patterns
  // eventbridge-pipes-sqs-to-lambda-with-stepfunction-enrichment creates a Pass state with
  // `"Parameters": [{"Item.$": "$.Item"}]` (an EventBridge Pipes enrichment must answer an
  // array), and no source shows AWS refusing one: a WARNING, and the array is a template whose
  // `.$` members are evaluated (docs/semantics/validation.md, payload-template-array).
  if (value.is_array()) {
    ctx.warn(msg::kSchema, msg::expected_type("OBJECT"), loc);
  } else if (!value.is_object()) {
    ctx.schema(msg::expected_type("OBJECT"), loc);
    return std::nullopt;
  }
  auto compiled = payload::compile(to_json(value), loc);
  if (!compiled) {
    for (const payload::Problem& p : compiled.error()) ctx.schema(p.message, p.pointer);
    return std::nullopt;
  }
  for (const payload::Problem& p : compiled->warnings) ctx.warn(msg::kSchema, p.message, p.pointer);
  return std::move(compiled).value();
}

void check_variable_names(Ctx& ctx, const DocNode& assign, const std::string& loc) {
  for (auto it = assign.begin(); it != assign.end(); ++it) {
    std::string_view name = it.key();
    if (name.size() >= 2 && name.substr(name.size() - 2) == ".$") name.remove_suffix(2);
    bool ok = !name.empty();
    for (std::size_t i = 0; ok && i < name.size(); ++i)
      ok = variable_name_char(static_cast<unsigned char>(name[i]), i == 0);
    if (name == "states") {
      ctx.report("RESERVED_VARIABLE_NAME", std::string(msg::kReservedVariable),
                 at_field(loc, it.key()));
    } else if (!ok) {
      ctx.report("INVALID_VARIABLE_NAME", msg::invalid_variable_name(name),
                 at_field(loc, it.key()));
    }
  }
}

IntegerOrPath integer_or_path(Ctx& ctx, const DocNode& object, const std::string& at,
                              std::string_view field, std::string_view path_field, bool jsonata,
                              std::int64_t min, std::int64_t max, PathRules rules) {
  IntegerOrPath out;
  if (const DocNode* v = member(object, field)) {
    if (jsonata && is_jsonata_expression(*v)) {
      out.expression = jsonata_field(ctx, *v, at_field(at, field));
    } else {
      out.value = integer_value(ctx, *v, at_field(at, field), min, max);
    }
  }
  if (!path_field.empty()) {
    if (const DocNode* v = member(object, path_field))
      out.path = reference_path(ctx, *v, at_field(at, path_field), rules);
  }
  return out;
}

QueryLanguage query_language_of(Ctx& ctx, const DocNode& owner, const std::string& at,
                                QueryLanguage inherited, bool& declared_jsonpath) {
  declared_jsonpath = false;
  const DocNode* q = member(owner, "QueryLanguage");
  if (!q) return inherited;
  if (!q->is_string()) {
    ctx.schema(msg::expected_type("STRING"), at_field(at, "QueryLanguage"));
    return QueryLanguage::JSONata;
  }
  const auto& s = q->str();
  if (s == "JSONPath") {
    declared_jsonpath = true;
    return QueryLanguage::JSONPath;
  }
  if (s != "JSONata")
    ctx.schema(msg::one_of_values({"JSONPath", "JSONata"}), at_field(at, "QueryLanguage"));
  return QueryLanguage::JSONata;
}

}  // namespace sfn::asl::detail
