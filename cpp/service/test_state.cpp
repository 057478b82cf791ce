// TestState: one state (or one state of a whole machine, with `stateName`) run once in isolation
// through engine::test_state, after the checks AWS makes on the request. Messages are the ones
// recorded on AWS (../shared/conformance, TestState* cases).
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asl/json_reader.h"
#include "asl/parser.h"
#include "engine/test_state.h"
#include "service/core.h"
#include "service/errors.h"
#include "service/mock_validation.h"
#include "service/operations.h"

namespace sfn::service {

namespace {

using asl::StateType;

// Where a named state lives: the machine's graph or one nested in a Parallel / Map.
struct Located {
  const asl::StateGraph* graph = nullptr;
  int index = -1;
};

Located find_state(const asl::StateGraph& graph, const std::string& name, int depth = 0) {
  if (depth > 64) return {};
  if (int position = graph.position(name); position >= 0) return {&graph, position};
  for (const asl::State& state : graph.states) {
    if (state.type == StateType::Parallel) {
      for (const asl::StateGraph& branch : state.as<asl::ParallelState>().branches) {
        if (Located found = find_state(branch, name, depth + 1); found.graph) return found;
      }
    } else if (state.type == StateType::Map) {
      Located found = find_state(state.as<asl::MapState>().processor, name, depth + 1);
      if (found.graph) return found;
    }
  }
  return {};
}

// The name the single state gets: "TestState", unless the definition already uses it (a Map's
// processor may name a state so).
std::string single_state_name(const std::string& definition) {
  std::string name = "TestState";
  while (definition.find('"' + name + '"') != std::string::npos) name += '_';
  return name;
}

// A single state becomes a machine of its own; every state it may transition to is stubbed so
// that the definition validates as AWS's TestState does (it never checks the targets).
Json wrap_state(const Json& state, const std::string& name) {
  Json states = Json::object();
  states[name] = state;
  auto stub = [&states](const Json& target) {
    if (target.is_string() && !states.contains(target.get<std::string>())) {
      states[target.get<std::string>()] = Json{{"Type", "Succeed"}};
    }
  };
  if (auto it = state.find("Next"); it != state.end()) stub(*it);
  if (auto it = state.find("Default"); it != state.end()) stub(*it);
  for (const char* list : {"Choices", "Catch"}) {
    auto it = state.find(list);
    if (it == state.end() || !it->is_array()) continue;
    for (const Json& entry : *it) {
      if (entry.is_object() && entry.contains("Next")) stub(entry["Next"]);
    }
  }
  Json machine = Json::object();
  machine["StartAt"] = name;
  machine["States"] = std::move(states);
  return machine;
}

Expected<asl::StateMachinePtr, ServiceError> compile_uncached(const std::string& text,
                                                              bool whole_machine,
                                                              const std::string& name) {
  // Read as AWS's parser reads a definition (what follows the root value is ignored).
  auto read = asl::read_json(text);
  if (!read.ok() || read->empty || !read->value.is_object()) {
    auto parsed = asl::parse(text);
    if (!parsed.ok()) {
      return make_error("InvalidDefinition", asl::format_invalid_definition(parsed.error(), text));
    }
    return make_error("InvalidDefinition", "Invalid State Machine Definition");
  }
  Json& doc = read->value;
  Json machine = whole_machine ? std::move(doc) : wrap_state(doc, name);
  auto compiled = asl::compile(machine);
  if (!compiled.ok()) {
    return make_error("InvalidDefinition",
                      asl::format_invalid_definition(compiled.error(), to_text(machine)));
  }
  return std::move(compiled.value());
}

// TestState of the same state (or definition) again compiles it once: the service's cache,
// keyed by the text and the state's name.
Expected<asl::StateMachinePtr, ServiceError> compile_definition(Core& core, const std::string& text,
                                                                bool whole_machine,
                                                                const std::string& name) {
  CompileKey key;
  key.text = text;
  key.whole_machine = whole_machine;
  key.state_name = whole_machine ? std::string_view() : std::string_view(name);
  if (auto cached = core.compile_cache.find(key)) return cached;
  auto compiled = compile_uncached(text, whole_machine, name);
  if (compiled.ok()) core.compile_cache.insert(key, compiled.value());
  return compiled;
}

// An optional JSON-text member; `fallback` when absent.
Expected<Json, ServiceError> json_member(const Json& request, const char* name, Json fallback) {
  const std::string* text = get_string(request, name);
  if (!text) return fallback;
  Json value;
  std::string error;
  if (!parse_text(*text, value, error)) return invalid_execution_input_text(*text, error);
  return value;
}

// A Task whose result comes from outside the call: an activity worker, a .sync job or a
// .waitForTaskToken callback.
bool is_callback_task(const asl::State& state) {
  if (state.type != StateType::Task) return false;
  using Pattern = asl::Resource::Pattern;
  const asl::Resource& resource = state.as<asl::TaskState>().resource;
  return resource.pattern != Pattern::RequestResponse ||
         resource.kind == asl::Resource::Kind::Activity;
}

// The context object a request may give, as AWS checks it (recorded: an unknown field at the
// top or under Execution, a Map member, a non-string Execution.Id). The members each part may
// hold are those of the context object AWS documents; the string checks of the members other
// than Execution.Id are sfnsim's analogue of the recorded one.
std::optional<ServiceError> check_context(const Json& context) {
  if (!context.is_object()) return std::nullopt;
  auto invalid = [](const std::string& what) {
    return validation_message("Invalid Context object provided: " + what);
  };
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kParts = {
      {"Execution", {"Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount", "RedriveTime"}},
      {"State", {"EnteredTime", "Name", "RetryCount"}},
      {"StateMachine", {"Id", "Name"}},
      {"Task", {"Token"}}};
  static const std::vector<std::string> kNumbers = {"RedriveCount", "RetryCount"};
  for (const auto& [part, value] : context.items()) {
    if (part == "Map") return invalid("'Map' field is not supported when mocking a Context object");
    auto known = std::find_if(kParts.begin(), kParts.end(),
                              [&](const auto& entry) { return entry.first == part; });
    if (known == kParts.end()) return invalid("Field '" + part + "' is not allowed");
    if (!value.is_object()) continue;
    for (const auto& [field, member] : value.items()) {
      const auto& allowed = known->second;
      if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
        return invalid("Field '" + field + "' is not allowed");
      }
      bool number = std::find(kNumbers.begin(), kNumbers.end(), field) != kNumbers.end();
      if (field != "Input" && !number && !member.is_string() && !member.is_null()) {
        return invalid(part + "." + field + " must be a string");
      }
    }
  }
  return std::nullopt;
}

// The checks on `mock` and the state AWS makes before running anything.
std::optional<ServiceError> check_request(const Json& request, const asl::State& state,
                                          const Json& mock, const std::optional<Json>& result,
                                          const Json& context) {
  bool mocked = !mock.empty();
  // [recorded] test_both_mock_result_and_mock_error_output_are_set
  if (mock.contains("result") && mock.contains("errorOutput")) {
    return validation_message(
        "A test mock should have only one of the following fields: [result, errorOutput].");
  }
  // botocore (MockErrorOutput.error): "This field is required if mock.errorOutput is
  // specified." The wording is AWS's for a missing required member.
  if (auto it = mock.find("errorOutput"); it != mock.end() && it->is_object()) {
    auto error = it->find("error");
    if (error == it->end() || error->is_null()) {
      return validation_message(
          "1 validation error detected: Value null at 'mock.errorOutput.error' failed to satisfy "
          "constraint: Member must not be null");
    }
  }
  bool fanout = state.type == StateType::Map || state.type == StateType::Parallel;
  if (mocked && get_bool(request, "revealSecrets")) {
    return validation_message("TestState does not support RevealSecrets when a mock is specified.");
  }
  if (fanout && !mocked) {
    return make_error("InvalidDefinition",
                      "TestState API does not support Map or Parallel states. Supported state "
                      "types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
  }
  if (mocked && !fanout && state.type != StateType::Task) {
    return validation_message("State type '" + std::string(asl::to_string(state.type)) +
                              "' is not supported when a mock is specified");
  }
  // botocore (TestStateInput.context): "This field may only be specified if a mock is specified
  // in the same request." The wording is sfnsim's.
  if (!context.is_null() && !mocked) {
    return validation_message("TestState accepts a context only together with a mock.");
  }
  if (context.is_object() && context.contains("Task") && !is_callback_task(state)) {
    return validation_message(
        "Invalid Context object provided: Context object contains 'Task' when state is not a "
        "Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
  }
  if (auto problem = check_context(context)) return problem;
  if (state.type == StateType::Parallel && result) {
    if (!result->is_array()) return validation_message("Mocked result must be an array.");
    if (result->size() != state.as<asl::ParallelState>().branches.size()) {
      return validation_message(
          "Mocked result must contain the same number of items as number of Parallel branches.");
    }
  }
  if (state.type == StateType::Map && result) {
    const auto& map = state.as<asl::MapState>();
    if (map.result_writer && !result->is_object()) {
      return validation_message("Mocked result must be a JSON object.");
    }
    if (!map.result_writer && !result->is_array()) {
      return validation_message("Mocked result must be an array.");
    }
  }
  if (state.type == StateType::Task && !mocked && !get_string(request, "roleArn")) {
    return validation_message("RoleArn must be specified when testing a Task state");
  }
  // AWS's TestState guide: "Without a mock, invoking these states via TestState API will return
  // a validation exception" (activities, .sync, .waitForTaskToken). AWS's wording is not
  // recorded; this one names what is missing.
  if (state.type == StateType::Task && !mocked && is_callback_task(state)) {
    return validation_message(
        "TestState requires a mock for a Task that waits for an activity worker, a .sync job or "
        "a task token");
  }
  return std::nullopt;
}

// How many items stateConfiguration.mapItemReaderData holds: "the data read by ItemReader ... as
// found in its original source" (botocore). A JSON array counts its elements; other text (JSON
// Lines, CSV) its non-empty lines.
std::optional<std::size_t> reader_item_count(const Json& config) {
  auto data = config.find("mapItemReaderData");
  if (data == config.end() || !data->is_string()) return std::nullopt;
  const std::string& text = data->get_ref<const std::string&>();
  Json value;
  std::string error;
  if (parse_text(text, value, error) && value.is_array()) return value.size();
  std::size_t lines = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.find_first_not_of(" \t\r", start) < end) ++lines;
    start = end + 1;
  }
  return lines;
}

const char* status_name(engine::TestStatus status) {
  switch (status) {
    case engine::TestStatus::Succeeded:
      return "SUCCEEDED";
    case engine::TestStatus::Failed:
      return "FAILED";
    case engine::TestStatus::Retriable:
      return "RETRIABLE";
    case engine::TestStatus::CaughtError:
      return "CAUGHT_ERROR";
  }
  return "FAILED";
}

}  // namespace

