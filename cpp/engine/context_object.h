// The context object (`$$`): what an execution knows about itself.
#pragma once

#include "engine/execution.h"
#include "json/json.h"

namespace sfn::engine {

// {"Execution": {...}, "StateMachine": {...}, "State": {}} for an execution; the engine fills
// `State` (and `Task`, `Map`) as each state runs.
Json make_context_object(const ExecutionInfo& info, const JsonPtr& input);

}  // namespace sfn::engine
