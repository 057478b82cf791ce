// The context object (`$$`): what an execution knows about itself.
#pragma once

#include "engine/execution.h"
#include "json/json.h"

namespace sfn::engine {

// {"Execution": {...}, "StateMachine": {...}, "State": {}} for an execution; the engine fills
// `State` (and `Task`, `Map`) as each state runs. With `with_input` false, Execution.Input is a
// null placeholder for context_for to fill when something first reads the context: copying an
// input of up to 256 KiB cost every execution, most of which never read `$$.Execution.Input`.
Json make_context_object(const ExecutionInfo& info, const JsonPtr& input, bool with_input = true);

}  // namespace sfn::engine
