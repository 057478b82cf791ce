// java.util.Random, for States.MathRandom with a seed: a Java service seeding java.util.Random
// is the likeliest implementation, and reproducing its sequence is the only way a seeded call can
// ever agree with AWS value for value. (Unseeded calls use the execution's own generator.)
#pragma once

#include <cstdint>

namespace sfn::intrinsics {

class JavaRandom {
 public:
  explicit JavaRandom(std::int64_t seed)
      : seed_((static_cast<std::uint64_t>(seed) ^ kMultiplier) & kMask) {}

  // Random.nextInt(bound) for 0 < bound <= 2^31 - 1.
  std::int32_t next_int(std::int32_t bound) {
    std::int32_t r = next(31);
    const std::int32_t m = bound - 1;
    if ((bound & m) == 0)
      return static_cast<std::int32_t>((bound * static_cast<std::int64_t>(r)) >> 31);
    // Java's rejection loop relies on int overflow (u - r + m < 0); done here in 64 bits.
    for (std::int32_t u = r; static_cast<std::int64_t>(u) - (r = u % bound) + m > INT32_MAX;
         u = next(31)) {
    }
    return r;
  }

  // Random.nextLong().
  std::int64_t next_long() {
    const auto hi = static_cast<std::uint64_t>(static_cast<std::int64_t>(next(32)));
    const auto lo = static_cast<std::uint64_t>(static_cast<std::int64_t>(next(32)));
    return static_cast<std::int64_t>((hi << 32) + lo);
  }

 private:
  static constexpr std::uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr std::uint64_t kMask = (1ULL << 48) - 1;

  std::int32_t next(int bits) {
    seed_ = (seed_ * kMultiplier + 0xBULL) & kMask;
    return static_cast<std::int32_t>(static_cast<std::int64_t>(seed_ >> (48 - bits)));
  }

  std::uint64_t seed_;
};

}  // namespace sfn::intrinsics
