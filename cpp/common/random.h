// Randomness for an execution (States.UUID, States.MathRandom, retry jitter, $random, $uuid).
// Each execution owns one generator seeded from its options, so a run with a fixed seed is
// reproducible and several executions on several threads never share state.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace sfn {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0x5DEECE66DULL) : engine_(seed) {}

  std::uint64_t next_u64() { return engine_(); }
  // Uniform in [0, 1).
  double next_double() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi] (inclusive). Requires lo <= hi.
  std::int64_t next_int(std::int64_t lo, std::int64_t hi) {
    std::uniform_int_distribution<std::int64_t> dist(lo, hi);
    return dist(engine_);
  }
  // A random (version 4) UUID in its canonical lowercase text form.
  std::string uuid4();

 private:
  std::mt19937_64 engine_;
};

}  // namespace sfn
