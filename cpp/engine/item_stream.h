// A Distributed Map's items read one at a time, as its child executions start, instead of held
// parsed in one array up front (docs/semantics/distributed-map.md S1, S2a-S2e): a run over a
// million items holds the source's text (an object's, or the items a listing or a manifest
// gave, as compact JSON lines) and the items in flight, not a million parsed items. Opening the
// stream reads the whole source once, to count the items and to fail exactly where and as
// reading every item up front would (States.ItemReaderFailed before any child starts); it keeps
// none of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "asl/model.h"
#include "common/failure.h"
#include "json/item_spans.h"
#include "json/json.h"

namespace sfn::engine {

// ItemBatcher over a stream: each batch is cut from the stream as its child starts (B1-B3).
struct ItemBatching {
  std::vector<std::int64_t> sizes;  // items in each batch, in order
  Json base;                        // {"BatchInput"?, "Items": []}
};

struct ItemStream {
  // Jsonl: one JSON value a line (JSON Lines, Parquet rows, and the items of a listing, a
  // manifest or LOAD_AND_FLATTEN kept as compact lines); Json: a JSON document's array or
  // object, by `spans`; Csv: CSV records.
  asl::ItemReaderSpec::InputType format = asl::ItemReaderSpec::InputType::Jsonl;
  char delimiter = ',';
  std::string text;                  // the object's text
  std::vector<std::string> headers;  // CSV: the field names, in header order
  std::vector<std::size_t> order;    // CSV: header positions in the items' key order (C10)
  ItemSpans spans;                   // Json: where the items are in `text`
  std::size_t start = 0;             // where the first item starts in `text` (past a header)
  std::size_t offset = 0;            // where the next item starts in `text`
  std::size_t index = 0;             // Json: the next item's span
  std::size_t size = 0;              // how many items (or batches) next_item hands out
  std::size_t taken = 0;             // how many next_item has handed out
  std::optional<ItemBatching> batching;
};

// Whether items of this format can be streamed from an object's text: CSV, JSON Lines (and
// Parquet, which the Python layer hands over as JSON Lines) and JSON documents.
bool streamable(const asl::ItemReaderSpec& spec);

// Opens a stream over `text` (at most `max_items` items, 0: all), after checking all of them
// as items_of_object would. A JSON document whose items cannot be found without parsing it
// whole (json/item_spans.h) is parsed whole, and so is one that fails: the failure is then
// items_of_object's. `keyed` is set when the items are a JSON object's members (E18).
Expected<ItemStream> open_item_stream(const asl::ItemReaderSpec& spec, std::string text,
                                      std::int64_t max_items, bool* keyed = nullptr);

// A stream of items another reader found (a listing, a manifest's rows, LOAD_AND_FLATTEN),
// kept as compact JSON lines: items added with add_item come out of next_item equal.
ItemStream item_lines();
void add_item(ItemStream& stream, const Json& item);

// The next item, or batch when the stream batches (stream.taken < stream.size); items come in
// the source's order.
Json next_item(ItemStream& stream);

// Frees the source's text and offsets once every item is out (stream.taken == stream.size):
// the children hold their items, and a run's memory peaks when they have all run.
void release_when_done(ItemStream& stream);

// Back to the first item: a second pass after counting (ItemBatcher).
void rewind(ItemStream& stream);

// Hands out batches of `batching.sizes` items instead of items.
void batch_stream(ItemStream& stream, ItemBatching batching);

// The bytes the stream holds besides its text: no parsed item, whatever its size
// (docs/semantics/distributed-map.md S2a-S2e).
std::size_t held_bytes(const ItemStream& stream);

// Reads the CSV record starting at or after `offset` into `record` (empty lines skipped, rules
// C4, C6, C7) and moves `offset` past it; false when the text holds no more records.
bool next_csv_record(std::string_view text, std::size_t& offset, char delimiter,
                     std::vector<std::string>& record);

}  // namespace sfn::engine
