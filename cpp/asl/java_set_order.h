// AWS's validator is written in Java and prints sets of field names as a java.util.HashSet
// iterates them ("These fields are required: [States, StartAt]", "There should only be one of
// the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]"). Reproducing that
// order is what makes those messages match word for word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::asl {

// Java's String.hashCode over the UTF-16 code units of `text` (UTF-8 in).
std::int32_t java_string_hash(std::string_view text);

// The names in the order a java.util.HashSet filled with them in `insertion_order` iterates.
std::vector<std::string_view> java_hash_set_order(
    const std::vector<std::string_view>& insertion_order);

// "[a, b, c]" in that order (java.util.AbstractCollection#toString).
std::string java_set_text(const std::vector<std::string_view>& insertion_order);

}  // namespace sfn::asl
