// A Distributed Map's ItemReader and ItemBatcher: the items come from S3 requests the
// execution's invoker answers, and iterations may take them in batches.
#include <limits>

#include "asl/resource_arn.h"
#include "engine/io_processing.h"
#include "engine/item_reader.h"
#include "engine/item_stream.h"
#include "engine/jsonata_fields.h"
#include "engine/map_distributed.h"
#include "engine/path_numbers.h"

namespace sfn::engine {

namespace {

// A listObjectsV2 mock that keeps answering IsTruncated would page forever.
constexpr std::size_t kMaxPages = 100000;

// MaxItems / MaxItemsPerBatch / MaxInputBytesPerBatch and their *Path and JSONata forms;
// nothing when the field is absent. A wrong value fails with `error`.
Expected<std::optional<std::int64_t>> resolve_count(Runtime& rt, Thread& thread,
                                                    const asl::IntegerOrPath& f,
                                                    std::string_view field,
                                                    std::string_view error) {
  using Out = std::optional<std::int64_t>;
  if (f.value) return Out(*f.value);
  if (f.expression) {
    JsonataFields fields;
    fields.input = thread.state_input;
    auto v = evaluate_jsonata(rt, thread, *f.expression, field, fields);
    if (!v.ok()) return std::move(v).error();
    auto n = path_integer(**v);
    if (!n || !(*v)->is_number())
      return unexpected_type(rt, thread, *f.expression, field, "integer", **v);
    return Out(*n);
  }
  if (!f.path) return Out();
  const path::Path& p = *f.path;
  auto selected = path::select(p, scope_for(rt, thread, *thread.effective_input));
  if (!selected.ok())
    return runtime_failure(thread, "Invalid path '" + p.text + "' : " + selected.error().message);
  const Json& v = selected->value();
  auto n = path_integer(v);
  if (!n) {
    std::string message = "The " + std::string(field) + "Path field refers to value \"" +
                          referenced_value_text(v) + "\" which is not a valid integer: " + p.text;
    if (error == "States.Runtime") return runtime_failure(thread, message);
    return Failure{std::string(error), std::move(message)};
  }
  return Out(*n);
}

Failure reader_failure(std::string cause) { return Failure{kItemReaderFailed, std::move(cause)}; }

// What the invoker's failure becomes: simulator errors (sfnsim.*: no mock, ...) stay as they
// are so the user sees them; S3's own errors fail the reader.
Failure reader_failure_of(const Failure& failure) {
  if (failure.error.starts_with("sfnsim.")) return failure;
  return reader_failure(failure.has_cause && !failure.cause.empty() ? failure.cause
                                                                    : failure.error);
}

Expected<JsonPtr> fetch(Runtime& rt, Thread& thread, const asl::Resource& resource,
                        const Json& parameters, std::string_view reader_format = {}) {
  TaskOutcome outcome = invoke_for_map(rt, thread, resource, parameters, reader_format);
  switch (outcome.kind) {
    case TaskOutcome::Kind::Succeeded:
      return share(std::move(outcome.result));
    case TaskOutcome::Kind::Failed:
      return reader_failure_of(outcome.failure);
    case TaskOutcome::Kind::Pending:
    case TaskOutcome::Kind::Delegate:  // invoke_for_map turned it into a failure already
    case TaskOutcome::Kind::InFlight:  // invoke_for_map settled it
      break;
  }
  return reader_failure("The " + resource.arn + " request did not answer at once.");
}

Expected<JsonPtr> reader_parameters(Runtime& rt, Thread& thread, const asl::MapState& map) {
  if (map.item_reader_arguments) {
    JsonataFields fields;
    fields.input = thread.state_input;
    return evaluate_jsonata(rt, thread, *map.item_reader_arguments, "Arguments", fields);
  }
  if (map.item_reader_parameters)
    return apply_template(rt, thread, *map.item_reader_parameters, *thread.effective_input);
  return share(Json::object());
}

std::string_view format_name(asl::ItemReaderSpec::InputType type) {
  using T = asl::ItemReaderSpec::InputType;
  switch (type) {
    case T::Csv:
      return "CSV";
    case T::Json:
      return "JSON";
    case T::Jsonl:
      return "JSONL";
    case T::Parquet:
      return "PARQUET";
    case T::Manifest:
      return "MANIFEST";
    case T::None:
      break;
  }
  return {};
}

// The text of one object the reader fetched with s3:getObject.
Expected<std::string> object_text(Runtime& rt, Thread& thread, const asl::Resource& get_object,
                                  const Json& request, std::string_view reader_format) {
  auto result = fetch(rt, thread, get_object, request, reader_format);
  if (!result.ok()) return std::move(result).error();
  auto body = object_body(**result);
  if (!body) {
    return reader_failure(
        "The getObject result is neither the object's text nor an object with "
        "a string Body: " +
        to_text(**result));
  }
  return std::string(*body);
}

bool full(const ItemStream& items, std::int64_t max_items) {
  return max_items > 0 && items.size >= static_cast<std::size_t>(max_items);
}

std::int64_t room(const ItemStream& items, std::int64_t max_items) {
  return max_items > 0 ? max_items - static_cast<std::int64_t>(items.size) : 0;
}

// Adds `more` (an array) to `items`; S2b-S2d keep what a reader found as compact lines.
void add_items(ItemStream& items, const Json& more, std::int64_t max_items) {
  for (const Json& item : more) {
    if (full(items, max_items)) return;
    add_item(items, item);
  }
}

// Every object listObjectsV2 lists (each page followed), as D3's items.
Expected<ItemStream> list_objects(Runtime& rt, Thread& thread, const asl::Resource& resource,
                                  Json request, std::int64_t max_items) {
  ItemStream items = item_lines();
  std::string previous_token;
  for (std::size_t page = 0; page < kMaxPages; ++page) {
    auto result = fetch(rt, thread, resource, request);
    if (!result.ok()) return std::move(result).error();
    const Json& listing = **result;
    Json listed = Json::array();
    append_listed_objects(listing, listed, room(items, max_items));
    add_items(items, listed, max_items);
    if (full(items, max_items)) break;
    auto truncated = listing.is_object() ? listing.find("IsTruncated") : listing.end();
    auto token = listing.is_object() ? listing.find("NextContinuationToken") : listing.end();
    if (truncated == listing.end() || !truncated->is_boolean() || !truncated->get<bool>() ||
        token == listing.end() || !token->is_string()) {
      break;
    }
    if (token->get_ref<const std::string&>() == previous_token) {
      return reader_failure("listObjectsV2 answered the same NextContinuationToken twice.");
    }
    previous_token = token->get<std::string>();
    if (!request.is_object()) request = Json::object();
    request["ContinuationToken"] = previous_token;
  }
  return items;
}

// The getObject resource beside a listObjectsV2 or getObject one (same partition).
asl::Resource get_object_resource(const asl::Resource& reader) {
  std::string arn = reader.arn;
  if (auto colon = arn.rfind(':'); colon != std::string::npos) arn = arn.substr(0, colon + 1);
  return asl::classify_resource(arn + "getObject");
}

// D4: each listed object read with InputType, in listing order.
Expected<ItemStream> load_and_flatten(Runtime& rt, Thread& thread, const asl::ItemReaderSpec& spec,
                                      const Json& parameters, std::int64_t max_items) {
  if (spec.input_type == asl::ItemReaderSpec::InputType::None)
    return reader_failure("The ItemReader's ReaderConfig needs an InputType to read an object.");
  auto listed = list_objects(rt, thread, spec.resource, parameters, 0);
  if (!listed.ok()) return std::move(listed).error();
  const Json bucket = parameters.is_object() && parameters.contains("Bucket") ? parameters["Bucket"]
                                                                              : Json(nullptr);
  asl::Resource get_object = get_object_resource(spec.resource);
  ItemStream items = item_lines();
  // E18: $$.Map.Item has a Key when every object read was a JSON object ([ours]: with arrays
  // among them, no item has one).
  bool all_keyed = true;
  while (listed->taken < listed->size) {
    const Json object = next_item(*listed);
    if (full(items, max_items)) break;
    Json request = Json{{"Bucket", bucket}, {"Key", object.value("Key", "")}};
    auto text = object_text(rt, thread, get_object, request, format_name(spec.input_type));
    if (!text.ok()) return std::move(text).error();
    bool keyed = false;
    auto more = items_of_object(spec, *text, room(items, max_items), &keyed);
    if (!more.ok()) return std::move(more).error();
    all_keyed = all_keyed && keyed;
    add_items(items, more.value(), max_items);
  }
  if (all_keyed && items.size > 0) thread.fanout->keyed = true;
  return items;
}

// D10: an S3 inventory manifest, then its CSV data files (gzip is undone by the Python layer
// that answers the S3_INVENTORY_CSV reads).
Expected<ItemStream> inventory_items(Runtime& rt, Thread& thread, const asl::ItemReaderSpec& spec,
                                     const Json& parameters, std::int64_t max_items) {
  auto text = object_text(rt, thread, spec.resource, parameters, "MANIFEST");
  if (!text.ok()) return std::move(text).error();
  auto manifest = read_inventory_manifest(*text);
  if (!manifest.ok()) return std::move(manifest).error();
  Json bucket = manifest->bucket.empty() && parameters.is_object() && parameters.contains("Bucket")
                    ? parameters["Bucket"]
                    : Json(manifest->bucket);
  ItemStream items = item_lines();
  for (const std::string& key : manifest->keys) {
    if (full(items, max_items)) break;
    auto data = object_text(rt, thread, spec.resource, Json{{"Bucket", bucket}, {"Key", key}},
                            "S3_INVENTORY_CSV");
    if (!data.ok()) return std::move(data).error();
    Json rows = Json::array();
    append_inventory_items(manifest->columns, *data, rows, room(items, max_items));
    add_items(items, rows, max_items);
  }
  return items;
}

}  // namespace

TaskOutcome invoke_for_map(Runtime& rt, Thread& thread, const asl::Resource& resource,
                           const Json& parameters, std::string_view reader_format) {
  if (!rt.invoker) {
    return TaskOutcome::failed("sfnsim.TaskNotMocked",
                               "No task handler is configured for resource '" + resource.arn +
                                   "' (state '" + thread.current().name + "').");
  }
  TaskRequest request;
  request.execution_arn = rt.info.execution_arn;
  request.state_machine_arn = rt.info.state_machine_arn;
  request.state_name = thread.current().name;
  request.resource = &resource;
  request.parameters = &parameters;
  request.context = &context_for(rt, thread, /*with_input=*/false);
  request.execution_input = thread.child_execution ? thread.child_execution->input : rt.input;
  request.attempt = thread.retry_count;
  request.now_ms = rt.now_ms;
  request.reader_format = reader_format;
  TaskOutcome outcome = settled(rt.invoker(request));
  if (outcome.kind == TaskOutcome::Kind::Delegate) {
    outcome = TaskOutcome::undelegated(resource.arn, request.state_name);
  }
  return outcome;
}

std::optional<Failure> max_items_path_problem(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  if (!map.reader || !map.reader->max_items.path) return std::nullopt;
  // [recorded] test_map_item_reader_csv_max_items_paths[1.5]: MapStateStarted, then the
  // execution fails with States.Runtime; no MapRunStarted. (A negative value is the reader's
  // failure, after MapRunStarted: read_items.)
  auto max = resolve_count(rt, thread, map.reader->max_items, "MaxItems", "States.Runtime");
  if (!max.ok()) return std::move(max).error();
  return std::nullopt;
}

Expected<ReadItems> read_items(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  const asl::ItemReaderSpec& spec = *map.reader;
  auto max = resolve_count(rt, thread, spec.max_items, "MaxItems", kItemReaderFailed);
  if (!max.ok()) return std::move(max).error();
  std::int64_t max_items = max->value_or(0);
  // [recorded] test_map_item_reader_csv_max_items_paths: -1 fails the run; 0 reads every
  // item; past 100,000,000 is read as 100,000,000.
  if (max_items < 0) return reader_failure("field MaxItems must be positive");
  max_items = std::min(max_items, kMaxItemsLimit);

  auto parameters = reader_parameters(rt, thread, map);
  if (!parameters.ok()) return std::move(parameters).error();

  const Json& request = **parameters;
  using T = asl::ItemReaderSpec::InputType;
  // D13: an Athena UNLOAD manifest is not read yet; reading it as its InputType would give
  // wrong items silently.
  if (map.item_reader && map.item_reader->is_object()) {
    auto config = map.item_reader->find("ReaderConfig");
    if (config != map.item_reader->end() && config->is_object() &&
        config->value("ManifestType", "") == "ATHENA_DATA") {
      return Failure{"sfnsim.Unsupported",
                     "sfnsim does not read ItemReader ManifestType ATHENA_DATA manifests yet."};
    }
  }
  // S2a-S2d: every reader's items come as a stream, parsed as their children start.
  Expected<ItemStream> items = item_lines();
  if (spec.resource.action == "listObjectsV2") {
    items = spec.load_and_flatten ? load_and_flatten(rt, thread, spec, request, max_items)
                                  : list_objects(rt, thread, spec.resource, request, max_items);
  } else if (spec.input_type == T::Manifest) {
    items = inventory_items(rt, thread, spec, request, max_items);
  } else {
    auto text = object_text(rt, thread, spec.resource, request, format_name(spec.input_type));
    if (!text.ok()) return std::move(text).error();
    if (!streamable(spec)) {
      // No InputType: items_of_object names the problem.
      auto whole = items_of_object(spec, *text, max_items);
      if (!whole.ok()) return std::move(whole).error();
      return ReadItems{share(std::move(whole.value())), nullptr};
    }
    bool keyed = false;
    items = open_item_stream(spec, std::move(text.value()), max_items, &keyed);
    // E18: $$.Map.Item carries the members' keys.
    if (keyed) thread.fanout->keyed = true;
  }
  if (!items.ok()) return std::move(items).error();
  return ReadItems{nullptr, std::make_shared<ItemStream>(std::move(items.value()))};
}

Expected<BatchSettings> batch_settings(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  const asl::ItemBatcherSpec& spec = *map.batcher;
  auto per_batch =
      resolve_count(rt, thread, spec.max_items_per_batch, "MaxItemsPerBatch", "States.Runtime");
  if (!per_batch.ok()) return std::move(per_batch).error();
  auto bytes = resolve_count(rt, thread, spec.max_input_bytes_per_batch, "MaxInputBytesPerBatch",
                             "States.Runtime");
  if (!bytes.ok()) return std::move(bytes).error();
  for (auto [value, field] :
       {std::pair{*per_batch, "MaxItemsPerBatch"}, std::pair{*bytes, "MaxInputBytesPerBatch"}}) {
    if (value && *value <= 0)
      return runtime_failure(thread, std::string("field ") + field + " must be positive");
  }
  std::optional<JsonPtr> batch_input;
  if (spec.batch_input_jsonata) {
    JsonataFields fields;
    fields.input = thread.state_input;
    auto v = evaluate_jsonata(rt, thread, *spec.batch_input_jsonata, "BatchInput", fields);
    if (!v.ok()) return std::move(v).error();
    batch_input = std::move(v.value());
  } else if (map.item_batcher_input) {
    auto v = apply_template(rt, thread, *map.item_batcher_input, *thread.effective_input);
    if (!v.ok()) return std::move(v).error();
    batch_input = std::move(v.value());
  }
  BatchSettings settings;
  settings.max_items = per_batch->value_or(0) > 0 ? static_cast<std::size_t>(**per_batch)
                                                  : std::numeric_limits<std::size_t>::max();
  settings.max_bytes = bytes->value_or(0) > 0 ? static_cast<std::size_t>(**bytes)
                                              : std::numeric_limits<std::size_t>::max();
  // AWS docs: each child execution gets {"BatchInput": ..., "Items": [...]}.
  if (batch_input) settings.base["BatchInput"] = **batch_input;
  settings.base["Items"] = Json::array();
  return settings;
}

std::vector<std::int64_t> cut_batches(const BatchSettings& settings,
                                      const std::vector<std::size_t>& item_sizes) {
  const std::size_t base_size = text_size(settings.base);
  std::vector<std::int64_t> sizes;
  std::size_t in_batch = 0;
  std::size_t current_size = base_size;
  for (std::size_t size : item_sizes) {
    std::size_t item_size = size + (in_batch == 0 ? 0 : 1);  // the comma before it
    if (in_batch > 0 &&
        (in_batch >= settings.max_items || current_size + item_size > settings.max_bytes)) {
      sizes.push_back(static_cast<std::int64_t>(in_batch));
      in_batch = 0;
      current_size = base_size;
      item_size = size;
    }
    ++in_batch;
    current_size += item_size;
  }
  if (in_batch > 0) sizes.push_back(static_cast<std::int64_t>(in_batch));
  return sizes;
}

Expected<JsonPtr> batch_items(Runtime& rt, Thread& thread, const Json& selected) {
  auto settings = batch_settings(rt, thread);
  if (!settings.ok()) return std::move(settings).error();
  std::vector<std::size_t> item_sizes;
  item_sizes.reserve(selected.size());
  for (const Json& item : selected) item_sizes.push_back(text_size(item));
  Json batches = Json::array();
  std::size_t next = 0;
  for (std::int64_t n : cut_batches(*settings, item_sizes)) {
    Json batch = settings->base;
    for (; n > 0; --n) batch["Items"].push_back(selected[next++]);
    batches.push_back(std::move(batch));
  }
  return share(std::move(batches));
}

}  // namespace sfn::engine
