// Where the elements of one array or object inside a JSON text are, found in one validating
// pass that builds no value: a Distributed Map over a JSON document parses each item only when
// its child execution starts (docs/semantics/distributed-map.md S2a) instead of the whole
// document up front.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sfn {

struct ItemSpans {
  enum class Kind { Missing, Scalar, Array, Object };
  Kind kind = Kind::Missing;  // what the path selects
  std::size_t first = 0;      // where the container's first element begins (after '[' or '{')
  // Where element i ends; its text starts where element i-1's ended (or at `first`), after
  // whitespace and a ','. Only the first `limit` elements are kept; `count` counts them all.
  std::vector<std::size_t> ends;
  std::vector<std::size_t> key_ends;  // Object: where member i's name ends (its ':' follows)
  std::size_t count = 0;
};

// Reads `text` with nlohmann's parser (as parse_indexed does) and notes the spans of the
// elements of the value that `path` selects (decoded JSON Pointer tokens: a member name, or an
// array index in decimal). False when the spans could differ from the value parse_text gives,
// so the caller must parse the text whole: the text is not JSON as read here (parse_indexed
// also takes lone surrogates), it nests deeper than kMaxNestingDepth, or a name repeats on the
// way to the value or among its members (a repeated name keeps its first place and its last
// value in parse_text).
bool scan_item_spans(std::string_view text, const std::vector<std::string>& path, std::size_t limit,
                     ItemSpans& out);

// The text of element `i` (of member `i`'s value for an object), and of member `i`'s name
// (a JSON string, quotes included).
std::string_view element_text(std::string_view text, const ItemSpans& spans, std::size_t i);
std::string_view member_name_text(std::string_view text, const ItemSpans& spans, std::size_t i);

}  // namespace sfn
