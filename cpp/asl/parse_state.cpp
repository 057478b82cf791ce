// The fields every state type shares (Type, QueryLanguage, Comment, transitions, input/output
// processing, Assign/Output) and the dispatch to the type-specific parsers.
#include <span>

#include "asl/parse_parts.h"

namespace sfn::asl::detail {
namespace {

struct TypeName {
  std::string_view name;
  StateType type;
};
constexpr TypeName kTypes[] = {
    {"Pass", StateType::Pass},         {"Task", StateType::Task},
    {"Choice", StateType::Choice},     {"Wait", StateType::Wait},
    {"Succeed", StateType::Succeed},   {"Fail", StateType::Fail},
    {"Parallel", StateType::Parallel}, {"Map", StateType::Map},
};

// Accepted fields per state type (measured with ValidateStateMachineDefinition across the 8 types,
// cdk-preflight 2026-09-05), besides Type, Comment and QueryLanguage which every type takes.
std::span<const std::string_view> allowed_fields(StateType type) {
  static constexpr std::string_view kPass[] = {"InputPath",  "OutputPath", "Result",
                                               "ResultPath", "Parameters", "Output",
                                               "Assign",     "Next",       "End"};
  static constexpr std::string_view kTask[] = {"InputPath",
                                               "OutputPath",
                                               "ResultPath",
                                               "Parameters",
                                               "Arguments",
                                               "Output",
                                               "Assign",
                                               "Resource",
                                               "Credentials",
                                               "ResultSelector",
                                               "Retry",
                                               "Catch",
                                               "TimeoutSeconds",
                                               "TimeoutSecondsPath",
                                               "HeartbeatSeconds",
                                               "HeartbeatSecondsPath",
                                               "Next",
                                               "End"};
  static constexpr std::string_view kWait[] = {
      "InputPath", "OutputPath",  "Output",        "Assign", "Seconds",
      "Timestamp", "SecondsPath", "TimestampPath", "Next",   "End"};
  static constexpr std::string_view kParallel[] = {
      "InputPath",      "OutputPath", "ResultPath", "Parameters", "Arguments", "Output", "Assign",
      "ResultSelector", "Retry",      "Catch",      "Branches",   "Next",      "End"};
  static constexpr std::string_view kMap[] = {"InputPath",
                                              "OutputPath",
                                              "ResultPath",
                                              "Parameters",
                                              "Output",
                                              "Assign",
                                              "ResultSelector",
                                              "Retry",
                                              "Catch",
                                              "ItemProcessor",
                                              "Iterator",
                                              "ItemsPath",
                                              "Items",
                                              "ItemSelector",
                                              "ItemReader",
                                              "ItemBatcher",
                                              "ResultWriter",
                                              "MaxConcurrency",
                                              "MaxConcurrencyPath",
                                              "ToleratedFailurePercentage",
                                              "ToleratedFailurePercentagePath",
                                              "ToleratedFailureCount",
                                              "ToleratedFailureCountPath",
                                              "Label",
                                              "Next",
                                              "End"};
  static constexpr std::string_view kChoice[] = {"InputPath", "OutputPath", "Output",
                                                 "Assign",    "Choices",    "Default"};
  static constexpr std::string_view kSucceed[] = {"InputPath", "OutputPath", "Output"};
  static constexpr std::string_view kFail[] = {"Error", "Cause", "ErrorPath", "CausePath"};
  switch (type) {
    case StateType::Pass:
      return kPass;
    case StateType::Task:
      return kTask;
    case StateType::Wait:
      return kWait;
    case StateType::Parallel:
      return kParallel;
    case StateType::Map:
      return kMap;
    case StateType::Choice:
      return kChoice;
    case StateType::Succeed:
      return kSucceed;
    case StateType::Fail:
      return kFail;
  }
  return {};
}

bool has_transition(StateType type) {
  return type != StateType::Choice && type != StateType::Succeed && type != StateType::Fail;
}

void parse_io_paths(Ctx& ctx, const StateInput& in, State& state) {
  auto io_path = [&](std::string_view field, InputOutputPath& out) {
    const DocNode* v = in.get(field);
    if (!v) return;
    if (v->is_null()) {
      out.mode = InputOutputPath::Mode::Null;
    } else if (auto p = jsonpath_field(ctx, *v, field, at_field(in.at, field), false, {})) {
      out.mode = InputOutputPath::Mode::Path;
      out.path = std::move(*p);
    }
  };
  io_path("InputPath", state.input_path);
  io_path("OutputPath", state.output_path);
  if (const DocNode* v = in.get("ResultPath")) {
    if (v->is_null()) {
      state.result_path.mode = ResultPath::Mode::Null;
    } else if (auto p = jsonpath_field(ctx, *v, "ResultPath", at_field(in.at, "ResultPath"), true,
                                       {false, false})) {
      state.result_path.mode = ResultPath::Mode::Path;
      state.result_path.path = std::move(*p);
    }
  }
  // Map's Parameters is its legacy ItemSelector (parse_map).
  if (in.type != StateType::Map) {
    if (const DocNode* v = in.get("Parameters"))
      state.parameters = payload_template(ctx, *v, at_field(in.at, "Parameters"));
  }
  if (const DocNode* v = in.get("ResultSelector"))
    state.result_selector = payload_template(ctx, *v, at_field(in.at, "ResultSelector"));
}

// `$states.result` exists in the Output and Assign of the states that produce a result.
bool has_result(StateType type) {
  return type == StateType::Task || type == StateType::Parallel || type == StateType::Map;
}

void parse_jsonata_fields(Ctx& ctx, const StateInput& in, State& state) {
  if (const DocNode* v = in.get("Output"))
    state.output_jsonata =
        jsonata_field(ctx, *v, at_field(in.at, "Output"), {has_result(in.type), false});
  if (const DocNode* v = in.get("Arguments")) {
    if (v->is_object() || is_jsonata_expression(*v)) {
      state.arguments_jsonata = jsonata_field(ctx, *v, at_field(in.at, "Arguments"));
    } else {
      ctx.schema(msg::expected_type("OBJECT"), at_field(in.at, "Arguments"));
    }
  }
}

void parse_assign(Ctx& ctx, const StateInput& in, State& state) {
  const DocNode* v = in.get("Assign");
  if (!v) return;
  std::string loc = at_field(in.at, "Assign");
  if (!v->is_object()) {
    ctx.schema(msg::expected_type("OBJECT"), loc);
    return;
  }
  check_variable_names(ctx, *v, loc);
  if (in.jsonata) {
    state.assign_jsonata = jsonata_field(ctx, *v, loc, {has_result(in.type), false});
  } else {
    state.assign = payload_template(ctx, *v, loc);
  }
}

void parse_transition(Ctx& ctx, const StateInput& in, State& state) {
  const std::string_view* next = string_member(ctx, in.json, "Next", in.at);
  std::optional<bool> end = bool_member(ctx, in.json, "End", in.at);
  if (next) state.next = *next;
  state.end = end.value_or(false);
  bool has_next = has(in.json, "Next");
  if (has_next && state.end) {
    ctx.schema(msg::only_one_of({"Next", "End"}), in.at);
  } else if (!has_next && !state.end) {
    ctx.schema(msg::exactly_one_of({"Next", "End"}), in.at);
  }
}

}  // namespace

bool field_allowed(StateType type, std::string_view field) {
  if (field == "Type" || field == "Comment" || field == "QueryLanguage") return true;
  for (std::string_view f : allowed_fields(type))
    if (f == field) return true;
  return false;
}

int field_language(std::string_view field) {
  static constexpr std::string_view kJsonPathOnly[] = {"InputPath",
                                                       "OutputPath",
                                                       "ResultPath",
                                                       "ResultSelector",
                                                       "Parameters",
                                                       "Result",
                                                       "ItemsPath",
                                                       "MaxConcurrencyPath",
                                                       "ErrorPath",
                                                       "CausePath",
                                                       "TimeoutSecondsPath",
                                                       "HeartbeatSecondsPath",
                                                       "SecondsPath",
                                                       "TimestampPath",
                                                       "ToleratedFailurePercentagePath",
                                                       "ToleratedFailureCountPath"};
  static constexpr std::string_view kJsonataOnly[] = {"Output", "Arguments", "Items"};
  for (std::string_view f : kJsonPathOnly)
    if (f == field) return 1;
  for (std::string_view f : kJsonataOnly)
    if (f == field) return 2;
  return 0;
}

const DocNode* StateInput::get(std::string_view key) const {
  const DocNode* v = member(json, key);
  if (!v || !field_allowed(type, key)) return nullptr;
  int language = field_language(key);
  if (language == 1 && jsonata) return nullptr;
  if (language == 2 && !jsonata) return nullptr;
  return v;
}

void parse_state(Ctx& ctx, std::string_view name, const DocNode& value, const std::string& at,
                 State& state) {
  state.name = name;
  if (!value.is_object()) {
    ctx.schema(msg::expected_type("OBJECT"), at);
    return;
  }
  const DocNode* type_value = member(value, "Type");
  if (!type_value) {
    ctx.schema(msg::required({"Type"}), at);
    return;
  }
  bool known = false;
  if (type_value->is_string()) {
    for (const TypeName& t : kTypes) {
      if (t.name == type_value->str()) {
        state.type = t.type;
        known = true;
      }
    }
  }
  if (!known) {
    ctx.schema(msg::one_of_values(
                   {"Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}),
               at_field(at, "Type"));
    return;
  }

  bool declared_jsonpath = false;
  state.query_language = query_language_of(ctx, value, at, ctx.machine_language, declared_jsonpath);
  bool downgraded = declared_jsonpath && ctx.machine_language == QueryLanguage::JSONata;
  if (downgraded) ctx.schema(std::string(msg::kDowngrade), at);
  bool jsonata = state.query_language == QueryLanguage::JSONata;
  if (jsonata && ctx.jsonata_declared_at.empty())
    ctx.jsonata_declared_at =
        has(value, "QueryLanguage") ? at_field(at, "QueryLanguage") : "/QueryLanguage";

  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string_view key = it.key();
    if (!field_allowed(state.type, key)) {
      ctx.schema(msg::not_supported(key), at);
      continue;
    }
    int language = field_language(key);
    if (!downgraded && ((language == 1 && jsonata) || (language == 2 && !jsonata)))
      ctx.schema(msg::field_of_other_language(jsonata, key), at);
  }
  if (const std::string_view* comment = string_member(ctx, value, "Comment", at))
    state.comment = *comment;

  StateInput in{value, at, state.type, jsonata, downgraded};
  if (has_transition(state.type)) parse_transition(ctx, in, state);
  if (!jsonata) parse_io_paths(ctx, in, state);
  if (jsonata) parse_jsonata_fields(ctx, in, state);
  parse_assign(ctx, in, state);

  switch (state.type) {
    case StateType::Pass:
      parse_pass(ctx, in, state);
      break;
    case StateType::Task:
      parse_task(ctx, in, state);
      break;
    case StateType::Choice:
      parse_choice(ctx, in, state);
      break;
    case StateType::Wait:
      parse_wait(ctx, in, state);
      break;
    case StateType::Succeed:
      state.spec = SucceedState{};
      break;
    case StateType::Fail:
      parse_fail(ctx, in, state);
      break;
    case StateType::Parallel:
      parse_parallel(ctx, in, state);
      break;
    case StateType::Map:
      parse_map(ctx, in, state);
      break;
  }
  if (state.type == StateType::Task || state.type == StateType::Parallel ||
      state.type == StateType::Map) {
    parse_retry(ctx, in, state);
    parse_catch(ctx, in, state);
  }
}

}  // namespace sfn::asl::detail
