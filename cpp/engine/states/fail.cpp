#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"
#include "intrinsics/failures.h"

namespace sfn::engine {

namespace {

// Error / ErrorPath, Cause / CausePath. A path or intrinsic must yield a string.
Expected<std::optional<std::string>> resolve(Runtime& rt, Thread& thread,
                                             const asl::StringOrPath& field, const char* name) {
  if (field.value) return std::optional<std::string>(*field.value);
  if (field.expression) {
    JsonataFields fields;
    fields.input = thread.state_input;
    auto value = evaluate_jsonata(rt, thread, *field.expression, name, fields);
    if (!value.ok()) return std::move(value).error();
    if (!value.value()->is_string())
      return unexpected_type(rt, thread, *field.expression, name, "string", *value.value());
    return std::optional<std::string>(value.value()->get<std::string>());
  }
  if (field.path) {
    auto selected = path::select(*field.path, scope_for(rt, thread, *thread.state_input));
    if (!selected.ok()) {
      // AWS names the field, as for payload templates (docs/semantics/jsonpath.md).
      const std::string field_name = std::string(name) + "Path";
      return runtime_failure(
          thread,
          intrinsics::path_not_found(field.path->text, field_name, thread.state_input.get()).cause);
    }
    const Json& v = selected->value();
    if (!v.is_string()) {
      return runtime_failure(thread, std::string("The ") + name +
                                         "Path field must reference a string value: " +
                                         field.path->text + " == " + to_text(v));
    }
    return std::optional<std::string>(v.get<std::string>());
  }
  if (field.intrinsic) {
    auto value =
        intrinsics::evaluate(*field.intrinsic, scope_for(rt, thread, *thread.state_input), rt.rng);
    if (!value.ok()) return with_state_context(thread, std::move(value).error());
    if (value->is_string()) return std::optional<std::string>(value->get<std::string>());
    return std::optional<std::string>(to_text(*value));
  }
  return std::optional<std::string>();
}

}  // namespace

void step_fail(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  const auto& fail = state.as<asl::FailState>();
  record_entered(rt, thread);
  // Fail has no InputPath; TestState reports its input as what that step produced.
  if (state.query_language == asl::QueryLanguage::JSONPath) {
    note(rt, thread, "afterInputPath", *thread.state_input);
  }
  auto error = resolve(rt, thread, fail.error, "Error");
  if (!error.ok()) return thread_failed(rt, thread, std::move(error).error());
  auto cause = resolve(rt, thread, fail.cause, "Cause");
  if (!cause.ok()) return thread_failed(rt, thread, std::move(cause).error());
  Failure failure{error->value_or(""), cause->value_or(""), error->has_value(), cause->has_value()};
  thread_failed(rt, thread, std::move(failure));
}

}  // namespace sfn::engine
