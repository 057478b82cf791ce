// Distributed Maps reading items through the invoker (an in-test S3), batching them, and
// writing their results back.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <random>

#include "engine_test_support.h"

namespace sfn::testing {
namespace {

using engine::ExecutionStatus;
using engine::TaskOutcome;
using engine::TaskRequest;
using Strings = std::vector<std::string>;

// An S3 bucket store answering getObject, listObjectsV2 (in pages of `page_size`) and putObject
// as the optimized integrations do, recording each request.
struct FakeS3 {
  std::map<std::string, std::string> objects;  // "bucket/key" -> body
  std::size_t page_size = 1000;
  bool sdk_shaped = true;
  std::vector<std::pair<std::string, Json>> requests;  // action, parameters

  engine::TaskInvoker invoker() {
    return [this](const TaskRequest& r) { return answer(r); };
  }

  TaskOutcome answer(const TaskRequest& r) {
    const Json& p = *r.parameters;
    requests.emplace_back(r.resource->action, p);
    std::string bucket = p.value("Bucket", "");
    if (r.resource->action == "getObject") {
      auto it = objects.find(bucket + "/" + p.value("Key", ""));
      if (it == objects.end())
        return TaskOutcome::failed("S3.NoSuchKeyException", "The specified key does not exist.");
      return TaskOutcome::success(sdk_shaped ? Json{{"Body", it->second}} : Json(it->second));
    }
    if (r.resource->action == "listObjectsV2") {
      std::string prefix = bucket + "/" + p.value("Prefix", "");
      std::size_t skip = p.contains("ContinuationToken")
                             ? std::stoul(p["ContinuationToken"].get<std::string>())
                             : 0;
      Json contents = Json::array();
      std::size_t seen = 0;
      bool more = false;
      for (const auto& [name, body] : objects) {
        if (name.rfind(prefix, 0) != 0) continue;
        if (seen++ < skip) continue;
        if (contents.size() == page_size) {
          more = true;
          break;
        }
        contents.push_back(Json{{"Key", name.substr(bucket.size() + 1)},
                                {"LastModified", "2024-01-01T00:00:00Z"},
                                {"ETag", "\"etag\""},
                                {"Size", body.size()},
                                {"StorageClass", "STANDARD"}});
      }
      Json page = Json{{"Contents", contents}, {"IsTruncated", more}};
      if (more) page["NextContinuationToken"] = std::to_string(skip + page_size);
      return TaskOutcome::success(page);
    }
    if (r.resource->action == "putObject") {
      objects[bucket + "/" + p.value("Key", "")] = p.value("Body", "");
      return TaskOutcome::success(Json{{"ETag", "\"x\""}});
    }
    return TaskOutcome::failed("Unexpected", r.resource->arn);
  }
};

std::string reader_map(const std::string& reader, const std::string& extra = "") {
  return R"({"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemReader": )" + reader + extra +
         R"(, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
         "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass",
         "End": true}}}, "End": true}}})";
}

const char* kGetJson = R"({"Resource": "arn:aws:states:::s3:getObject",
    "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket.$": "$.b", "Key.$": "$.k"}})";

const Json kInput = Json{{"b", "bkt"}, {"k", "items.json"}};

