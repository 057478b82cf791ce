// Retry and Catch: error-name lists (with the States.ALL placement rule), retry timing, and the
// catchers' transitions and result handling.
#include "asl/parse_parts.h"

namespace sfn::asl::detail {
namespace {

// The `States.` names AWS defines; any other name in that namespace is reserved.
constexpr std::string_view kStatesErrors[] = {
    "States.ALL",
    "States.DataLimitExceeded",
    "States.Runtime",
    "States.HeartbeatTimeout",
    "States.Timeout",
    "States.TaskFailed",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.QueryEvaluationError",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed",
    "States.ResultWriterFailed",
    "States.ReferencePathConflict",
};

// ErrorEquals: a non-empty array of strings; States.ALL alone and in the last entry.
std::vector<std::string> error_equals(Ctx& ctx, const DocNode& entry, const std::string& at,
                                      bool last) {
  std::vector<std::string> names;
  const DocNode* list = array_member(ctx, entry, "ErrorEquals", at);
  if (!list) return names;
  std::string loc = at_field(at, "ErrorEquals");
  if (list->empty()) ctx.schema(std::string(msg::kEmpty), loc);
  bool has_all = false;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const DocNode& name = (*list)[i];
    if (!name.is_string()) {
      ctx.schema(msg::expected_type("STRING"), at_index(loc, i));
      continue;
    }
    const auto& text = name.str();
    if (text == "States.ALL") has_all = true;
    // AWS's docs reserve the namespace, but AWS's own sample chain-of-responsibility-cdk deploys
    // `"ErrorEquals": ["States.TaskFailedId"]`: no evidence of a refusal, so a warning.
    if (is_reserved_error_name(text))
      ctx.warn(msg::kSchema, msg::reserved_error_name(text), at_index(loc, i));
    names.emplace_back(text);
  }
  if (has_all && (list->size() > 1 || !last)) ctx.schema(std::string(msg::kStatesAllLast), loc);
  return names;
}

}  // namespace

bool is_reserved_error_name(std::string_view name) {
  if (name.rfind("States.", 0) != 0) return false;
  if (name.rfind("States.Http.", 0) == 0)
    return false;  // States.Http.Socket, States.Http.StatusCode.NNN
  for (std::string_view known : kStatesErrors)
    if (known == name) return false;
  return true;
}

void parse_retry(Ctx& ctx, const StateInput& in, State& state) {
  const DocNode* retry = array_member(ctx, in.json, "Retry", in.at);
  if (!retry) return;
  std::string loc = at_field(in.at, "Retry");
  state.retry.reserve(retry->size());
  for (std::size_t i = 0; i < retry->size(); ++i) {
    const DocNode& entry = (*retry)[i];
    std::string at = at_index(loc, i);
    if (!entry.is_object()) {
      ctx.schema(msg::expected_type("OBJECT"), at);
      continue;
    }
    check_fields(ctx, entry, at,
                 {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                  "JitterStrategy", "Comment"},
                 {"ErrorEquals"});
    Retrier r;
    r.error_equals = error_equals(ctx, entry, at, i + 1 == retry->size());
    if (const DocNode* v = member(entry, "IntervalSeconds"))
      r.interval_seconds =
          integer_value(ctx, *v, at_field(at, "IntervalSeconds"), 1, 99999999).value_or(1);
    if (const DocNode* v = member(entry, "MaxAttempts"))
      r.max_attempts = integer_value(ctx, *v, at_field(at, "MaxAttempts"), 0, 99999999).value_or(3);
    if (const DocNode* v = member(entry, "BackoffRate"))
      r.backoff_rate = number_value(ctx, *v, at_field(at, "BackoffRate"), 1.0, 1e9).value_or(2.0);
    if (const DocNode* v = member(entry, "MaxDelaySeconds"))
      r.max_delay_seconds = integer_value(ctx, *v, at_field(at, "MaxDelaySeconds"), 1, 31622401);
    if (const std::string_view* jitter = string_member(ctx, entry, "JitterStrategy", at)) {
      if (*jitter == "FULL") {
        r.jitter = Retrier::Jitter::Full;
      } else if (*jitter != "NONE") {
        ctx.schema(msg::one_of_values({"NONE", "FULL"}), at_field(at, "JitterStrategy"));
      }
    }
    if (const std::string_view* comment = string_member(ctx, entry, "Comment", at))
      r.comment = *comment;
    state.retry.push_back(std::move(r));
  }
}

void parse_catch(Ctx& ctx, const StateInput& in, State& state) {
  const DocNode* catchers = array_member(ctx, in.json, "Catch", in.at);
  if (!catchers) return;
  std::string loc = at_field(in.at, "Catch");
  state.catchers.reserve(catchers->size());
  for (std::size_t i = 0; i < catchers->size(); ++i) {
    const DocNode& entry = (*catchers)[i];
    std::string at = at_index(loc, i);
    if (!entry.is_object()) {
      ctx.schema(msg::expected_type("OBJECT"), at);
      continue;
    }
    check_fields(ctx, entry, at,
                 {"ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"},
                 {"ErrorEquals", "Next"});
    Catcher c;
    c.error_equals = error_equals(ctx, entry, at, i + 1 == catchers->size());
    if (const std::string_view* next = string_member(ctx, entry, "Next", at)) c.next = *next;
    if (const std::string_view* comment = string_member(ctx, entry, "Comment", at))
      c.comment = *comment;
    if (const DocNode* v = member(entry, "ResultPath")) {
      if (in.jsonata) {
        ctx.schema(msg::field_of_other_language(true, "ResultPath"), at);
      } else if (v->is_null()) {
        c.result_path.mode = ResultPath::Mode::Null;
      } else if (auto p = jsonpath_field(ctx, *v, "ResultPath", at_field(at, "ResultPath"), true,
                                         {false, false})) {
        c.result_path.mode = ResultPath::Mode::Path;
        c.result_path.path = std::move(*p);
      }
    }
    if (const DocNode* v = member(entry, "Output")) {
      if (in.jsonata) {
        c.output_jsonata = jsonata_field(ctx, *v, at_field(at, "Output"), {false, true});
      } else {
        ctx.schema(msg::field_of_other_language(false, "Output"), at);
      }
    }
    if (const DocNode* v = member(entry, "Assign")) {
      std::string aloc = at_field(at, "Assign");
      if (!v->is_object()) {
        ctx.schema(msg::expected_type("OBJECT"), aloc);
      } else {
        check_variable_names(ctx, *v, aloc);
        if (in.jsonata) {
          c.assign_jsonata = jsonata_field(ctx, *v, aloc, {false, true});
        } else {
          c.assign = payload_template(ctx, *v, aloc);
        }
      }
    }
    state.catchers.push_back(std::move(c));
  }
}

}  // namespace sfn::asl::detail
