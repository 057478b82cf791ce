// States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique.
#include <unordered_map>
#include <vector>

#include "intrinsics/function_support.h"
#include "intrinsics/value_equality.h"

namespace sfn::intrinsics::detail {

namespace {

// AWS: "The newly generated array can't contain more than 1000 items."
constexpr std::int64_t kMaxRangeItems = 1000;

// AWS, of States.ArrayPartition: "The input array can't exceed Step Functions' payload size
// limit of 256 KB." A path selects from a payload within it already; a nested call can build
// a larger array.
constexpr std::size_t kMaxPartitionInputBytes = 256 * 1024;

}  // namespace

Expected<Json> fn_array(std::span<path::Selection> args, Evaluation&) {
  Json out = Json::array();
  out.get_ref<Json::array_t&>().reserve(args.size());
  for (path::Selection& arg : args) out.push_back(std::move(arg).take());
  return out;
}

Expected<Json> fn_array_partition(std::span<path::Selection> args, Evaluation& ev) {
  const Json& array = args[0].value();
  const auto size = rounded_integer(args[1].value());
  // "You must specify a non-zero, positive integer for the second argument."
  if (!array.is_array() || !size || *size <= 0) return refuse(ev);
  if (text_size(array) > kMaxPartitionInputBytes) return refuse(ev);
  const auto chunk = static_cast<std::uint64_t>(*size);
  Json out = Json::array();
  Json items = std::move(args[0]).take();
  auto& source = items.get_ref<Json::array_t&>();
  const std::size_t n = source.size();
  for (std::size_t start = 0; start < n;) {
    const std::size_t take = chunk < n - start ? static_cast<std::size_t>(chunk) : n - start;
    Json part = Json::array();
    auto& dest = part.get_ref<Json::array_t&>();
    dest.reserve(take);
    for (std::size_t i = start; i < start + take; ++i) dest.push_back(std::move(source[i]));
    out.push_back(std::move(part));
    start += take;
  }
  return out;
}

Expected<Json> fn_array_contains(std::span<path::Selection> args, Evaluation& ev) {
  const Json& array = args[0].value();
  if (!array.is_array()) return refuse(ev);
  const Json& wanted = args[1].value();
  for (const Json& item : array) {
    if (same_value(item, wanted)) return Json(true);
  }
  return Json(false);
}

Expected<Json> fn_array_range(std::span<path::Selection> args, Evaluation& ev) {
  const auto first = rounded_integer(args[0].value());
  const auto last = rounded_integer(args[1].value());
  const auto step = rounded_integer(args[2].value());
  if (!first || !last || !step || *step == 0) return refuse(ev);
  if (!fits_int32(*first) || !fits_int32(*last) || !fits_int32(*step)) return refuse(ev);
  // Counted before anything is built, so a huge range costs nothing.
  std::int64_t count = 0;
  if ((*step > 0 && *first <= *last) || (*step < 0 && *first >= *last)) {
    count = (*last - *first) / *step + 1;
  }
  if (count > kMaxRangeItems) return refuse(ev);
  Json out = Json::array();
  auto& items = out.get_ref<Json::array_t&>();
  items.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) items.emplace_back(*first + i * *step);
  return out;
}

Expected<Json> fn_array_get_item(std::span<path::Selection> args, Evaluation& ev) {
  const Json& array = args[0].value();
  const auto index = exact_integer(args[1].value());
  if (!array.is_array() || !index || *index < 0 ||
      static_cast<std::uint64_t>(*index) >= array.size()) {
    return refuse(ev);
  }
  if (args[0].ref) return array[static_cast<std::size_t>(*index)];
  return std::move(args[0].owned[static_cast<std::size_t>(*index)]);
}

Expected<Json> fn_array_length(std::span<path::Selection> args, Evaluation& ev) {
  const Json& array = args[0].value();
  if (!array.is_array()) return refuse(ev);
  return Json(array.size());
}

Expected<Json> fn_array_unique(std::span<path::Selection> args, Evaluation& ev) {
  if (!args[0].value().is_array()) return refuse(ev);
  Json items = std::move(args[0]).take();
  auto& source = items.get_ref<Json::array_t&>();
  // Buckets by value_hash, then same_value within a bucket: linear time on arrays up to the
  // payload limit, first occurrences kept in order.
  std::unordered_multimap<std::size_t, std::size_t> seen;  // hash -> index into `kept`
  seen.reserve(source.size());
  Json out = Json::array();
  auto& kept = out.get_ref<Json::array_t&>();
  for (Json& item : source) {
    const std::size_t h = value_hash(item);
    const auto [lo, hi] = seen.equal_range(h);
    bool duplicate = false;
    for (auto it = lo; it != hi && !duplicate; ++it) duplicate = same_value(kept[it->second], item);
    if (duplicate) continue;
    seen.emplace(h, kept.size());
    kept.push_back(std::move(item));
  }
  return out;
}

}  // namespace sfn::intrinsics::detail
