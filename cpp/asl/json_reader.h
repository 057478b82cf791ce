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

#include "asl/document.h"
#include "common/failure.h"
#include "json/json.h"

namespace sfn::asl {

struct JsonReadError {
  std::string message;   // Jackson's message, ending in "\n at " + location
  std::string location;  // "[Source: (String)\"...\"; line: L, column: C]"
};

struct JsonDocument {
  bool empty = false;  // nothing but whitespace: Jackson reads no value at all
  Json value;
  std::vector<DuplicateKey> duplicate_keys;
};

// The text as a Document (document.h): views into `text`, which must outlive it. What the
// validator reads.
Expected<Document, JsonReadError> read_document(std::string_view text);

// The same as a Json value, for callers that keep or change it.
Expected<JsonDocument, JsonReadError> read_json(std::string_view text);

}  // namespace sfn::asl
