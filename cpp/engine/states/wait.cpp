#include <cmath>

#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"
#include "engine/timestamp.h"

namespace sfn::engine {

namespace {

// How AWS quotes a referenced value in Wait errors: strings bare, everything else as JSON.
std::string quoted(const Json& v) { return v.is_string() ? v.get<std::string>() : to_text(v); }

// When the Wait ends, or the message of the States.Runtime failure.
Expected<std::int64_t, std::string> due_time(Runtime& rt, Thread& thread, const Json& input) {
  const auto& wait = thread.current().as<asl::WaitState>();
  if (wait.seconds.value) return rt.now_ms + *wait.seconds.value * 1000;
  if (wait.timestamp) {
    auto ts = parse_timestamp(*wait.timestamp);
    if (!ts) {
      return "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
             "format string: " +
             *wait.timestamp;
    }
    return *ts;
  }
  if (wait.seconds.path) {
    const path::Path& p = *wait.seconds.path;
    auto selected = path::select(p, scope_for(rt, thread, input));
    if (!selected.ok()) {
      return "The SecondsPath parameter does not reference an input value: " + p.text;
    }
    const Json& v = selected->value();
    if (!v.is_number() || (v.is_number_float() && v.get<double>() != std::floor(v.get<double>()))) {
      return "The SecondsPath parameter cannot be parsed as a long value: " + p.text +
             " == " + quoted(v);
    }
    double seconds = v.get<double>();
    if (seconds < 0) {
      return "The SecondsPath parameter references a negative value: " + p.text +
             " == " + quoted(v);
    }
    return rt.now_ms + static_cast<std::int64_t>(seconds) * 1000;
  }
  if (wait.timestamp_path) {
    const path::Path& p = *wait.timestamp_path;
    auto selected = path::select(p, scope_for(rt, thread, input));
    if (!selected.ok()) {
      return "The TimestampPath parameter does not reference an input value: " + p.text;
    }
    const Json& v = selected->value();
    std::optional<std::int64_t> ts;
    if (v.is_string()) ts = parse_timestamp(v.get_ref<const std::string&>());
    if (!ts) {
      return "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
             "date-time format string: " +
             p.text + " == " + quoted(v);
    }
    return *ts;
  }
  return std::string("JSONata Wait fields are not supported yet");
}

// A JSONata Wait: Seconds or Timestamp may be expressions; every failure is a
// States.QueryEvaluationError.
Expected<std::int64_t> due_time_jsonata(Runtime& rt, Thread& thread) {
  const auto& wait = thread.current().as<asl::WaitState>();
  JsonataFields fields;
  fields.input = thread.state_input;
  if (wait.seconds.expression) {
    auto seconds = jsonata_integer(rt, thread, *wait.seconds.expression, "Seconds", fields, 0);
    if (!seconds.ok()) return std::move(seconds).error();
    return rt.now_ms + *seconds * 1000;
  }
  if (wait.timestamp_expression) {
    auto value = evaluate_jsonata(rt, thread, *wait.timestamp_expression, "Timestamp", fields);
    if (!value.ok()) return std::move(value).error();
    const Json& v = *value.value();
    std::optional<std::int64_t> ts;
    if (v.is_string()) ts = parse_timestamp(v.get_ref<const std::string&>());
    if (!ts) {
      return query_failure(rt, thread, "Timestamp",
                           "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                           "date-time format string: " +
                               quoted(v));
    }
    return *ts;
  }
  auto due = due_time(rt, thread, *thread.state_input);
  if (!due.ok()) return query_failure(rt, thread, "", due.error());
  return *due;
}

}  // namespace

void step_wait(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  if (thread.phase == Phase::Enter) {
    record_entered(rt, thread);
    if (state.query_language == asl::QueryLanguage::JSONata) {
      auto due = due_time_jsonata(rt, thread);
      if (!due.ok()) return fail_state(rt, thread, std::move(due).error());
      if (*due - rt.now_ms > rt.limits.max_wait_ms) {
        return fail_state(rt, thread, runtime_failure(thread, "Wait state delay is too long."));
      }
      thread.phase = Phase::WaitExit;
      sleep_until(rt, thread, std::max(*due, rt.now_ms));
      return;
    }
    auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
    if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
    thread.effective_input = std::move(effective.value());
    note(rt, thread, "afterInputPath", *thread.effective_input);
    auto due = due_time(rt, thread, *thread.effective_input);
    if (!due.ok()) return fail_state(rt, thread, runtime_failure(thread, due.error()));
    if (*due - rt.now_ms > rt.limits.max_wait_ms) {
      return fail_state(rt, thread, runtime_failure(thread, "Wait state delay is too long."));
    }
    thread.phase = Phase::WaitExit;
    sleep_until(rt, thread, std::max(*due, rt.now_ms));
    return;
  }
  // Phase::WaitExit
  if (state.query_language == asl::QueryLanguage::JSONata)
    return finish_jsonata(rt, thread, nullptr);
  std::shared_ptr<const EventDetails> assigned;
  if (state.assign) {
    auto a = assign_variables(rt, thread, *state.assign, *thread.effective_input);
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  auto output = apply_path(rt, thread, state.output_path, thread.effective_input);
  if (!output.ok()) return fail_state(rt, thread, runtime_failure(thread, output.error()));
  exit_state(rt, thread, std::move(output.value()), std::move(assigned));
}

}  // namespace sfn::engine
