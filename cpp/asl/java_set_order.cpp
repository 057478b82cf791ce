#include "asl/java_set_order.h"

#include <cstdint>
#include <map>

namespace sfn::asl {

std::int32_t java_string_hash(std::string_view text) {
  std::uint32_t h = 0;
  auto add = [&h](std::uint32_t unit) { h = 31 * h + unit; };
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::uint32_t cp = c;
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > text.size()) len = 1;
    if (len > 1) cp = c & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
    i += len;
  }
  return static_cast<std::int32_t>(h);
}

std::vector<std::string_view> java_hash_set_order(
    const std::vector<std::string_view>& insertion_order) {
  // java.util.HashMap: the table starts at 16 buckets and doubles past a 0.75 load; an entry's
  // bucket is (h ^ (h >>> 16)) & (capacity - 1); a bucket keeps insertion order (resizes split
  // buckets without reordering). Iteration walks the buckets in index order.
  std::size_t capacity = 16;
  while (insertion_order.size() > capacity * 3 / 4) capacity *= 2;
  std::map<std::uint32_t, std::vector<std::string_view>> buckets;
  for (std::string_view name : insertion_order) {
    auto h = static_cast<std::uint32_t>(java_string_hash(name));
    h ^= h >> 16;
    auto& bucket = buckets[h & static_cast<std::uint32_t>(capacity - 1)];
    bool seen = false;
    for (std::string_view existing : bucket) seen = seen || existing == name;
    if (!seen) bucket.push_back(name);
  }
  std::vector<std::string_view> out;
  out.reserve(insertion_order.size());
  for (auto& [index, names] : buckets) out.insert(out.end(), names.begin(), names.end());
  return out;
}

std::string java_set_text(const std::vector<std::string_view>& insertion_order) {
  std::string out = "[";
  bool first = true;
  for (std::string_view name : java_hash_set_order(insertion_order)) {
    if (!first) out += ", ";
    first = false;
    out += name;
  }
  out += "]";
  return out;
}

}  // namespace sfn::asl
