// A Distributed Map's items read one at a time from the text of a CSV or JSON Lines object, as
// its iterations start, instead of parsed into one array up front: a run over a million-line
// object holds the object's text and the items in flight, not a million parsed items
// (docs/semantics/distributed-map.md S1-S3). Opening the stream reads the whole text once, to
// count the items and to fail exactly where and as reading every item up front would
// (States.ItemReaderFailed before any iteration starts); it keeps none of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "asl/model.h"
#include "common/failure.h"
#include "json/json.h"

namespace sfn::engine {

struct ItemStream {
  asl::ItemReaderSpec::InputType format = asl::ItemReaderSpec::InputType::Jsonl;
  char delimiter = ',';
  std::string text;                  // the object's text
  std::vector<std::string> headers;  // CSV: the field names, in header order
  std::vector<std::size_t> order;    // CSV: header positions in the items' key order (C10)
  std::size_t offset = 0;            // where the next item starts in `text`
  std::size_t size = 0;              // how many items the stream holds (MaxItems applied)
  std::size_t taken = 0;             // how many next_item has handed out
};

// Whether items of this format can be streamed: CSV and JSON Lines (and Parquet, which the
// Python layer hands over as JSON Lines). A JSON document is parsed whole.
bool streamable(const asl::ItemReaderSpec& spec);

// Opens a stream over `text` (at most `max_items` items, 0: all), after checking all of them
// as items_of_object would.
Expected<ItemStream> open_item_stream(const asl::ItemReaderSpec& spec, std::string text,
                                      std::int64_t max_items);

// The next item (stream.taken < stream.size); items come in the object's order.
Json next_item(ItemStream& stream);

// Reads the CSV record starting at or after `offset` into `record` (empty lines skipped, rules
// C4, C6, C7) and moves `offset` past it; false when the text holds no more records.
bool next_csv_record(std::string_view text, std::size_t& offset, char delimiter,
                     std::vector<std::string>& record);

}  // namespace sfn::engine