TEST(EngineItemReader, GetObjectJsonFeedsTheMapRun) {
  FakeS3 s3;
  s3.objects["bkt/items.json"] = R"([{"a": 1}, {"a": 2}])";
  auto ex = run(reader_map(kGetJson), kInput, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()), R"([{"a":1},{"a":2}])");
  // [recorded] MapStateStarted counts 0 items when a reader supplies them.
  EXPECT_EQ(event_types(*ex), (Strings{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                       "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                                       "MapStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(engine::to_api_json(ex->history()[2])["mapStateStartedEventDetails"]["length"], 0);
  ASSERT_EQ(s3.requests.size(), 1u);
  EXPECT_EQ(s3.requests[0].second, (Json{{"Bucket", "bkt"}, {"Key", "items.json"}}));
  ASSERT_EQ(ex->map_runs().size(), 1u);
  EXPECT_EQ(ex->map_runs()[0].items_total, 2);
  EXPECT_EQ(ex->map_runs()[0].items_succeeded, 2);
}

TEST(EngineItemReader, ObjectTextWithoutSdkShapeAndItemsPathIgnored) {
  FakeS3 s3;
  s3.sdk_shaped = false;
  s3.objects["bkt/items.json"] = R"([[1], [2]])";
  auto ex = run(reader_map(kGetJson, R"(, "ItemsPath": "$.nowhere")"), kInput, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()), "[[1],[2]]");
}

TEST(EngineItemReader, CsvWithMaxItemsPathStringValue) {
  FakeS3 s3;
  s3.objects["bkt/f.csv"] = "C1,C2\na,b\nc,d\ne,f\n";
  auto ex = run(reader_map(R"({"Resource": "arn:aws:states:::s3:getObject",
      "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW",
      "MaxItemsPath": "$.max"}, "Parameters": {"Bucket": "bkt", "Key": "f.csv"}})"),
                Json{{"max", "2"}}, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()), R"([{"C1":"a","C2":"b"},{"C1":"c","C2":"d"}])");
}

// [recorded] test_map_item_reader_csv_max_items_paths[-1]
TEST(EngineItemReader, NegativeMaxItemsFailsTheMapRun) {
  FakeS3 s3;
  s3.objects["bkt/f.csv"] = "C\n1\n";
  auto ex = run(reader_map(R"({"Resource": "arn:aws:states:::s3:getObject",
      "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW",
      "MaxItemsPath": "$.max"}, "Parameters": {"Bucket": "bkt", "Key": "f.csv"}})"),
                Json{{"max", -1}}, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.ItemReaderFailed");
  EXPECT_EQ(ex->failure().cause, "field MaxItems must be positive");
  EXPECT_EQ(event_chain(*ex),
            (Strings{"ExecutionStarted 1<0", "MapStateEntered 2<0", "MapStateStarted 3<2",
                     "MapRunStarted 4<3", "MapRunFailed 5<4", "MapStateFailed 6<5",
                     "ExecutionFailed 7<6"}));
  Json failed = engine::to_api_json(ex->history()[4]);
  EXPECT_EQ(
      failed["mapRunFailedEventDetails"],
      (Json{{"error", "States.ItemReaderFailed"}, {"cause", "field MaxItems must be positive"}}));
  EXPECT_EQ(ex->map_runs()[0].status, ExecutionStatus::Failed);
}

TEST(EngineItemReader, MissingObjectFailsAndCatchHandlesIt) {
  FakeS3 s3;
  std::string def = R"({"StartAt": "Map", "States": {"Map": {"Type": "Map", "ItemReader": )" +
                    std::string(kGetJson) + R"(, "ItemProcessor": {"ProcessorConfig": {"Mode":
      "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
      "Catch": [{"ErrorEquals": ["States.ItemReaderFailed"], "Next": "Done"}], "End": true},
      "Done": {"Type": "Pass", "End": true}}})";
  auto ex = run(def, kInput, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ((*ex->output())["Error"], "States.ItemReaderFailed");
  EXPECT_EQ((*ex->output())["Cause"], "The specified key does not exist.");
}

TEST(EngineItemReader, NoInvokerIsASimulatorError) {
  auto ex = run(reader_map(kGetJson), kInput);
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "sfnsim.TaskNotMocked");
}

