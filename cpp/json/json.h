// The one JSON value type of the core, and the helpers every layer shares.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sfn {

// Insertion-ordered, because AWS keeps the key order of the documents it is given.
using Json = nlohmann::ordered_json;

// Payloads travel between states as immutable shared values: a state that forwards its input
// forwards the pointer, and history events hold the same pointer instead of a copy.
using JsonPtr = std::shared_ptr<const Json>;

inline JsonPtr share(Json value) { return std::make_shared<const Json>(std::move(value)); }

// AWS reads JSON with Jackson, whose StreamReadConstraints (2.15 on) refuse a document nested
// deeper than 1000 levels. Every document that enters is held to it (definitions, execution
// input, task results), and so is every state's output, so the code that walks payloads
// recursively (copies, comparisons, JSONPath, JSONata) never meets deeper data. The writers below
// are iterative all the same: they are what runs on data a limit has just refused.
inline constexpr int kMaxNestingDepth = 1000;

// Jackson's message for a document deeper than kMaxNestingDepth (it reports the first level
// past the limit).
std::string nesting_depth_message();

// Whether `value` nests more than `limit` arrays and objects: a scalar has depth 0, [] and {}
// depth 1, [[]] depth 2. Walks without recursion.
bool nested_deeper_than(const Json& value, int limit);

// Compact JSON text as AWS renders payloads in history and API responses (no spaces, numbers
// as Java's Jackson prints them).
std::string to_text(const Json& value);

// Parses JSON text; a failure is reported through `error` (a human message): malformed text, a
// number out of range (1e400), nesting deeper than kMaxNestingDepth (Jackson's message).
bool parse_text(std::string_view text, Json& out, std::string& error);

// The byte size of the compact rendering, for the 256 KiB payload limit, and the nesting depth,
// measured in one walk without building the string.
struct TextMeasure {
  std::size_t bytes = 0;
  int depth = 0;
};
TextMeasure measure_text(const Json& value);
std::size_t text_size(const Json& value);

// The JSON type name as AWS error messages spell it ("string", "number", "object", ...).
std::string_view type_name(const Json& value);

}  // namespace sfn
