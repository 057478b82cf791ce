// Map: the processor graph (ItemProcessor or the legacy Iterator), the items, the selector, the
// concurrency and failure tolerance, and the Distributed Map's ItemReader, ItemBatcher,
// ResultWriter and Label.
#include <limits>
#include <tuple>
#include <utility>

#include "asl/parse_parts.h"
#include "asl/resource_arn.h"

namespace sfn::asl::detail {
namespace {

constexpr std::int64_t kNoMax = std::numeric_limits<std::int64_t>::max();
// Only ItemsPath takes the Context Object among the Map's path fields (floci-io/floci#3733).
constexpr PathRules kNoContext{false, true};

// Any partition, with or without region and account, as Task resources (resource_arn.cpp).
bool is_s3_resource(std::string_view arn, std::string_view action) {
  Resource r = classify_resource(arn);
  return r.kind == Resource::Kind::Service && r.service == "s3" && r.action == action;
}

void parse_processor(Ctx& ctx, const StateInput& in, MapState& map) {
  int present = check_at_most_one(ctx, in.json, in.at, {"ItemProcessor", "Iterator"});
  if (present == 0) ctx.schema(msg::exactly_one_of({"ItemProcessor", "Iterator"}), in.at);
  for (std::string_view key : {"ItemProcessor", "Iterator"}) {
    const DocNode* processor = member(in.json, key);
    if (!processor) continue;
    std::string loc = at_field(in.at, key);
    if (!processor->is_object()) {
      ctx.schema(msg::expected_type("OBJECT"), loc);
      return;
    }
    check_fields(ctx, *processor, loc, {"Comment", "StartAt", "States", "ProcessorConfig"},
                 {"StartAt", "States"});
    if (const DocNode* config = object_member(ctx, *processor, "ProcessorConfig", loc)) {
      std::string cloc = at_field(loc, "ProcessorConfig");
      check_fields(ctx, *config, cloc, {"Mode", "ExecutionType"});
      if (const std::string_view* mode = string_member(ctx, *config, "Mode", cloc)) {
        if (*mode != "INLINE" && *mode != "DISTRIBUTED") {
          ctx.schema(msg::one_of_values({"INLINE", "DISTRIBUTED"}), at_field(cloc, "Mode"));
        } else if (*mode == "DISTRIBUTED") {
          map.distributed = true;
          if (ctx.options.express)
            ctx.schema(std::string(msg::kExpressDistributed), at_field(cloc, "Mode"));
        }
      }
      if (const std::string_view* type = string_member(ctx, *config, "ExecutionType", cloc)) {
        if (*type != "STANDARD" && *type != "EXPRESS") {
          ctx.schema(msg::one_of_values({"STANDARD", "EXPRESS"}), at_field(cloc, "ExecutionType"));
        } else {
          map.execution_type = *type;
        }
      }
    }
    map.processor.query_language = ctx.machine_language;
    parse_graph(ctx, *processor, loc, map.processor);
    return;  // with both present, the first is enough (the pair is already reported)
  }
}

void parse_items(Ctx& ctx, const StateInput& in, MapState& map) {
  if (const DocNode* v = in.get("ItemsPath"))
    map.items_path = jsonpath_field(ctx, *v, "ItemsPath", at_field(in.at, "ItemsPath"), true, {});
  if (const DocNode* v = in.get("Items")) {
    if (v->is_array() || is_jsonata_expression(*v)) {
      map.items = jsonata_field(ctx, *v, at_field(in.at, "Items"));
    } else if (v->is_object()) {
      // AWS documents Items as an array or an expression, but a Map iterates over an object's
      // members (docs/semantics/execution.md E18) and no source shows AWS refusing one written
      // here: accepted with a WARNING (validation.md items-object-literal).
      ctx.warn(msg::kSchema, msg::expected_type("ARRAY"), at_field(in.at, "Items"));
      map.items = jsonata_field(ctx, *v, at_field(in.at, "Items"));
    } else {
      ctx.schema(msg::expected_type("ARRAY"), at_field(in.at, "Items"));
    }
  }
  check_at_most_one(ctx, in.json, in.at, {"ItemSelector", "Parameters"});
  if (in.jsonata) {
    if (const DocNode* v = in.get("ItemSelector"))
      map.item_selector_jsonata = jsonata_field(ctx, *v, at_field(in.at, "ItemSelector"));
    return;
  }
  for (std::string_view key : {"ItemSelector", "Parameters"}) {
    if (const DocNode* v = in.get(key)) {
      map.item_selector = payload_template(ctx, *v, at_field(in.at, key));
      return;
    }
  }
}

void parse_limits(Ctx& ctx, const StateInput& in, MapState& map) {
  check_at_most_one(ctx, in.json, in.at, {"MaxConcurrency", "MaxConcurrencyPath"});
  check_at_most_one(ctx, in.json, in.at, {"ToleratedFailureCount", "ToleratedFailureCountPath"});
  check_at_most_one(ctx, in.json, in.at,
                    {"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"});
  map.max_concurrency =
      integer_or_path(ctx, in.json, in.at, "MaxConcurrency", in.jsonata ? "" : "MaxConcurrencyPath",
                      in.jsonata, 0, kNoMax, kNoContext);
  map.tolerated_failure_count = integer_or_path(ctx, in.json, in.at, "ToleratedFailureCount",
                                                in.jsonata ? "" : "ToleratedFailureCountPath",
                                                in.jsonata, 0, kNoMax, kNoContext);
  if (const DocNode* v = member(in.json, "ToleratedFailurePercentage")) {
    if (in.jsonata && is_jsonata_expression(*v)) {
      map.tolerated_failure_percentage_expression =
          jsonata_field(ctx, *v, at_field(in.at, "ToleratedFailurePercentage"));
    } else {
      map.tolerated_failure_percentage =
          number_value(ctx, *v, at_field(in.at, "ToleratedFailurePercentage"), 0.0, 100.0);
    }
  }
  if (const DocNode* v = in.get("ToleratedFailurePercentagePath"))
    map.tolerated_failure_percentage_path =
        reference_path(ctx, *v, at_field(in.at, "ToleratedFailurePercentagePath"), kNoContext);
}

// Parameters (JSONPath) or Arguments (JSONata) inside ItemReader/ResultWriter.
std::optional<payload::Template> nested_arguments(Ctx& ctx, const StateInput& in,
                                                  const DocNode& object, const std::string& loc,
                                                  std::optional<JsonataTemplate>& arguments) {
  std::optional<payload::Template> out;
  if (const DocNode* v = member(object, "Parameters")) {
    if (in.jsonata) {
      ctx.schema(msg::field_of_other_language(true, "Parameters"), loc);
    } else {
      out = payload_template(ctx, *v, at_field(loc, "Parameters"));
    }
  }
  if (const DocNode* v = member(object, "Arguments")) {
    if (in.jsonata) {
      arguments = jsonata_field(ctx, *v, at_field(loc, "Arguments"));
    } else {
      ctx.schema(msg::field_of_other_language(false, "Arguments"), loc);
    }
  }
  return out;
}

void parse_item_reader(Ctx& ctx, const StateInput& in, MapState& map) {
  const DocNode* reader = object_member(ctx, in.json, "ItemReader", in.at);
  if (!reader) return;
  std::string loc = at_field(in.at, "ItemReader");
  check_fields(ctx, *reader, loc, {"Resource", "ReaderConfig", "Parameters", "Arguments"},
               {"Resource"});
  if (const std::string_view* resource = string_member(ctx, *reader, "Resource", loc)) {
    if (!is_s3_resource(*resource, "getObject") && !is_s3_resource(*resource, "listObjectsV2"))
      ctx.schema(msg::resource_not_recognized(*resource), at_field(loc, "Resource"));
  }
  ItemReaderSpec spec;
  if (const DocNode* r = member(*reader, "Resource"); r && r->is_string())
    spec.resource = classify_resource(std::string(r->str()));
  map.item_reader_parameters = nested_arguments(ctx, in, *reader, loc, map.item_reader_arguments);
  if (const DocNode* config = object_member(ctx, *reader, "ReaderConfig", loc)) {
    std::string cloc = at_field(loc, "ReaderConfig");
    check_fields(ctx, *config, cloc,
                 {"InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
                  "MaxItemsPath", "ManifestType", "Transformation", "ItemsPointer"});
    if (const std::string_view* type = string_member(ctx, *config, "InputType", cloc)) {
      static constexpr std::string_view kTypes[] = {"CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"};
      bool known = false;
      for (std::string_view t : kTypes) known = known || t == *type;
      if (!known)
        ctx.schema(msg::one_of_values({"CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"}),
                   at_field(cloc, "InputType"));
      using T = ItemReaderSpec::InputType;
      spec.input_type = *type == "CSV"        ? T::Csv
                        : *type == "JSON"     ? T::Json
                        : *type == "JSONL"    ? T::Jsonl
                        : *type == "MANIFEST" ? T::Manifest
                        : *type == "PARQUET"  ? T::Parquet
                                              : T::None;
    }
    if (const DocNode* headers = member(*config, "CSVHeaders"); headers && headers->is_array()) {
      for (const DocNode& h : *headers)
        if (h.is_string()) spec.csv_headers.emplace_back(h.str());
    }
    if (const DocNode* d = member(*config, "CSVDelimiter"); d && d->is_string()) {
      static constexpr std::pair<std::string_view, char> kDelimiters[] = {
          {"COMMA", ','}, {"PIPE", '|'}, {"SEMICOLON", ';'}, {"SPACE", ' '}, {"TAB", '\t'}};
      bool known = false;
      for (auto [name, c] : kDelimiters) {
        if (d->str() != name) continue;
        spec.csv_delimiter = c;
        known = true;
      }
      if (!known)
        ctx.schema(msg::one_of_values({"COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"}),
                   at_field(cloc, "CSVDelimiter"));
    }
    if (const std::string_view* location = string_member(ctx, *config, "CSVHeaderLocation", cloc)) {
      if (*location != "FIRST_ROW" && *location != "GIVEN")
        ctx.schema(msg::one_of_values({"FIRST_ROW", "GIVEN"}), at_field(cloc, "CSVHeaderLocation"));
      spec.csv_headers_given = *location == "GIVEN";
    }
    // [doc] ItemReader (Map): Transformation NONE (the default) or LOAD_AND_FLATTEN.
    if (const std::string_view* t = string_member(ctx, *config, "Transformation", cloc)) {
      if (*t != "NONE" && *t != "LOAD_AND_FLATTEN")
        ctx.schema(msg::one_of_values({"NONE", "LOAD_AND_FLATTEN"}),
                   at_field(cloc, "Transformation"));
      spec.load_and_flatten = *t == "LOAD_AND_FLATTEN";
    }
    if (const std::string_view* p = string_member(ctx, *config, "ItemsPointer", cloc))
      spec.items_pointer = *p;
    check_at_most_one(ctx, *config, cloc, {"MaxItems", "MaxItemsPath"});
    spec.max_items =
        integer_or_path(ctx, *config, cloc, "MaxItems", in.jsonata ? "" : "MaxItemsPath",
                        in.jsonata, 0, 100000000, kNoContext);
    if (in.jsonata && has(*config, "MaxItemsPath"))
      ctx.schema(msg::field_of_other_language(true, "MaxItemsPath"), cloc);
  }
  map.item_reader = to_json(*reader);
  map.reader = std::move(spec);
}

void parse_item_batcher(Ctx& ctx, const StateInput& in, MapState& map) {
  const DocNode* batcher = object_member(ctx, in.json, "ItemBatcher", in.at);
  if (!batcher) return;
  std::string loc = at_field(in.at, "ItemBatcher");
  check_fields(ctx, *batcher, loc,
               {"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath", "BatchInput"});
  ItemBatcherSpec spec;
  for (auto [field, path_field, out] :
       {std::tuple<std::string_view, std::string_view, IntegerOrPath*>{
            "MaxItemsPerBatch", "MaxItemsPerBatchPath", &spec.max_items_per_batch},
        {"MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", &spec.max_input_bytes_per_batch}}) {
    check_at_most_one(ctx, *batcher, loc, {field, path_field});
    *out = integer_or_path(ctx, *batcher, loc, field, in.jsonata ? "" : path_field, in.jsonata, 0,
                           kNoMax, kNoContext);
    if (in.jsonata && has(*batcher, path_field))
      ctx.schema(msg::field_of_other_language(true, path_field), loc);
  }
  if (const DocNode* input = member(*batcher, "BatchInput")) {
    if (in.jsonata) {
      spec.batch_input_jsonata = jsonata_field(ctx, *input, at_field(loc, "BatchInput"));
    } else {
      map.item_batcher_input = payload_template(ctx, *input, at_field(loc, "BatchInput"));
    }
  }
  map.item_batcher = to_json(*batcher);
  map.batcher = std::move(spec);
}

void parse_result_writer(Ctx& ctx, const StateInput& in, MapState& map) {
  const DocNode* writer = object_member(ctx, in.json, "ResultWriter", in.at);
  if (!writer) return;
  std::string loc = at_field(in.at, "ResultWriter");
  check_fields(ctx, *writer, loc, {"Resource", "Parameters", "Arguments", "WriterConfig"});
  if (const std::string_view* resource = string_member(ctx, *writer, "Resource", loc)) {
    if (!is_s3_resource(*resource, "putObject"))
      ctx.schema(msg::resource_not_recognized(*resource), at_field(loc, "Resource"));
    map.writer_resource = classify_resource(*resource);
  }
  map.result_writer_parameters =
      nested_arguments(ctx, in, *writer, loc, map.result_writer_arguments);
  // [doc] ResultWriter (Map): WriterConfig {Transformation NONE | COMPACT | FLATTEN, OutputType
  // JSON | JSONL}.
  if (const DocNode* config = object_member(ctx, *writer, "WriterConfig", loc)) {
    std::string cloc = at_field(loc, "WriterConfig");
    check_fields(ctx, *config, cloc, {"Transformation", "OutputType"});
    WriterConfigSpec spec;
    if (const std::string_view* t = string_member(ctx, *config, "Transformation", cloc)) {
      using T = WriterConfigSpec::Transformation;
      if (*t == "COMPACT") {
        spec.transformation = T::Compact;
      } else if (*t == "FLATTEN") {
        spec.transformation = T::Flatten;
      } else if (*t != "NONE") {
        ctx.schema(msg::one_of_values({"NONE", "COMPACT", "FLATTEN"}),
                   at_field(cloc, "Transformation"));
      }
    }
    if (const std::string_view* t = string_member(ctx, *config, "OutputType", cloc)) {
      if (*t != "JSON" && *t != "JSONL")
        ctx.schema(msg::one_of_values({"JSON", "JSONL"}), at_field(cloc, "OutputType"));
      spec.jsonl = *t == "JSONL";
    }
    map.writer_config = spec;
  }
  map.result_writer = to_json(*writer);
}

void parse_label(Ctx& ctx, const StateInput& in, MapState& map) {
  const std::string_view* label = string_member(ctx, in.json, "Label", in.at);
  if (!label) return;
  if (auto problem = label_problem(*label)) {
    ctx.schema(*problem, at_field(in.at, "Label"));
    ctx.diagnostics.back().reported_as_value_error = true;
    return;
  }
  map.label = *label;
}

}  // namespace

void parse_map(Ctx& ctx, const StateInput& in, State& state) {
  MapState map;
  parse_processor(ctx, in, map);
  parse_items(ctx, in, map);
  parse_limits(ctx, in, map);
  parse_item_reader(ctx, in, map);
  parse_item_batcher(ctx, in, map);
  parse_result_writer(ctx, in, map);
  parse_label(ctx, in, map);
  state.spec = std::move(map);
}

}  // namespace sfn::asl::detail
