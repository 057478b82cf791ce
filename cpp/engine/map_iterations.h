// Starting Map iterations as concurrency allows.
#pragma once

#include <cstdint>

#include "engine/runtime.h"

namespace sfn::engine {

// Starts iterations of the Map run by `map_thread` until MaxConcurrency is reached or every
// item has started. Each MapIterationStarted points at `previous`.
void start_iterations(Runtime& rt, Thread& map_thread, std::int64_t previous);

// Every item has finished (successfully, or within the tolerated failures): records the
// Map's success and moves on with the results.
void map_completed(Runtime& rt, Thread& map_thread);

}  // namespace sfn::engine
