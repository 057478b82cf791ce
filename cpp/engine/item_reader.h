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

// The items of an object's text as ReaderConfig reads it (JSON array, JSON Lines, CSV), at most
// `max_items` of them (0: all).
Expected<Json> items_of_object(const asl::ItemReaderSpec& spec, std::string_view body,
                               std::int64_t max_items);

// Appends the items of one listObjectsV2 page (its `Contents`) to `items` until there are
// `max_items` (0: no limit), as AWS hands objects to iterations: {Etag, Key, LastModified
// (epoch seconds, a double), Size, StorageClass}.
void append_listed_objects(const Json& page, Json& items, std::int64_t max_items);

// The records of CSV text (RFC 4180 quoting: a quoted field may hold delimiters, line breaks and
// doubled quotes; LF or CRLF ends a record; empty lines are skipped), at most `limit` of them.
std::vector<std::vector<std::string>> read_csv(std::string_view text, char delimiter,
                                               std::size_t limit);

}  // namespace sfn::engine
