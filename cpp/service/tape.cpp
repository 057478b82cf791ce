#include "service/tape.h"

namespace sfn::service {

namespace {

// One per thread: an operation runs on one thread, and the tape follows only it. (Not shared
// state: each thread sees its own.)
thread_local Tape* current = nullptr;

}  // namespace

Tape* thread_tape() { return current; }

TapeScope::TapeScope(Tape* tape) : previous_(current) { current = tape; }

TapeScope::~TapeScope() { current = previous_; }

std::int64_t taped_clock(std::int64_t fresh) {
  if (!current) return fresh;
  Tape& tape = *current;
  if (tape.mode == Tape::Mode::Record) {
    tape.clock.push_back(fresh);
    return fresh;
  }
  if (tape.clock_at < tape.clock.size()) return tape.clock[tape.clock_at++];
  tape.diverged = true;
  // Time never goes back: past the recording, the last recorded reading stands.
  return tape.clock.empty() ? fresh : tape.clock.back();
}

std::string taped_uuid(std::string fresh) {
  if (!current) return fresh;
  Tape& tape = *current;
  if (tape.mode == Tape::Mode::Record) {
    tape.uuids.push_back(fresh);
    return fresh;
  }
  if (tape.uuids_at < tape.uuids.size()) return tape.uuids[tape.uuids_at++];
  tape.diverged = true;
  return fresh;
}

std::uint64_t taped_seed(std::uint64_t fresh) {
  if (!current) return fresh;
  Tape& tape = *current;
  if (tape.mode == Tape::Mode::Record) {
    tape.seeds.push_back(fresh);
    return fresh;
  }
  if (tape.seeds_at < tape.seeds.size()) return tape.seeds[tape.seeds_at++];
  tape.diverged = true;
  return fresh;
}

}  // namespace sfn::service
