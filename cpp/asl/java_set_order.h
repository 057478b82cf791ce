// AWS's validator is written in Java and prints sets of field names as a java.util.HashSet
// iterates them ("These fields are required: [States, StartAt]", "There should only be one of
// the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp]"). Reproducing that
// order is what makes those messages match word for word. The order itself is common/java.h's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::asl {

// The names in the order a java.util.HashSet filled with them in `insertion_order` iterates (a
// name added twice appears once).
std::vector<std::string_view> java_hash_set_order(
    const std::vector<std::string_view>& insertion_order);

// "[a, b, c]" in that order (java.util.AbstractCollection#toString).
std::string java_set_text(const std::vector<std::string_view>& insertion_order);

}  // namespace sfn::asl
