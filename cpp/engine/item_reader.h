// What a Distributed Map's ItemReader makes of the S3 objects it fetched: the items, as AWS
// gives them to the map run. Pure functions (no runtime), so they are tested on their own;
// map_reader.cpp does the fetching. Failures are States.ItemReaderFailed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/model.h"
#include "common/failure.h"
#include "json/json.h"

namespace sfn::engine {

// AWS caps MaxItems at 100,000,000; 0 means no limit.
inline constexpr std::int64_t kMaxItemsLimit = 100000000;
inline constexpr const char* kItemReaderFailed = "States.ItemReaderFailed";

// The object text of a getObject result: the text itself, or an SDK-shaped object whose `Body`
// is a string. Nothing when the result is neither.
std::optional<std::string_view> object_body(const Json& result);

// The items of an object's text as ReaderConfig reads it (JSON array or object with
// ItemsPointer, JSON Lines, CSV, Parquet rows as JSON Lines from the Python layer), at most
// `max_items` of them (0: all). A JSON object's members come as {Key, Value} pairs, and `keyed`
// (when given) is set. Rules: docs/semantics/distributed-map.md D6-D9, C1-C10.
Expected<Json> items_of_object(const asl::ItemReaderSpec& spec, std::string_view body,
                               std::int64_t max_items, bool* keyed = nullptr);

// The reference tokens of an RFC 6901 JSON Pointer, decoded ("~0" is "~", "~1" is "/"); nothing
// when it is not a pointer (no leading "/", a "~" not before 0 or 1). "" has none.
std::optional<std::vector<std::string>> pointer_tokens(std::string_view pointer);

// The value an RFC 6901 JSON Pointer selects in `document` ("" is the document itself);
// nullptr when it selects nothing or is not a pointer.
const Json* json_pointer_target(const Json& document, std::string_view pointer);

// An S3 inventory manifest.json (D10): where its CSV data files are and their columns.
struct InventoryManifest {
  std::string bucket;                // destinationBucket
  std::vector<std::string> keys;     // files[].key, in order
  std::vector<std::string> columns;  // fileSchema, split at commas and trimmed
};
Expected<InventoryManifest> read_inventory_manifest(std::string_view body);

// The items of one inventory data file (CSV without a header row, `columns` naming the fields),
// appended to `items` until there are `max_items` (0: no limit).
void append_inventory_items(const std::vector<std::string>& columns, std::string_view body,
                            Json& items, std::int64_t max_items);

// Appends the items of one listObjectsV2 page (its `Contents`) to `items` until there are
// `max_items` (0: no limit), as AWS hands objects to iterations: {Etag, Key, LastModified
// (epoch seconds, a double), Size, StorageClass}.
void append_listed_objects(const Json& page, Json& items, std::int64_t max_items);

// The records of CSV text as AWS parses them (C4, C6, C7: a quoted field may hold delimiters,
// line breaks and doubled quotes; a backslash keeps a following backslash, quote or delimiter
// literally and is dropped before anything else; LF or CRLF ends a record; empty lines are
// skipped), at most `limit` of them.
std::vector<std::vector<std::string>> read_csv(std::string_view text, char delimiter,
                                               std::size_t limit);

}  // namespace sfn::engine
