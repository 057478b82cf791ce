// The compiled form of an Amazon States Language definition: a struct per state type, retriers,
// catchers and choice rules, with every path, template and intrinsic already compiled and every
// transition already resolved to an index. Built once by asl::parse (parser.h); the engine only
// reads it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "asl/diagnostics.h"
#include "asl/jsonata_template.h"
#include "intrinsics/intrinsics.h"
#include "json/json.h"
#include "path/jsonpath.h"
#include "payload/payload_template.h"

namespace sfn::asl {

enum class QueryLanguage : unsigned char { JSONPath, JSONata };

enum class StateType : unsigned char { Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map };

// InputPath / OutputPath: absent means `$`; JSON null means "an empty object" ({}).
struct InputOutputPath {
  enum class Mode : unsigned char { Default, Null, Path } mode = Mode::Default;
  path::Path path;  // Mode::Path
};

// ResultPath: absent means `$` (the result replaces the input); JSON null discards the result.
struct ResultPath {
  enum class Mode : unsigned char { Default, Null, Path } mode = Mode::Default;
  path::Path path;  // Mode::Path: a reference path rooted at `$`
};

// A value given either as a literal or through a path / intrinsic (`Seconds` or `SecondsPath`,
// `Error` or `ErrorPath`, ...) or, in JSONata states, an expression (`{% ... %}`).
struct IntegerOrPath {
  std::optional<std::int64_t> value;
  std::optional<path::Path> path;
  std::optional<JsonataTemplate> expression;  // JSONata
  bool present() const { return value || path || expression; }
};

struct StringOrPath {
  std::optional<std::string> value;
  std::optional<path::Path> path;                   // ErrorPath / CausePath
  std::optional<intrinsics::Expression> intrinsic;  // ErrorPath / CausePath may call intrinsics
  std::optional<JsonataTemplate> expression;        // JSONata
  bool present() const { return value || path || intrinsic || expression; }
};

struct Retrier {
  std::vector<std::string> error_equals;
  std::int64_t interval_seconds = 1;
  std::int64_t max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<std::int64_t> max_delay_seconds;
  enum class Jitter : unsigned char { None, Full } jitter = Jitter::None;
  std::string comment;
};

struct Catcher {
  std::vector<std::string> error_equals;
  std::string next;
  int next_index = -1;  // into the enclosing StateGraph::states
  ResultPath result_path;
  std::optional<payload::Template> assign;        // JSONPath-mode Assign
  std::optional<JsonataTemplate> assign_jsonata;  // JSONata-mode Assign (an object)
  std::optional<JsonataTemplate> output_jsonata;  // JSONata-mode Output
  std::string comment;
};

// ---- Choice rules ----------------------------------------------------------------------------

enum class Comparison : unsigned char {
  // The operator families; `ChoiceRule::uses_path` says whether the operand is a *Path variant.
  StringEquals,
  StringLessThan,
  StringGreaterThan,
  StringLessThanEquals,
  StringGreaterThanEquals,
  StringMatches,
  NumericEquals,
  NumericLessThan,
  NumericGreaterThan,
  NumericLessThanEquals,
  NumericGreaterThanEquals,
  BooleanEquals,
  TimestampEquals,
  TimestampLessThan,
  TimestampGreaterThan,
  TimestampLessThanEquals,
  TimestampGreaterThanEquals,
  IsNull,
  IsPresent,
  IsNumeric,
  IsString,
  IsBoolean,
  IsTimestamp,
};

struct ChoiceRule {
  enum class Kind : unsigned char { Comparison, And, Or, Not, Condition } kind = Kind::Comparison;

  // Kind::Comparison
  path::Path variable;
  Comparison op = Comparison::StringEquals;
  bool uses_path = false;  // the *Path variant: the operand is `operand_path`
  Json operand;            // the literal operand (string, number, bool, timestamp string)
  path::Path operand_path;

  // Kind::And / Or / Not (Not has exactly one child)
  std::vector<ChoiceRule> children;

  // Kind::Condition (JSONata): an expression, or a literal boolean (a constant template).
  std::optional<JsonataTemplate> condition;

  // Only on top-level rules (the elements of `Choices`):
  std::string next;
  int next_index = -1;
  std::optional<payload::Template> assign;
  std::optional<JsonataTemplate> assign_jsonata;
  std::optional<JsonataTemplate> output_jsonata;
  std::string comment;
};

// ---- States ----------------------------------------------------------------------------------

struct State;

// State name -> position in a graph's `states`, found without an allocation per state: open
// addressing over positions, compared against the states' own names, so a copied graph's index
// is still right. A name added twice keeps its first position.
class StateIndex {
 public:
  void reserve(std::size_t states);
  void add(const std::vector<State>& states, int position);  // states[position]'s name
  int find(const std::vector<State>& states, std::string_view name) const;  // -1: none

