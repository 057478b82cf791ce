// A Distributed Map's ResultWriter: the child executions' results go to S3 (s3:putObject
// requests through the invoker) laid out as AWS lays them out, and the Map's result says where.
#include "engine/io_processing.h"
#include "engine/item_stream.h"
#include "engine/jsonata_fields.h"
#include "engine/map_distributed.h"
#include "engine/timestamp.h"

namespace sfn::engine {

namespace {

constexpr const char* kResultWriterFailed = "States.ResultWriterFailed";

// One child execution as the result files list it (DescribeExecution's shape).
Json execution_entry(const ChildExecution& ex, const MapRunRecord& run) {
  Json e = Json::object();
  bool succeeded = ex.status == ExecutionStatus::Succeeded;
  if (!succeeded) {
    if (ex.failure.has_cause) e["Cause"] = ex.failure.cause;
    if (ex.failure.has_error) e["Error"] = ex.failure.error;
  }
  e["ExecutionArn"] = ex.arn;
  e["Input"] = ex.input ? to_text(*ex.input) : "null";
  e["InputDetails"] = Json{{"Included", true}};
  e["Name"] = ex.name;
  if (succeeded) {
    e["Output"] = ex.output ? to_text(*ex.output) : "null";
    e["OutputDetails"] = Json{{"Included", true}};
    e["RedriveCount"] = ex.redrive_count;
    e["RedriveStatus"] = "NOT_REDRIVABLE";
    e["RedriveStatusReason"] = "Execution is SUCCEEDED and cannot be redriven";
  }
  e["StartDate"] = format_timestamp(ex.start_ms);
  e["StateMachineArn"] = run.state_machine_arn;
  e["Status"] = succeeded                              ? "SUCCEEDED"
                : ex.status == ExecutionStatus::Failed ? "FAILED"
                                                       : "ABORTED";
  if (ex.stop_ms) e["StopDate"] = format_timestamp(*ex.stop_ms);
  return e;
}

Expected<JsonPtr> writer_parameters(Runtime& rt, Thread& thread, const asl::MapState& map) {
  if (map.result_writer_arguments) {
    JsonataFields fields;
    fields.input = thread.state_input;
    return evaluate_jsonata(rt, thread, *map.result_writer_arguments, "Arguments", fields);
  }
  if (map.result_writer_parameters)
    return apply_template(rt, thread, *map.result_writer_parameters, *thread.effective_input);
  return share(Json::object());
}

std::optional<Failure> put(Runtime& rt, Thread& thread, const asl::Resource& resource,
                           const std::string& bucket, const std::string& key, std::string body) {
  Json request = Json{{"Bucket", bucket}, {"Key", key}, {"Body", std::move(body)}};
  TaskOutcome outcome = invoke_for_map(rt, thread, resource, request);
  if (outcome.kind == TaskOutcome::Kind::Succeeded) return std::nullopt;
  if (outcome.kind == TaskOutcome::Kind::Pending)
    return Failure{kResultWriterFailed, "The s3:putObject request did not answer at once."};
  if (outcome.failure.error.starts_with("sfnsim.")) return outcome.failure;
  return Failure{kResultWriterFailed, outcome.failure.has_cause && !outcome.failure.cause.empty()
                                          ? outcome.failure.cause
                                          : outcome.failure.error};
}

using Transformation = asl::WriterConfigSpec::Transformation;

// The map run's results by status, as W2-W6 lay them out: succeeded entries transformed by
// WriterConfig, failed (and aborted) ones always whole (W5: "Step Functions keeps failed
// executions' results unchanged"), and the items no child execution took.
struct RunResults {
  Json succeeded = Json::array();
  Json failed = Json::array();
  Json pending = Json::array();
};

void add_succeeded(Json& out, const ChildExecution& ex, const MapRunRecord& run,
                   Transformation transformation) {
  if (transformation == Transformation::None) {
    out.push_back(execution_entry(ex, run));
    return;
  }
  const Json& output = ex.output ? *ex.output : Json(nullptr);
  if (transformation == Transformation::Flatten && output.is_array()) {
    for (const Json& element : output) out.push_back(element);
    return;
  }
  out.push_back(output);
}

RunResults run_results(Runtime& rt, const Thread& thread, Transformation transformation) {
  Fanout& f = *thread.fanout;
  const MapRunRecord& run = rt.map_runs[f.map_run];
  RunResults out;
  for (std::size_t index : run.child_executions) {
    const ChildExecution& ex = *rt.child_executions[index];
    if (ex.status == ExecutionStatus::Succeeded) {
      add_succeeded(out.succeeded, ex, run, transformation);
    } else if (ex.status != ExecutionStatus::Running) {
      out.failed.push_back(execution_entry(ex, run));
    }
  }
  // [ours] An item no child execution took: its input, as the entries give inputs.
  auto pending = [&](const Json& item) {
    out.pending.push_back(
        Json{{"Input", to_text(item)}, {"InputDetails", Json{{"Included", true}}}});
  };
  for (std::size_t i = f.next_to_start; f.items && i < f.items->size(); ++i) pending((*f.items)[i]);
  // A stream's items not taken yet are read now, from a copy of the cursor: a redrive of the
  // run starts them from where the run left them (R8).
  if (f.stream) {
    ItemStream rest = *f.stream;
    while (rest.taken < rest.size) pending(next_item(rest));
  }
  return out;
}

Transformation transformation_of(const asl::MapState& map) {
  return map.writer_config ? map.writer_config->transformation : Transformation::None;
}

// W7: a JSON array, or one compact JSON value a line.
std::string file_text(const Json& entries, bool jsonl) {
  if (!jsonl) return to_text(entries);
  std::string out;
  for (const Json& entry : entries) {
    out += to_text(entry);
    out += '\n';
  }
  return out;
}

// W1, W2: the result files and manifest.json under <Prefix>/<map run id>/.
Expected<JsonPtr> write_files(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  const MapRunRecord& run = rt.map_runs[thread.fanout->map_run];
  auto parameters = writer_parameters(rt, thread, map);
  if (!parameters.ok()) return std::move(parameters).error();
  const Json& p = **parameters;
  auto bucket = p.is_object() ? p.find("Bucket") : p.end();
  if (bucket == p.end() || !bucket->is_string())
    return Failure{kResultWriterFailed, "The ResultWriter's parameters need a string Bucket."};
  std::string prefix;
  if (auto it = p.find("Prefix"); it != p.end() && it->is_string()) prefix = it->get<std::string>();
  // [recorded] test_map_state_result_writer: <Prefix>/<map run id>/manifest.json.
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  prefix += run.arn.substr(run.arn.rfind(':') + 1) + "/";

  const bool jsonl = map.writer_config && map.writer_config->jsonl;
  RunResults results = run_results(rt, thread, transformation_of(map));
  Json files =
      Json{{"FAILED", Json::array()}, {"PENDING", Json::array()}, {"SUCCEEDED", Json::array()}};
  const std::string& bucket_name = bucket->get_ref<const std::string&>();
  for (auto [status, entries] : {std::pair<const char*, Json*>{"SUCCEEDED", &results.succeeded},
                                 {"FAILED", &results.failed},
                                 {"PENDING", &results.pending}}) {
    if (entries->empty()) continue;
    std::string key = prefix + status + (jsonl ? "_0.jsonl" : "_0.json");
    std::string body = file_text(*entries, jsonl);
    std::size_t size = body.size();
    if (auto problem = put(rt, thread, *map.writer_resource, bucket_name, key, std::move(body)))
      return std::move(*problem);
    files[status].push_back(Json{{"Key", key}, {"Size", size}});
  }
  // M3: resultsWritten counts the child executions (and their items) the files list.
  MapRunRecord& written = rt.map_runs[thread.fanout->map_run];
  std::int64_t children = 0, items = 0;
  for (std::size_t k = 0; k < written.child_executions.size(); ++k) {
    if (rt.child_executions[written.child_executions[k]]->status == ExecutionStatus::Running) {
      continue;
    }
    ++children;
    items += k < written.batch_sizes.size() ? written.batch_sizes[k] : 1;
  }
  written.results_written = children;
  written.results_written_items = items;
  Json manifest = Json{{"DestinationBucket", bucket_name},
                       {"MapRunArn", run.arn},
                       {"ResultFiles", std::move(files)}};
  std::string manifest_key = prefix + "manifest.json";
  if (auto problem =
          put(rt, thread, *map.writer_resource, bucket_name, manifest_key, to_text(manifest)))
    return std::move(*problem);
  return share(Json{{"MapRunArn", run.arn},
                    {"ResultWriterDetails", Json{{"Bucket", bucket_name}, {"Key", manifest_key}}}});
}

}  // namespace

Expected<JsonPtr> write_results(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  if (map.writer_resource) return write_files(rt, thread);
  // W8: WriterConfig alone formats the Map's own result; nothing is written.
  RunResults results = run_results(rt, thread, transformation_of(map));
  if (transformation_of(map) == Transformation::None) {
    for (Json& entry : results.failed) results.succeeded.push_back(std::move(entry));
  }
  return share(std::move(results.succeeded));
}

std::optional<Failure> write_failed_run_results(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  if (!map.writer_resource) return std::nullopt;
  auto written = write_files(rt, thread);
  if (!written.ok()) return std::move(written).error();
  return std::nullopt;
}

}  // namespace sfn::engine