TEST(EngineItemReader, ListObjectsV2PagesThroughTheBucket) {
  FakeS3 s3;
  s3.page_size = 2;
  for (const char* key : {"in/a", "in/b", "in/c", "in/d", "in/e", "other/x"})
    s3.objects[std::string("bkt/") + key] = "x";
  auto ex = run(reader_map(R"({"Resource": "arn:aws:states:::s3:listObjectsV2",
      "Parameters": {"Bucket": "bkt", "Prefix": "in/"}})",
                           R"(, "ItemSelector": {"key.$": "$$.Map.Item.Value.Key"})"),
                Json::object(), s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()),
            R"([{"key":"in/a"},{"key":"in/b"},{"key":"in/c"},{"key":"in/d"},{"key":"in/e"}])");
  ASSERT_EQ(s3.requests.size(), 3u);
  EXPECT_EQ(s3.requests[1].second["ContinuationToken"], "2");
  ASSERT_GE(ex->child_execution_count(), 1u);
  EXPECT_EQ(to_text(*ex->child_execution(0).input), R"({"key":"in/a"})");
}

TEST(EngineItemReader, ListObjectsItemShapeAndMaxItemsStopsPaging) {
  FakeS3 s3;
  s3.page_size = 1;
  for (const char* key : {"a", "b", "c"}) s3.objects[std::string("bkt/") + key] = "xyz";
  auto ex = run(reader_map(R"({"Resource": "arn:aws:states:::s3:listObjectsV2",
      "ReaderConfig": {"MaxItems": 2}, "Parameters": {"Bucket": "bkt"}})"),
                Json::object(), s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()),
            R"([{"Etag":"\"etag\"","Key":"a","LastModified":1704067200.0,"Size":3,)"
            R"("StorageClass":"STANDARD"},{"Etag":"\"etag\"","Key":"b","LastModified":)"
            R"(1704067200.0,"Size":3,"StorageClass":"STANDARD"}])");
  EXPECT_EQ(s3.requests.size(), 2u);
}

TEST(EngineItemReader, JsonataArgumentsAndMaxItems) {
  FakeS3 s3;
  s3.objects["bkt/items.json"] = "[1, 2, 3]";
  auto ex = run(R"({"QueryLanguage": "JSONata", "StartAt": "Map", "States": {"Map": {
      "Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
      "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.n %}"},
      "Arguments": {"Bucket": "{% $states.input.b %}", "Key": "items.json"}},
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
      "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})",
                Json{{"b", "bkt"}, {"n", 2}}, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()), "[1,2]");
}

// [recorded] test_reference_in_map_state_max_items_path[MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH]
TEST(EngineItemBatcher, BatchesOfItems) {
  FakeS3 s3;
  s3.objects["bkt/items.json"] = "[1, 2, 3, 4, 5]";
  auto ex = run(reader_map(kGetJson, R"(, "ItemBatcher": {"MaxItemsPerBatchPath": "$.per",
      "BatchInput": {"tag.$": "$.b"}})"),
                Json{{"b", "bkt"}, {"k", "items.json"}, {"per", "2"}}, s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*ex->output()),
            R"([{"BatchInput":{"tag":"bkt"},"Items":[1,2]},{"BatchInput":{"tag":"bkt"},)"
            R"("Items":[3,4]},{"BatchInput":{"tag":"bkt"},"Items":[5]}])");
  EXPECT_EQ(ex->map_runs()[0].items_total, 3);
}

TEST(EngineItemBatcher, BytesLimitAndSelectorPerItem) {
  auto ex = run(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map",
      "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
      "ItemBatcher": {"MaxInputBytesPerBatch": 45},
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
      "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})",
                Json::array({"a", "b", "c"}));
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  // {"Items":[]} is 12 bytes, each {"v":"a","i":0} 15 (+1 comma): two fit in 45, not three.
  EXPECT_EQ(to_text(*ex->output()),
            R"([{"Items":[{"v":"a","i":0},{"v":"b","i":1}]},{"Items":[{"v":"c","i":2}]}])");
}

