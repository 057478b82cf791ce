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

// Stack kept free for the deepest frame between two checks, the error's unwinding and the
// handler that reports it: the largest single recursion step in the engine is well under this.
inline constexpr std::size_t kReserve = 64 * 1024;

// True once a recursion should stop and report its input as too deeply nested.
inline bool nearly_exhausted() { return remaining() < kReserve; }

}  // namespace sfn::stack
