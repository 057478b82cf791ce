// Small helpers shared by the function implementations.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "common/failure.h"
#include "intrinsics/failures.h"
#include "intrinsics/function_table.h"
#include "intrinsics/java_semantics.h"
#include "json/json.h"

namespace sfn::intrinsics::detail {

inline Failure refuse(const Evaluation& ev) { return invalid_arguments(spec_of(ev.call.id).name); }

// A number as the integer AWS works with: integers as they are, decimals rounded like Java's
// Math.round ("Step Functions will round it off to the nearest integer"). nullopt for non-numbers
// and integers beyond the 64-bit signed range.
inline std::optional<std::int64_t> rounded_integer(const Json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return {};
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) return java::math_round(v.get<double>());
  return {};
}

// An integral number (1, or 1.0) as an integer; nullopt for anything else, 1.5 included.
inline std::optional<std::int64_t> exact_integer(const Json& v) {
  if (v.is_number_integer()) return rounded_integer(v);
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (d >= -9.2e18 && d <= 9.2e18 && static_cast<double>(static_cast<std::int64_t>(d)) == d) {
      return static_cast<std::int64_t>(d);
    }
  }
  return {};
}

inline bool fits_int32(std::int64_t v) {
  return v >= std::numeric_limits<std::int32_t>::min() &&
         v <= std::numeric_limits<std::int32_t>::max();
}

// AWS's per-string limit for Base64Encode/Decode and Hash, counted in Java characters.
inline constexpr std::size_t kMaxStringChars = 10000;

}  // namespace sfn::intrinsics::detail
