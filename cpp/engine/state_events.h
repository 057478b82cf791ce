// The Entered / Exited event type of each state type.
#pragma once

#include "asl/model.h"
#include "engine/history_event.h"

namespace sfn::engine {

EventType entered_event(asl::StateType type);
// There is no FailStateExited; asking for it yields PassStateExited, which callers never do.
EventType exited_event(asl::StateType type);
EventType aborted_event(asl::StateType type);  // TaskStateAborted, WaitStateAborted, ...

}  // namespace sfn::engine