Response test_state(Core& core, const Json& request, const CallContext& context) {
  const std::string& definition = *get_string(request, "definition");
  const std::string* state_name = get_string(request, "stateName");

  std::string single_name = single_state_name(definition);
  auto machine = compile_definition(core, definition, state_name != nullptr, single_name);
  if (!machine.ok()) return std::move(machine).error();
  Located located = state_name ? find_state(machine.value()->graph, *state_name)
                               : find_state(machine.value()->graph, single_name);
  if (!located.graph) return validation_message("State not found in definition");
  const asl::State& state = located.graph->states[static_cast<std::size_t>(located.index)];

  Json mock = Json::object();
  if (auto it = request.find("mock"); it != request.end() && it->is_object()) mock = *it;
  std::optional<Json> mock_result;
  if (auto it = mock.find("result"); it != mock.end() && it->is_string()) {
    Json value;
    std::string error;
    if (!parse_text(it->get<std::string>(), value, error)) {
      return validation_message("Mocked result must be valid JSON");
    }
    mock_result = std::move(value);
  }
  std::optional<Failure> mock_error;
  if (auto it = mock.find("errorOutput"); it != mock.end() && it->is_object()) {
    Failure failure{"", "", it->contains("error"), it->contains("cause")};
    if (failure.has_error && (*it)["error"].is_string())
      failure.error = (*it)["error"].get<std::string>();
    if (failure.has_cause && (*it)["cause"].is_string())
      failure.cause = (*it)["cause"].get<std::string>();
    mock_error = std::move(failure);
  }

  auto input = json_member(request, "input", Json::object());
  if (!input.ok()) return std::move(input).error();
  auto variables = json_member(request, "variables", Json::object());
  if (!variables.ok()) return std::move(variables).error();
  auto context_object = json_member(request, "context", Json());
  if (!context_object.ok()) return std::move(context_object).error();

  if (auto problem = check_request(request, state, mock, mock_result, context_object.value())) {
    return std::move(*problem);
  }
  // Only a Task's result is an API response; Map and Parallel results got their own checks.
  if (mock_result && state.type == StateType::Task) {
    if (auto problem = validate_mock_result(state.as<asl::TaskState>().resource, mock, *mock_result,
                                            context.output_shape)) {
      return std::move(*problem);
    }
  }

  engine::TestStateRequest run;
  run.machine = machine.value();
  run.graph = located.graph;
  run.state = located.index;
  run.input = share(std::move(input.value()));
  run.variables = std::move(variables.value());
  if (!context_object->is_null()) run.context = std::move(context_object.value());
  run.mock_result = std::move(mock_result);
  run.mock_error = std::move(mock_error);
  if (mock.empty()) run.invoker = context.invoker;
  if (auto config = request.find("stateConfiguration");
      config != request.end() && config->is_object()) {
    auto count = config->find("retrierRetryCount");
    if (count != config->end() && count->is_number_integer()) {
      run.retrier_retry_count = count->get<std::int64_t>();
    }
    auto failures = config->find("mapIterationFailureCount");
    if (failures != config->end() && failures->is_number_integer()) {
      run.map_iteration_failure_count = failures->get<std::int64_t>();
    }
    run.map_reader_items = reader_item_count(*config);
  }
  std::string name = core.uuid();
  std::string machine_name = core.uuid();
  std::string prefix = "arn:aws:states:" + context.region + ":" + context.account + ":";
  run.info.name = name;
  run.info.execution_arn = prefix + "express:" + machine_name + ":" + name;
  run.info.state_machine_arn = prefix + "stateMachine:" + machine_name;
  run.info.state_machine_name = machine_name;
  if (const std::string* role = get_string(request, "roleArn")) run.info.role_arn = *role;
  run.info.region = context.region;
  run.info.account = context.account;
  run.info.start_time_ms = core.now_ms();
  run.info.seed = core.execution_seed();

  engine::TestStateResult result = engine::test_state(run);
  if (!result.request_problem.empty()) return validation_message(result.request_problem);

  Json out = Json::object();
  if (result.output) out["output"] = to_text(*result.output);
  if (result.failure) {
    if (result.failure->has_error) out["error"] = result.failure->error;
    if (result.failure->has_cause) out["cause"] = result.failure->cause;
  }
  const std::string* level = get_string(request, "inspectionLevel");
  if (level && *level != "INFO") {
    Json inspection = Json::object();
    for (auto& [key, value] : result.inspection.items()) {
      // The API carries data members as JSON text; the Map settings and errorDetails are typed.
      bool typed = key == "errorDetails" || key == "maxConcurrency" ||
                   key == "toleratedFailureCount" || key == "toleratedFailurePercentage";
      inspection[key] = typed ? value : Json(to_text(value));
    }
    out["inspectionData"] = std::move(inspection);
  }
  if (!result.next_state.empty()) out["nextState"] = result.next_state;
  out["status"] = status_name(result.status);
  return out;
}

}  // namespace sfn::service
