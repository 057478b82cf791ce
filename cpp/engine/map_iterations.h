// Starting Map iterations as concurrency allows.
#pragma once

#include <cstdint>

#include "engine/runtime.h"

namespace sfn::engine {

// Starts iterations of the Map run by `map_thread` until MaxConcurrency is reached or every
// item has started. Each MapIterationStarted points at `previous`.
void start_iterations(Runtime& rt, Thread& map_thread, std::int64_t previous);

}  // namespace sfn::engine
