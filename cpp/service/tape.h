// What a Service takes from outside itself while one thread performs one operation: clock
// readings, random ids and execution seeds. A durable server (docs/server.md, "Durability")
// records them with each operation it journals and, after a restart, replays the operation
// with the same values, so that the engine, which is deterministic given them, rebuilds the
// same executions, histories and task tokens.
//
// A tape is attached to the calling thread for the length of one operation (TapeScope): every
// clock reading and random draw of that thread goes on it. Other threads are untouched, so
// operations that are not journalled (reads) run as they always do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sfn::service {

struct Tape {
  enum class Mode : unsigned char { Record, Replay };
  Mode mode = Mode::Record;
  std::vector<std::int64_t> clock;
  std::vector<std::string> uuids;
  std::vector<std::uint64_t> seeds;
  // The task handler's replies, each as JSON text, in call order. The handler lives above the
  // service (bindings/task_handler.cpp records and replays them), so the service only keeps
  // them with the rest of the operation's inputs.
  std::vector<std::string> replies;
  // Replay: how far each list has been read, and whether the operation asked for more than
  // was recorded (it took another path than when it was recorded: the journal and the code
  // disagree). The clock then repeats its last reading, ids and seeds are drawn afresh.
  std::size_t clock_at = 0;
  std::size_t uuids_at = 0;
  std::size_t seeds_at = 0;
  std::size_t replies_at = 0;
  bool diverged = false;
};

// The tape attached to this thread, or nullptr.
Tape* thread_tape();

// Attaches `tape` to this thread until the scope ends (nullptr: none).
class TapeScope {
 public:
  explicit TapeScope(Tape* tape);
  ~TapeScope();
  TapeScope(const TapeScope&) = delete;
  TapeScope& operator=(const TapeScope&) = delete;

 private:
  Tape* previous_;
};

// `fresh` is the value drawn from the world; the tape records it or, replaying, substitutes the
// recorded one.
std::int64_t taped_clock(std::int64_t fresh);
std::string taped_uuid(std::string fresh);
std::uint64_t taped_seed(std::uint64_t fresh);

}  // namespace sfn::service