TEST(EngineItemBatcher, NonPositiveLimitFails) {
  auto ex = run(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map",
      "ItemBatcher": {"MaxItemsPerBatchPath": "$.n"}, "ItemsPath": "$.items",
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
      "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})",
                Json{{"n", 0}, {"items", Json::array({1})}});
  ASSERT_EQ(ex->status(), ExecutionStatus::Failed);
  EXPECT_EQ(ex->failure().error, "States.Runtime");
  auto bad = run(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map",
      "ItemBatcher": {"MaxItemsPerBatchPath": "$.n"}, "ItemsPath": "$.items",
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
      "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})",
                 Json{{"n", "x"}, {"items", Json::array({1})}});
  ASSERT_EQ(bad->status(), ExecutionStatus::Failed);
  EXPECT_NE(bad->failure().cause.find(
                "The MaxItemsPerBatchPath field refers to value \"x\" which is not a valid "
                "integer: $.n"),
            std::string::npos);
}

// [recorded] test_map_state_result_writer: the output names the manifest.
TEST(EngineResultWriter, WritesResultFilesAndManifest) {
  FakeS3 s3;
  auto ex = run(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map", "Label": "TestMap",
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
      "States": {"P": {"Type": "Pass", "End": true}}},
      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
      "Parameters": {"Bucket": "out", "Prefix": "jobs"}}, "End": true}}})",
                Json::array({"Hello", "World"}), s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  const std::string& run_arn = ex->map_runs()[0].arn;
  std::string id = run_arn.substr(run_arn.rfind(':') + 1);
  EXPECT_EQ(*ex->output(),
            (Json{{"MapRunArn", run_arn},
                  {"ResultWriterDetails",
                   Json{{"Bucket", "out"}, {"Key", "jobs/" + id + "/manifest.json"}}}}));
  ASSERT_TRUE(s3.objects.count("out/jobs/" + id + "/SUCCEEDED_0.json"));
  Json succeeded = Json::parse(s3.objects["out/jobs/" + id + "/SUCCEEDED_0.json"]);
  ASSERT_EQ(succeeded.size(), 2u);
  EXPECT_EQ(succeeded[0]["Input"], "\"Hello\"");
  EXPECT_EQ(succeeded[0]["Output"], "\"Hello\"");
  EXPECT_EQ(succeeded[0]["Status"], "SUCCEEDED");
  Json manifest = Json::parse(s3.objects["out/jobs/" + id + "/manifest.json"]);
  EXPECT_EQ(manifest["DestinationBucket"], "out");
  EXPECT_EQ(manifest["MapRunArn"], run_arn);
  EXPECT_EQ(manifest["ResultFiles"]["SUCCEEDED"][0]["Key"], "jobs/" + id + "/SUCCEEDED_0.json");
  EXPECT_EQ(manifest["ResultFiles"]["FAILED"], Json::array());
  EXPECT_EQ(event_types(*ex), (Strings{"ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                       "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                                       "MapStateExited", "ExecutionSucceeded"}));
}

TEST(EngineResultWriter, FailedChildrenWithinToleranceAndWriteFailure) {
  FakeS3 s3;
  auto ex = run(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map",
      "ToleratedFailurePercentage": 100,
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "F",
      "States": {"F": {"Type": "Fail", "Error": "Bad", "Cause": "no"}}},
      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
      "Parameters": {"Bucket": "out", "Prefix": ""}}, "End": true}}})",
                Json::array({1}), s3.invoker());
  ASSERT_EQ(ex->status(), ExecutionStatus::Succeeded);
  std::string key = (*ex->output())["ResultWriterDetails"]["Key"];
  std::string dir = key.substr(0, key.rfind('/') + 1);
  Json failed = Json::parse(s3.objects["out/" + dir + "FAILED_0.json"]);
  EXPECT_EQ(failed[0]["Error"], "Bad");
  EXPECT_EQ(failed[0]["Cause"], "no");
  EXPECT_EQ(failed[0]["Status"], "FAILED");

  auto refused = run(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map",
      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P",
      "States": {"P": {"Type": "Pass", "End": true}}},
      "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
      "Parameters": {"Bucket": "out", "Prefix": "p"}}, "End": true}}})",
                     Json::array({1}), [](const TaskRequest&) {
                       return TaskOutcome::failed("S3.AccessDenied", "Access Denied");
                     });
  ASSERT_EQ(refused->status(), ExecutionStatus::Failed);
  EXPECT_EQ(refused->failure().error, "States.ResultWriterFailed");
  EXPECT_EQ(refused->failure().cause, "Access Denied");
}