 private:
  std::vector<int> slots_;  // position + 1; 0: free
  std::size_t used_ = 0;
  void place(const std::vector<State>& states, int position);
};

// A set of states with a start: the top level, a Parallel branch, a Map's ItemProcessor.
struct StateGraph {
  std::string start_at;
  int start = -1;
  std::vector<State> states;                               // in definition order
  StateIndex index;                                        // state name -> position in `states`
  QueryLanguage query_language = QueryLanguage::JSONPath;  // the graph's default
  std::string comment;

  const State* find(std::string_view name) const;
  int position(std::string_view name) const { return index.find(states, name); }
};

struct PassState {
  JsonPtr result;  // `Result`, shared by every execution that passes through (null: none)
};

// How a Task's `Resource` was understood.
struct Resource {
  enum class Kind : unsigned char {
    LambdaFunction,  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
    Activity,        // arn:aws:states:<region>:<account>:activity:<name>
    Service,         // arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]
    Sdk,             // arn:aws:states:::aws-sdk:<service>:<action>[...]
    Http,            // arn:aws:states:::http:invoke
    Other,           // anything else the validator let through (kept for error messages)
  } kind = Kind::Other;
  enum class Pattern : unsigned char {
    RequestResponse,
    Sync,
    Sync2,
    WaitForTaskToken
  } pattern = Pattern::RequestResponse;
  std::string arn;            // as written
  std::string service;        // "lambda", "aws-sdk:s3", "dynamodb", ... (history `resourceType`)
  std::string action;         // "invoke", "getObject", "startExecution.sync:2", ... (`resource`)
  std::string function_name;  // Kind::LambdaFunction
  std::string region;         // from the ARN, or empty when the ARN leaves it out
};

struct TaskState {
  Resource resource;
  IntegerOrPath timeout_seconds;    // TimeoutSeconds / TimeoutSecondsPath (default 99999999)
  IntegerOrPath heartbeat_seconds;  // HeartbeatSeconds / HeartbeatSecondsPath
  std::optional<payload::Template> credentials;
  std::optional<JsonataTemplate> credentials_jsonata;
};

struct ChoiceState {
  std::vector<ChoiceRule> choices;
  std::string default_next;
  int default_index = -1;  // -1: no Default
};

struct WaitState {
  IntegerOrPath seconds;                 // Seconds / SecondsPath
  std::optional<std::string> timestamp;  // Timestamp (RFC 3339, validated)
  std::optional<path::Path> timestamp_path;
  std::optional<JsonataTemplate> timestamp_expression;  // JSONata
};

struct SucceedState {};

struct FailState {
  StringOrPath error;  // Error / ErrorPath
  StringOrPath cause;  // Cause / CausePath
};

struct ParallelState {
  std::vector<StateGraph> branches;
};

// A Distributed Map's ItemReader, compiled (the raw object stays in MapState::item_reader).
struct ItemReaderSpec {
  Resource resource;  // arn:aws:states:::s3:getObject or ...:s3:listObjectsV2
  enum class InputType : unsigned char { None, Csv, Json, Jsonl, Manifest, Parquet };
  InputType input_type = InputType::None;  // None: no ReaderConfig.InputType
  bool csv_headers_given = false;          // CSVHeaderLocation GIVEN (default FIRST_ROW)
  std::vector<std::string> csv_headers;
  char csv_delimiter = ',';  // CSVDelimiter COMMA | PIPE | SEMICOLON | SPACE | TAB
  IntegerOrPath max_items;   // MaxItems / MaxItemsPath / JSONata MaxItems
  // Transformation LOAD_AND_FLATTEN (listObjectsV2): read every listed object with InputType.
  bool load_and_flatten = false;
  std::optional<std::string> items_pointer;  // ItemsPointer (JSON): an RFC 6901 JSON Pointer
};

// ResultWriter.WriterConfig (docs/semantics/distributed-map.md, W4-W8).
struct WriterConfigSpec {
  enum class Transformation : unsigned char { None, Compact, Flatten };
  Transformation transformation = Transformation::None;
  bool jsonl = false;  // OutputType JSONL (default JSON)
};

struct ItemBatcherSpec {
  IntegerOrPath max_items_per_batch;                   // MaxItemsPerBatch[Path]
  IntegerOrPath max_input_bytes_per_batch;             // MaxInputBytesPerBatch[Path]
  std::optional<JsonataTemplate> batch_input_jsonata;  // JSONata BatchInput
};

struct MapState {
  StateGraph processor;                  // ItemProcessor or the legacy Iterator
  bool distributed = false;              // ProcessorConfig.Mode == DISTRIBUTED
  std::string execution_type;            // ProcessorConfig.ExecutionType (DISTRIBUTED only)
  std::optional<path::Path> items_path;  // ItemsPath (a reference path; default `$`)
  // JSONata `Items`: an expression, or an array (whose elements may hold expressions).
  std::optional<JsonataTemplate> items;
  std::optional<payload::Template> item_selector;  // ItemSelector or the legacy Parameters
  std::optional<JsonataTemplate> item_selector_jsonata;
  IntegerOrPath max_concurrency;  // 0 or absent: unbounded
  IntegerOrPath tolerated_failure_count;
  std::optional<double> tolerated_failure_percentage;
  std::optional<path::Path> tolerated_failure_percentage_path;
  std::optional<JsonataTemplate> tolerated_failure_percentage_expression;
  std::optional<Json> item_reader;  // as written; read by the distributed-map layer
  std::optional<Json> item_batcher;
  std::optional<Json> result_writer;
  // The JSONPath payload templates inside them, compiled (ItemReader/ResultWriter `Parameters`,
  // ItemBatcher `BatchInput`).
  std::optional<payload::Template> item_reader_parameters;
  std::optional<payload::Template> item_batcher_input;
  std::optional<payload::Template> result_writer_parameters;
  // Their JSONata counterparts (ItemReader/ResultWriter `Arguments`).
  std::optional<JsonataTemplate> item_reader_arguments;
  std::optional<JsonataTemplate> result_writer_arguments;
  std::optional<ItemReaderSpec> reader;
  std::optional<ItemBatcherSpec> batcher;
  std::optional<Resource> writer_resource;  // ResultWriter's Resource (s3:putObject)
  std::optional<WriterConfigSpec> writer_config;
  std::string label;
};

// A state type's record kept outside the State: MapState, TaskState, WaitState and FailState are
// hundreds of bytes to kilobytes (optional paths and JSONata templates for every field they may
// have), and a variant is as large as its largest alternative, so holding them in place made
// every State of a Pass chain 4.5 KB to allocate, zero and free. A value type: copies copy.
template <class T>
class Boxed {
 public:
  Boxed() : value_(std::make_unique<T>()) {}
  Boxed(T&& value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit
  Boxed(const Boxed& other) : value_(std::make_unique<T>(*other.value_)) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) value_ = std::make_unique<T>(*other.value_);
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;
  T& get() { return *value_; }
  const T& get() const { return *value_; }

