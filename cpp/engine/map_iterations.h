// Starting Map iterations as concurrency allows.
#pragma once

#include <cstdint>

#include "engine/runtime.h"

namespace sfn::engine {

// Starts iterations of the Map run by `map_thread` until MaxConcurrency is reached or every
// item has started. Each MapIterationStarted points at `previous`.
void start_iterations(Runtime& rt, Thread& map_thread, std::int64_t previous);

// Progress is tracked (Execution::track_map_progress) and `map_thread`'s run of its Map has not
// been counted yet: counts its items in the Map state's MapProgress (engine/map_progress.cpp).
void count_map_items(Runtime& rt, Thread& map_thread);

// Every item has finished (successfully, or within the tolerated failures): records the
// Map's success and moves on with the results.
void map_completed(Runtime& rt, Thread& map_thread);

}  // namespace sfn::engine
