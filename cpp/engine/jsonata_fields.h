// JSONata states: evaluating a state's `{% %}` fields with `$states` and the workflow variables
// bound, and AWS's States.QueryEvaluationError failures when an expression fails, yields
// nothing, or yields a value of the wrong type for its field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "asl/model.h"
#include "common/failure.h"
#include "engine/history_event.h"
#include "engine/runtime.h"
#include "jsonata/jsonata.h"

namespace sfn::engine {

// What `$states` holds for the evaluations of one state step. A null pointer: the field does not
// exist there (the parser has already refused expressions that read it). Values are converted
// for JSONata once, on first use, and shared by every expression of the step.
struct JsonataFields {
  JsonPtr input;                  // $states.input: the state's raw input
  JsonPtr result;                 // $states.result (Task, Parallel, Map: Output and Assign)
  JsonPtr error_output;           // $states.errorOutput (Catch: Output and Assign)
  const Json* context = nullptr;  // $states.context; context_for(thread) when null

  mutable std::optional<jsonata::Document> input_doc, result_doc, error_doc, context_doc;
};

// "An error occurred while executing the state 'S' (entered at the event id #N). <message>"
// with States.QueryEvaluationError, and the EvaluationFailed event AWS records for it
// (`location`: the field, "" when the failure is not an expression's).
Failure query_failure(Runtime& rt, Thread& thread, std::string_view location,
                      const std::string& message);

// Evaluates a field template (`field`: how AWS names it in causes, "Output", "Catch[0]/Output").
// Constant parts are shared, not copied. An expression that fails, yields undefined, or yields a
// function fails the state.
Expected<JsonPtr> evaluate_jsonata(Runtime& rt, Thread& thread, const asl::JsonataTemplate& tpl,
                                   std::string_view field, const JsonataFields& fields);

// `Assign` (an object template): the details to record on the Exited event (null for none).
// The assignments take effect when the state exits, so every expression of the state sees the
// variables as they were before it.
Expected<std::shared_ptr<const EventDetails>> assign_jsonata(Runtime& rt, Thread& thread,
                                                             const asl::JsonataTemplate& tpl,
                                                             std::string_view field,
                                                             const JsonataFields& fields);

// "... returned an unexpected result type. Expected '<expected>', but was '<type>' for value:
// <value>", for scalar fields whose expression yields the wrong type.
Failure unexpected_type(Runtime& rt, Thread& thread, const asl::JsonataTemplate& tpl,
                        std::string_view field, std::string_view expected, const Json& value);

// JSONata's name for a JSON value's type ("string", "number", "boolean", "null", "array",
// "object").
std::string_view jsonata_type_name(const Json& value);

// A JSONata integer field (Seconds, TimeoutSeconds, HeartbeatSeconds, MaxConcurrency,
// ToleratedFailureCount): evaluated and checked to be an integer at least `min`.
Expected<std::int64_t> jsonata_integer(Runtime& rt, Thread& thread, const asl::JsonataTemplate& tpl,
                                       std::string_view field, const JsonataFields& fields,
                                       std::int64_t min);

}  // namespace sfn::engine

namespace sfn::engine {

// The JSONata tail of a state: Assign, then Output (default: `result` when the state produces
// one, else the state's raw input), then the Exited event and the transition. Both see `$states`
// and the variables as they were before the state.
void finish_jsonata(Runtime& rt, Thread& thread, JsonPtr result);

// A JSONata Catch: `$states.errorOutput` is {Error, Cause}; the catcher's Assign, then its
// Output (default: the error output). Returns the state's output and the Exited event details.
struct CatchOutcome {
  JsonPtr output;
  std::shared_ptr<const EventDetails> assigned;
};
Expected<CatchOutcome> catch_jsonata(Runtime& rt, Thread& thread, const asl::Catcher& catcher,
                                     std::size_t index, JsonPtr error_output);

}  // namespace sfn::engine
