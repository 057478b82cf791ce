// What the parsing functions share: where diagnostics go, the options, the machine's query
// language, and the small checks every field goes through (type, presence, exclusivity, ranges,
// paths), each reporting with AWS's words at the field's location.
// Locations are built only when something is reported.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "asl/diagnostics.h"
#include "asl/json_reader.h"
#include "asl/messages.h"
#include "asl/model.h"
#include "asl/parser.h"
#include "json/json.h"

namespace sfn::asl::detail {

using Names = std::initializer_list<std::string_view>;

// Thrown where the validator's recursion nears the end of the thread's stack; compile_document
// turns it into one TOO_DEEPLY_NESTED diagnostic.
struct StackExhausted {};

// Every state name of the machine, to find a repeated one (names are unique across all nesting
// levels): open addressing over views into the definition, which outlives the parse, so adding a
// name allocates nothing.
class NameSet {
 public:
  void reserve(std::size_t names);
  bool insert(std::string_view name);  // false: already there
  std::size_t size() const { return used_; }

 private:
  struct Slot {
    std::string_view name;
    bool used = false;
  };
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  void rehash(std::size_t size);
};

struct Ctx {
  Ctx(const ParseOptions& parse_options, Diagnostics& out)
      : options(parse_options), diagnostics(out) {}

  const ParseOptions& options;
  Diagnostics& diagnostics;
  QueryLanguage machine_language = QueryLanguage::JSONPath;
  std::string jsonata_declared_at;  // the first place JSONata is in effect (when not allowed)
  NameSet state_names;
  // Transition diagnostics are gathered per graph and reported after the schema ones, outer
  // graphs first: (graph preorder number, diagnostic).
  std::vector<std::pair<int, Diagnostic>> transition_diagnostics;
  int next_graph_number = 0;
  // Keys the JSON reader saw twice in one object, by the object's location (repeated state names
  // are among them); empty for compile(), whose input cannot hold any.
  std::unordered_map<std::string, std::vector<std::string>> repeated_keys;

  void report(std::string_view code, std::string message, std::string location);
  void schema(std::string message, std::string location) {
    report(msg::kSchema, std::move(message), std::move(location));
  }
  // A check without evidence that AWS refuses what it finds: reported with severity WARNING, and
  // the definition is accepted (docs/semantics/validation.md, "Never reject without evidence").
  void warn(std::string_view code, std::string message, std::string location);
  bool jsonata_allowed() const { return options.allow_jsonata; }
};

// Locations.
inline std::string at_field(const std::string& at, std::string_view key) {
  std::string out;
  out.reserve(at.size() + key.size() + 1);
  out += at;
  out += '/';
  out += key;
  return out;
}
inline std::string at_index(const std::string& at, std::size_t index) {
  return at + "[" + std::to_string(index) + "]";
}

// A member of an object, or nullptr.
const DocNode* member(const DocNode& object, std::string_view key);
bool has(const DocNode& object, std::string_view key);

bool contains(Names names, std::string_view name);

// "{% ... %}": a JSONata expression in a JSONata state.
bool is_jsonata_expression(const DocNode& value);

// Reports every key of `object` outside `allowed` ("Field 'X' is not supported", at `at`) and the
// `required` ones that are missing ("These fields are required: [...]", at `at`).
void check_fields(Ctx& ctx, const DocNode& object, const std::string& at, Names allowed,
                  Names required = {});
void check_required(Ctx& ctx, const DocNode& object, const std::string& at, Names required);

// More than one of `group` present: "There should only be one of the following fields" at `at`.
// Returns how many are present.
int check_at_most_one(Ctx& ctx, const DocNode& object, const std::string& at, Names group);

// Typed reads of `object[key]`. Absent: nullopt/nullptr, nothing reported. Present with the wrong
// type: "Expected value of type [T]" at the member's location, and nullopt/nullptr.
const std::string_view* string_member(Ctx& ctx, const DocNode& object, std::string_view key,
                                      const std::string& at);
std::optional<bool> bool_member(Ctx& ctx, const DocNode& object, std::string_view key,
                                const std::string& at);
const DocNode* object_member(Ctx& ctx, const DocNode& object, std::string_view key,
                             const std::string& at);
const DocNode* array_member(Ctx& ctx, const DocNode& object, std::string_view key,
                            const std::string& at);

bool is_integer(const DocNode& value);

// An integer in [min, max] ("Minimum value is N" / "Maximum value is N").
std::optional<std::int64_t> integer_value(Ctx& ctx, const DocNode& value, const std::string& loc,
                                          std::int64_t min, std::int64_t max);
// A number in [min, max] (bounds printed as Java prints doubles: "1.0").
std::optional<double> number_value(Ctx& ctx, const DocNode& value, const std::string& loc,
                                   double min, double max);

// Paths. Reference paths (single node) are what `*Path` fields take; AWS words their problems
// "Value is not a Reference Path[: Reference path didn't start with '$']".
struct PathRules {
  bool context = true;    // `$$...` accepted
  bool variables = true;  // `$name...` accepted
};
std::optional<path::Path> reference_path(Ctx& ctx, const DocNode& value, const std::string& loc,
                                         PathRules rules = {});
// InputPath, OutputPath, ResultPath, ItemsPath: "The value for the field 'X' must be a valid
// JSONPath" when not a path at all.
std::optional<path::Path> jsonpath_field(Ctx& ctx, const DocNode& value, std::string_view field,
                                         const std::string& loc, bool reference, PathRules rules);

// A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Credentials, Assign),
// with its problems reported.
std::optional<payload::Template> payload_template(Ctx& ctx, const DocNode& value,
                                                  const std::string& loc);

// A JSONata field (any JSON; `{% %}` strings at any depth are expressions), compiled. Problems
// are reported at the offending string: INVALID_JSONATA_EXPRESSION (does not parse),
// UNSUPPORTED_JSONATA_EXPRESSION (reads the context item, or a `$states` field that does not
// exist there). `JsonataScope` says which fields exist: `$states.result` in the Output and
// Assign of Task, Parallel and Map; `$states.errorOutput` in a Catch's Output and Assign.
struct JsonataScope {
  bool result = false;
  bool error_output = false;
};
std::optional<JsonataTemplate> jsonata_field(Ctx& ctx, const DocNode& value, const std::string& loc,
                                             JsonataScope scope = {});

// `Assign` (both languages): an object whose keys are variable names.
void check_variable_names(Ctx& ctx, const DocNode& assign, const std::string& loc);

// IntegerOrPath from `field` / `path_field` (either may be absent from the state's language).
IntegerOrPath integer_or_path(Ctx& ctx, const DocNode& object, const std::string& at,
                              std::string_view field, std::string_view path_field, bool jsonata,
                              std::int64_t min, std::int64_t max, PathRules rules);

// The effective query language of a state: the exact string "JSONPath" is JSONPath, any other
// present value JSONata, absent inherits. Reports a malformed value at its own location.
QueryLanguage query_language_of(Ctx& ctx, const DocNode& owner, const std::string& at,
                                QueryLanguage inherited, bool& declared_jsonpath);

}  // namespace sfn::asl::detail
