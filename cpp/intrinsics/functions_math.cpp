// States.MathAdd and States.MathRandom.
#include "intrinsics/function_support.h"
#include "intrinsics/java_random.h"

namespace sfn::intrinsics::detail {

Expected<Json> fn_math_add(std::span<path::Selection> args, Evaluation& ev) {
  // Decimals are rounded half up, per argument, like Java's Math.round: recorded on AWS,
  // 1.49 + 1.5 = 3, -1.5 + 0 = -1, -2.5 + 0 = -2, -0.5 + 0.5 = 1.
  const auto a = rounded_integer(args[0].value());
  const auto b = rounded_integer(args[1].value());
  // AWS: "You must specify integer values in the range of -2147483648 and 2147483647."
  if (!a || !b || !fits_int32(*a) || !fits_int32(*b)) return refuse(ev);
  return Json(*a + *b);
}

Expected<Json> fn_math_random(std::span<path::Selection> args, Evaluation& ev) {
  // "If you specify a non-integer value for the start number or end number argument, Step
  // Functions will round it off to the nearest integer." Both ends are taken as reachable.
  const auto start = rounded_integer(args[0].value());
  const auto end = rounded_integer(args[1].value());
  if (!start || !end || !fits_int32(*start) || !fits_int32(*end) || *start > *end) {
    return refuse(ev);
  }
  const std::int64_t span = *end - *start + 1;
  if (args.size() < 3) return Json(ev.rng.next_int(*start, *end));
  const auto seed = rounded_integer(args[2].value());
  if (!seed) return refuse(ev);
  JavaRandom random(*seed);
  if (span <= INT32_MAX) return Json(*start + random.next_int(static_cast<std::int32_t>(span)));
  const auto draw =
      static_cast<std::uint64_t>(random.next_long()) % static_cast<std::uint64_t>(span);
  return Json(*start + static_cast<std::int64_t>(draw));
}

}  // namespace sfn::intrinsics::detail
