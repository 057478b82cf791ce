// The stable merge sort jsonata-js uses for both $sort and the order-by operator (`^(...)`):
// the order of equal items, and which comparator calls are made, follow it exactly.
#pragma once

#include <cstddef>
#include <vector>

#include "jsonata/value.h"

namespace sfn::jsonata {

namespace detail {

template <class Swap>
std::vector<Value> merge_sort_range(const std::vector<Value>& items, std::size_t lo, std::size_t hi,
                                    Swap& swap) {
  if (hi - lo <= 1)
    return std::vector<Value>(items.begin() + static_cast<std::ptrdiff_t>(lo),
                              items.begin() + static_cast<std::ptrdiff_t>(hi));
  std::size_t middle = lo + (hi - lo) / 2;
  std::vector<Value> left = merge_sort_range(items, lo, middle, swap);
  std::vector<Value> right = merge_sort_range(items, middle, hi, swap);
  std::vector<Value> out;
  out.reserve(hi - lo);
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < left.size() && j < right.size()) {
    if (swap(left[i], right[j])) {
      out.push_back(right[j++]);
    } else {
      out.push_back(left[i++]);
    }
  }
  while (i < left.size()) out.push_back(left[i++]);
  while (j < right.size()) out.push_back(right[j++]);
  return out;
}

}  // namespace detail

// `items` sorted; `swap(a, b)` true means a goes after b.
template <class Swap>
std::vector<Value> merge_sort(const std::vector<Value>& items, Swap& swap) {
  return detail::merge_sort_range(items, 0, items.size(), swap);
}

}  // namespace sfn::jsonata
