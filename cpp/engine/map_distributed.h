// The Distributed Map's data plumbing around its iterations: the ItemReader fetching items
// through the execution's TaskInvoker (s3:getObject / s3:listObjectsV2 requests, answered by
// mocks or service fakes), the ItemBatcher grouping them, and the ResultWriter storing the
// run's results (s3:putObject requests).
#pragma once

#include <optional>

#include "common/failure.h"
#include "engine/item_stream.h"
#include "engine/runtime.h"

namespace sfn::engine {

// What the ItemReader read: a stream that parses each item as its child execution starts
// (docs/semantics/distributed-map.md S1, S2a-S2d); an array only for a reader that fails.
struct ReadItems {
  JsonPtr items;
  std::shared_ptr<ItemStream> stream;
};

// The ItemReader's items (ItemsPath does not apply to them). Runs after MapRunStarted; a
// failure fails the map run.
Expected<ReadItems> read_items(Runtime& rt, Thread& map_thread);

// A MaxItemsPath whose value is no integer fails the state with States.Runtime before the map
// run starts (docs/semantics/execution.md E1); nothing when the value will do or the field is
// not a path.
std::optional<Failure> max_items_path_problem(Runtime& rt, Thread& map_thread);

// The ItemBatcher's fields, resolved (B1-B3): the batch limits and the empty batch
// ({"BatchInput"?, "Items": []}).
struct BatchSettings {
  std::size_t max_items = 0;
  std::size_t max_bytes = 0;
  Json base = Json::object();
};
Expected<BatchSettings> batch_settings(Runtime& rt, Thread& map_thread);

// B1, B2: how many items each batch takes, given each item's compact size in order: a batch
// closes before the item that would take it past MaxItemsPerBatch items or (as compact JSON,
// the empty batch and commas counted) MaxInputBytesPerBatch bytes; an item alone over the
// limit makes a batch of one.
std::vector<std::int64_t> cut_batches(const BatchSettings& settings,
                                      const std::vector<std::size_t>& item_sizes);

// Groups `items` into ItemBatcher batches ({"BatchInput"?, "Items": [...]}); `selected` are the
// items after ItemSelector.
Expected<JsonPtr> batch_items(Runtime& rt, Thread& map_thread, const Json& selected);

// Writes the map run's results with ResultWriter and returns the Map's result
// ({"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}); with a WriterConfig alone, the
// Map's result is the results as it formats them. A failure is States.ResultWriterFailed.
// Rules: docs/semantics/distributed-map.md W1-W8.
Expected<JsonPtr> write_results(Runtime& rt, Thread& map_thread);

// A map run that failed (tolerated failures exceeded) still writes its result files (W3).
std::optional<Failure> write_failed_run_results(Runtime& rt, Thread& map_thread);

// Asks the invoker for one request of the Map state `thread` runs (`resource` outlives the
// call); `reader_format` tells an ItemReader's getObject how the object will be read.
TaskOutcome invoke_for_map(Runtime& rt, Thread& thread, const asl::Resource& resource,
                           const Json& parameters, std::string_view reader_format = {});

// P1/P2: the execution ended (stopped, timed out, failed) while map runs were running: their
// running children end ABORTED (each history closed by ExecutionAborted) and the runs ABORTED.
void abort_open_map_runs(Runtime& rt);

}  // namespace sfn::engine
