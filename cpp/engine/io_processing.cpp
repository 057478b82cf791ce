#include "engine/io_processing.h"

#include "engine/jsonata_fields.h"

#include <string_view>

namespace sfn::engine {

namespace {

constexpr std::string_view kRuntimePrefix = "An error occurred while executing the state";

}  // namespace

Failure with_state_context(const Thread& thread, Failure failure) {
  if (failure.error == "States.Runtime" &&
      std::string_view(failure.cause).substr(0, kRuntimePrefix.size()) != kRuntimePrefix) {
    return runtime_failure(thread, failure.cause);
  }
  return failure;
}

Expected<JsonPtr, std::string> apply_path(Runtime& rt, Thread& thread,
                                          const asl::InputOutputPath& path, const JsonPtr& value) {
  using Mode = asl::InputOutputPath::Mode;
  if (path.mode == Mode::Default) return value;
  if (path.mode == Mode::Null) return share(Json::object());
  if (path.path.identity && path.path.root == path::Root::Input) return value;
  auto selected = path::select(path.path, scope_for(rt, thread, *value));
  if (!selected.ok()) {
    return "Invalid path '" + path.path.text + "' : " + selected.error().message;
  }
  if (selected->ref && path.path.root == path::Root::Input) {
    // Share the input's storage: the selected node lives as long as the input does.
    return JsonPtr(value, selected->ref);
  }
  return share(std::move(selected.value()).take());
}

Expected<JsonPtr, std::string> apply_result_path(const asl::ResultPath& result_path,
                                                 const JsonPtr& raw_input, JsonPtr result) {
  using Mode = asl::ResultPath::Mode;
  if (result_path.mode == Mode::Default) return result;
  if (result_path.mode == Mode::Null) return raw_input;
  if (result_path.path.identity) return result;
  auto written = path::write(result_path.path, *raw_input, *result);
  if (!written.ok()) return written.error().message;
  return share(std::move(written.value()));
}

Expected<JsonPtr> apply_template(Runtime& rt, Thread& thread, const payload::Template& tpl,
                                 const Json& input) {
  auto value = payload::evaluate_shared(tpl, scope_for(rt, thread, input), rt.rng);
  if (!value.ok()) return with_state_context(thread, std::move(value).error());
  return std::move(value.value());
}

Expected<std::shared_ptr<const EventDetails>> assign_variables(Runtime& rt, Thread& thread,
                                                               const payload::Template& assign,
                                                               const Json& input) {
  auto value = payload::evaluate(assign, scope_for(rt, thread, input), rt.rng);
  if (!value.ok()) return with_state_context(thread, std::move(value).error());
  if (!value->is_object() || value->empty()) return std::shared_ptr<const EventDetails>();
  for (const auto& [name, v] : value->items()) {
    if (auto deep = check_depth(thread, v)) return std::move(*deep);
  }
  auto details = std::make_shared<EventDetails>();
  details->has_assigned_variables = true;
  for (auto& [name, v] : value->items()) {
    details->assigned_variables.emplace_back(name, share(std::move(v)));
  }
  return std::shared_ptr<const EventDetails>(std::move(details));
}

}  // namespace sfn::engine

namespace sfn::engine {

void finish_with_result(Runtime& rt, Thread& thread, JsonPtr result) {
  const asl::State& state = thread.current();
  if (state.query_language == asl::QueryLanguage::JSONata)
    return finish_jsonata(rt, thread, std::move(result));
  if (state.result_selector) {
    auto selected = apply_template(rt, thread, *state.result_selector, *result);
    if (!selected.ok()) return fail_state(rt, thread, std::move(selected).error());
    result = std::move(selected.value());
  }
  note(rt, thread, "afterResultSelector", *result);
  std::shared_ptr<const EventDetails> assigned;
  if (state.assign) {
    auto a = assign_variables(rt, thread, *state.assign, *result);
    if (!a.ok()) return fail_state(rt, thread, std::move(a).error());
    assigned = std::move(a.value());
  }
  auto combined = apply_result_path(state.result_path, thread.state_input, std::move(result));
  if (!combined.ok()) return fail_state(rt, thread, runtime_failure(thread, combined.error()));
  note(rt, thread, "afterResultPath", *combined.value());
  auto output = apply_path(rt, thread, state.output_path, combined.value());
  if (!output.ok()) return fail_state(rt, thread, runtime_failure(thread, output.error()));
  exit_state(rt, thread, std::move(output.value()), std::move(assigned));
}

}  // namespace sfn::engine
