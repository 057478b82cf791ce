// AWS runs Step Functions and its validator on the JVM, and Java's own renderings and orders show
// through: numbers in messages and payloads are written by Double.toString ("1.0E7"), objects
// built in a java.util.HashMap or HashSet iterate in that table's order. The one home of these
// behaviours; the layers above build their messages and results on them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::java {

// Double.toString(double) (OpenJDK 17): "1.0", "1.1", "1.0E7", "9999999.0", "1.0E-4", "0.001",
// "-0.0", "4.9E-324", "NaN", "Infinity".
std::string double_to_string(double value);

// String.hashCode() of a string (UTF-8 in, computed over its UTF-16 code units).
std::int32_t string_hash(std::string_view text);

// The iteration order of a java.util.HashMap<String, ?> (or a HashSet<String>) after `keys` were
// put in this order, default capacity and load factor. `keys` are distinct (a put of a key already
// there replaces its value in place: leave it out). Returns indexes into `keys`.
std::vector<std::size_t> hashmap_order(const std::vector<std::string_view>& keys);

}  // namespace sfn::java
