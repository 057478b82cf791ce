// The JSONPath input/output pipeline, in AWS's order: InputPath, Parameters / ItemSelector,
// (the state's work), ResultSelector, ResultPath, OutputPath; and JSONPath-mode Assign.
#pragma once

#include <memory>
#include <string>

#include "asl/model.h"
#include "common/failure.h"
#include "engine/history_event.h"
#include "engine/runtime.h"

namespace sfn::engine {

// InputPath / OutputPath. Errors carry AWS's message ("Invalid path '$.x' : No results for
// path: $['x']"); the caller turns it into a States.Runtime failure of the state.
Expected<JsonPtr, std::string> apply_path(Runtime& rt, Thread& thread,
                                          const asl::InputOutputPath& path, const JsonPtr& value);

// ResultPath: combines the state's raw input with its result.
Expected<JsonPtr, std::string> apply_result_path(const asl::ResultPath& result_path,
                                                 const JsonPtr& raw_input, JsonPtr result);

// Parameters, ItemSelector, ResultSelector: a payload template evaluated against `input`.
Expected<JsonPtr> apply_template(Runtime& rt, Thread& thread, const payload::Template& tpl,
                                 const Json& input);

// JSONPath Assign: evaluates every expression against `input`. The assignments take effect
// when the state exits (exit_state), so they see, and OutputPath sees, the variables as they
// were before the state. Returns the details to record on the Exited event (null for none).
Expected<std::shared_ptr<const EventDetails>> assign_variables(Runtime& rt, Thread& thread,
                                                               const payload::Template& assign,
                                                               const Json& input);

// States.Runtime failures from lower layers get AWS's "An error occurred while executing the
// state ..." prefix.
Failure with_state_context(const Thread& thread, Failure failure);

}  // namespace sfn::engine

namespace sfn::engine {

// The tail of Task, Parallel, Map and Pass: ResultSelector, Assign, ResultPath, OutputPath, then
// the Exited event and the transition. Failures go through the state's Retry / Catch.
void finish_with_result(Runtime& rt, Thread& thread, JsonPtr result);

}  // namespace sfn::engine