 private:
  std::unique_ptr<T> value_;
};

// The state types State::spec holds in a Boxed.
template <class T>
inline constexpr bool kBoxed = std::is_same_v<T, TaskState> || std::is_same_v<T, WaitState> ||
                               std::is_same_v<T, FailState> || std::is_same_v<T, MapState>;

// Fields shared by several state types sit here so the engine's input/output pipeline is one
// piece of code; the validator makes sure each appears only where AWS allows it.
struct State {
  // User-provided so that value-initialization (`states.emplace_back()`) runs the member
  // initializers only, instead of zeroing the whole record first: every member has one.
  State() {}  // NOLINT(modernize-use-equals-default)

  std::string name;
  StateType type = StateType::Pass;
  QueryLanguage query_language = QueryLanguage::JSONPath;  // effective, after inheritance
  std::string comment;

  // Transition (every type but Choice, Succeed, Fail).
  std::string next;
  int next_index = -1;
  bool end = false;

  // JSONPath input/output processing.
  InputOutputPath input_path;
  InputOutputPath output_path;
  std::optional<payload::Template> parameters;       // Pass, Task, Parallel (Map: item_selector)
  std::optional<payload::Template> result_selector;  // Task, Parallel, Map
  ResultPath result_path;                            // Pass, Task, Parallel, Map
  std::optional<payload::Template> assign;           // JSONPath-mode Assign

  // JSONata input/output processing.
  std::optional<JsonataTemplate> arguments_jsonata;  // Task, Parallel
  std::optional<JsonataTemplate> output_jsonata;     // every type but Fail
  std::optional<JsonataTemplate> assign_jsonata;     // an object

  // Error handling (Task, Parallel, Map).
  std::vector<Retrier> retry;
  std::vector<Catcher> catchers;

  std::variant<PassState, Boxed<TaskState>, ChoiceState, Boxed<WaitState>, SucceedState,
               Boxed<FailState>, ParallelState, Boxed<MapState>>
      spec;

  // The record of the state's type, boxed or not (std::bad_variant_access for another type).
  template <class T>
  const T& as() const {
    if constexpr (kBoxed<T>) {
      return std::get<Boxed<T>>(spec).get();
    } else {
      return std::get<T>(spec);
    }
  }
  // The record if the state is of that type, else nullptr.
  template <class T>
  T* get_if() {
    if constexpr (kBoxed<T>) {
      auto* boxed = std::get_if<Boxed<T>>(&spec);
      return boxed ? &boxed->get() : nullptr;
    } else {
      return std::get_if<T>(&spec);
    }
  }
  template <class T>
  const T* get_if() const {
    return const_cast<State*>(this)->get_if<T>();
  }
};

struct StateMachine {
  StateGraph graph;
  std::string comment;
  std::string version;
  std::optional<std::int64_t> timeout_seconds;
  QueryLanguage query_language = QueryLanguage::JSONPath;
  // WARNING diagnostics of an accepted definition: checks AWS may make but that no evidence shows
  // it refusing with (docs/semantics/validation.md). ValidateStateMachineDefinition reports them.
  Diagnostics warnings;
};

using StateMachinePtr = std::shared_ptr<const StateMachine>;

std::string_view to_string(StateType type);

}  // namespace sfn::asl
