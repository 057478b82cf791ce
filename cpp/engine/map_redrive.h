// Redriving a Distributed Map's run with its parent execution (AWS: "Redriving Map Runs"): the
// run that ended unsuccessfully is kept with its items and results, and a redrive of the parent
// re-enters the Map state, records MapRunRedriven and runs again only the children that did not
// succeed. Rules: docs/semantics/distributed-map.md R1-R10.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/runtime.h"

namespace sfn::engine {

// Keeps the fanout of `map_thread`'s Distributed Map, whose run just ended unsuccessfully, for
// a redrive (R1): only a top-level Map whose run started children. Leaves map_thread.fanout
// empty either way.
void park_map_run(Runtime& rt, Thread& map_thread);

// A child execution's root thread ended unsuccessfully: where a redrive resumes it (R5).
void note_child_resume(Thread& child_root);

// Called as the Map state starts its run: when the execution is being redriven into the Map
// whose run is parked, redrives that run (MapRunRedriven, then the unsuccessful children) and
// answers true; otherwise false, and a new map run starts as usual.
bool redrive_parked_run(Runtime& rt, Thread& map_thread);

// The next child queued for a redrive of `map_thread`'s run, if any: its item index.
bool next_redriven_item(Runtime& rt, Thread& map_thread, std::size_t& index);

// Starts item `index`'s child execution again as a thread of `map_id`: a STANDARD child is
// redriven from the state it ended in (ExecutionRedriven in its history), an EXPRESS child
// starts over from the ItemProcessor's first state (R5, R6).
Thread& restart_child(Runtime& rt, int map_id, std::size_t index);

}  // namespace sfn::engine
