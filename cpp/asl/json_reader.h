// Reads definition text the way AWS's Jackson-based reader does: the same accepted syntax, the
// same error words and locations for INVALID_JSON_DESCRIPTION ("Unrecognized token 'not': was
// expecting (...)\n at [Source: (String)\"not a definition\"; line: 1, column: 4]"), and it keeps
// track of repeated keys, which a JSON value cannot hold but which AWS reports for state names.
// Iterative, so deep nesting cannot exhaust the stack; depth is capped at kMaxNestingDepth, as
// Jackson caps it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/failure.h"
#include "json/json.h"

namespace sfn::asl {

struct JsonReadError {
  std::string message;   // Jackson's message, ending in "\n at " + location
  std::string location;  // "[Source: (String)\"...\"; line: L, column: C]"
};

// A key that appeared more than once in one object (the later value wins, in the first one's
// position, as Jackson's ObjectNode keeps it). `object_at` locates the object: "/States",
// "/States/M/ItemProcessor/States", "/States/P/Branches[0]/States" (empty: the root object).
struct DuplicateKey {
  std::string object_at;
  std::string key;
};

struct JsonDocument {
  bool empty = false;  // nothing but whitespace: Jackson reads no value at all
  Json value;
  std::vector<DuplicateKey> duplicate_keys;
};

Expected<JsonDocument, JsonReadError> read_json(std::string_view text);

}  // namespace sfn::asl