// Whatever the S3 requests answer (text, SDK shapes, garbage, failures, no answer) and however
// the reader and batcher are configured, an execution ends SUCCEEDED or FAILED, quickly.
TEST(EngineItemReaderFuzz, ArbitraryAnswersAndConfigsNeverCrash) {
  std::mt19937 rng(11);
  const char* configs[] = {
      R"("ReaderConfig": {"InputType": "JSON"})",
      R"("ReaderConfig": {"InputType": "JSONL", "MaxItems": 3})",
      R"("ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})",
      R"("ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a", "b"], "CSVDelimiter": "SEMICOLON"})",
      R"("ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.max"})",
      R"("ReaderConfig": {"InputType": "MANIFEST"})",
  };
  const char* bodies[] = {
      "[1,2,3]", "{\"a\":1}", "a,b\n1,2\n3\n", "x;y\n\"q;\"\"\";z\n", "1\n[2]\n{\"k\":3}\n",
      "[[[",     "",          "\"\"\"",        "[{\"a\":\"b\"},null]"};
  const char* batchers[] = {
      "", R"(, "ItemBatcher": {"MaxItemsPerBatch": 2})",
      R"(, "ItemBatcher": {"MaxInputBytesPerBatch": 20, "BatchInput": {"k": 1}})",
      R"(, "ItemBatcher": {"MaxItemsPerBatchPath": "$.max"})"};
  const Json maxes[] = {Json(0), Json(-1), Json("2"), Json("x"), Json(1.5), Json(nullptr)};
  auto start = std::chrono::steady_clock::now();
  int succeeded = 0;
  for (int round = 0; round < 300; ++round) {
    std::string body = bodies[rng() % std::size(bodies)];
    if (!body.empty() && rng() % 2) body.insert(rng() % body.size(), 1, ",\n\"[;"[rng() % 5]);
    int mode = static_cast<int>(rng() % 5);
    auto invoker = [&, mode](const TaskRequest& r) {
      if (r.resource->action == "putObject") return TaskOutcome::success(Json::object());
      switch (mode) {
        case 0:
          return TaskOutcome::success(Json(body));
        case 1:
          return TaskOutcome::success(Json{{"Body", body}});
        case 2:
          return TaskOutcome::success(Json::array({1, body}));
        case 3:
          return TaskOutcome::failed("S3.Boom", body);
        default:
          return TaskOutcome::pending();
      }
    };
    std::string reader = std::string(R"({"Resource": "arn:aws:states:::s3:getObject", )") +
                         configs[rng() % std::size(configs)] +
                         R"(, "Parameters": {"Bucket": "b", "Key": "k"}})";
    std::string extra = batchers[rng() % std::size(batchers)];
    if (rng() % 3 == 0) {
      extra += R"(, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
          "Parameters": {"Bucket": "o", "Prefix": "p"}})";
    }
    auto ex =
        run(reader_map(reader, extra), Json{{"max", maxes[rng() % std::size(maxes)]}}, invoker);
    ASSERT_TRUE(ex);
    ASSERT_TRUE(ex->status() == ExecutionStatus::Succeeded ||
                ex->status() == ExecutionStatus::Failed)
        << reader << extra;
    succeeded += ex->status() == ExecutionStatus::Succeeded;
  }
  EXPECT_GT(succeeded, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace sfn::testing
