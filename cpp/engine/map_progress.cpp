// MapProgress (Execution::track_map_progress): counters per Map state for a progress bar. The
// fanout keeps the index of its state's counters, so an iteration's start and end cost one
// comparison when progress is not tracked and one increment when it is. Only observed: nothing
// here decides what the execution does.
#include "engine/map_iterations.h"

namespace sfn::engine {

void count_map_items(Runtime& rt, Thread& map_thread) {
  const asl::State& state = map_thread.current();
  Fanout& f = *map_thread.fanout;
  std::size_t slot = 0;
  // Few Map states per definition: a scan, once per run of a Map.
  while (slot < rt.map_progress.size() && rt.map_progress[slot].state_name != state.name) ++slot;
  if (slot == rt.map_progress.size()) {
    MapProgress added;
    added.state_name = state.name;
    added.distributed = f.distributed;
    rt.map_progress.push_back(std::move(added));
  }
  rt.map_progress[slot].total += f.results.size();
  f.progress = static_cast<int>(slot);
}

}  // namespace sfn::engine
