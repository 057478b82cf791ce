#include "asl/java_set_order.h"

#include <unordered_set>

#include "common/java.h"

namespace sfn::asl {

std::vector<std::string_view> java_hash_set_order(
    const std::vector<std::string_view>& insertion_order) {
  // HashSet.add of a name already there changes nothing.
  std::vector<std::string_view> distinct;
  distinct.reserve(insertion_order.size());
  std::unordered_set<std::string_view> seen;
  for (std::string_view name : insertion_order) {
    if (seen.insert(name).second) distinct.push_back(name);
  }
  std::vector<std::string_view> out;
  out.reserve(distinct.size());
  for (std::size_t i : java::hashmap_order(distinct)) out.push_back(distinct[i]);
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
