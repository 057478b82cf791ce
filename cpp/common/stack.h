// How much of the calling thread's stack is left, so that recursion over user input (JSON
// nesting, JSONata and JSONPath expressions, values built by recursion) stops with a clean error
// before the stack runs out, whatever stack the thread was given.
//
// The depth counts beside each recursion (kMaxNestingDepth, kMaxValueDepth, ...) follow AWS and
// the oracles and hold on the 8 MiB main thread of a test run; they do not hold on the stacks
// others choose for us: Python threads on musl (128 KiB), threading.stack_size(), an embedding
// runtime's workers, a CI runner's `ulimit -s`. This check holds on all of them.
#pragma once

#include <cstddef>

namespace sfn::stack {

// Room left below the caller's frame, in bytes; a very large number where the platform does not
// say where the thread's stack ends (the depth counts then stand alone).
std::size_t remaining();

// Stack kept free for the frames between two checks (kCheckEvery levels of the deepest
// recursion step in the engine, a few KiB each), the error's unwinding and the handler that
// reports it.
inline constexpr std::size_t kReserve = 128 * 1024;

// True once a recursion should stop and report its input as too deeply nested.
inline bool nearly_exhausted() { return remaining() < kReserve; }

// For a recursion that counts its levels: measures the stack on every kCheckEvery-th level
// only. JSONata and JSONPath walk values on their hottest paths, and a measurement (a call
// and a thread-local read) on every step cost a third of a predicate over 1,000 objects.
inline constexpr int kCheckEvery = 8;
inline bool nearly_exhausted_at(int depth) {
  return depth % kCheckEvery == kCheckEvery - 1 && nearly_exhausted();
}

}  // namespace sfn::stack
