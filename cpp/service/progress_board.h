// Map progress of the executions a caller asked to watch (CallContext::progress), for progress
// bars: the runner publishes each execution's per-Map counters (engine/map_progress.cpp) here
// while it runs and when it pauses or ends, and a reader on any other thread takes a snapshot
// without waiting for the runner (whose engine may be busy in a task handler).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/execution.h"

namespace sfn::service {

struct ExecutionProgress {
  std::string execution_arn;
  std::string name;
  bool running = true;
  std::vector<engine::MapProgress> maps;  // one per Map state that has started a run
};

class ProgressBoard {
 public:
  // The runner publishes at most this often while the engine steps (publish_due), besides
  // at every pause and at the end: often enough for a bar to move smoothly, rarely enough
  // that copying the counters costs nothing measurable.
  static constexpr std::chrono::milliseconds kInterval{100};

  // Replaces what is known of `execution_arn` (first published: placed after the others).
  void publish(const std::string& execution_arn, const std::string& name,
               const std::vector<engine::MapProgress>& maps, bool running);

  // Every execution published so far, in the order they were first published. One that has
  // ended is in the snapshot once more and then forgotten, so a long session of many
  // executions holds only the running ones (a redriven one is published again).
  std::vector<ExecutionProgress> take_snapshot();

 private:
  std::mutex mutex_;
  std::uint64_t next_order_ = 0;
  std::map<std::string, std::uint64_t> order_;        // execution ARN -> first publication
  std::map<std::uint64_t, ExecutionProgress> known_;  // by first publication
};

}  // namespace sfn::service
