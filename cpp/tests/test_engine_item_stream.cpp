// A Distributed Map's items streamed from a CSV or JSON Lines object (docs/semantics/
// distributed-map.md S1-S4): the stream fails where reading every item up front fails, hands
// out the same items one at a time, and a run over many items holds only the threads of the
// iterations in flight.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/item_reader.h"
#include "engine/item_stream.h"
#include "engine_test_support.h"

namespace sfn::testing {
namespace {

using engine::ExecutionStatus;
using engine::ItemStream;
using engine::TaskOutcome;
using engine::TaskRequest;
using InputType = asl::ItemReaderSpec::InputType;

asl::ItemReaderSpec of_type(InputType type) {
  asl::ItemReaderSpec spec;
  spec.input_type = type;
  return spec;
}

std::vector<Json> drain(ItemStream& s) {
  std::vector<Json> out;
  while (s.taken < s.size) out.push_back(engine::next_item(s));
  return out;
}

// Each row: format, text, MaxItems, the items (as compact JSON) or the failure's cause.
struct Row {
  InputType type;
  const char* text;
  std::int64_t max_items;
  std::vector<const char*> items;
  const char* cause = nullptr;
};

TEST(ItemStream, OpensCountsAndHandsOutItemsInOrder) {
  const std::vector<Row> rows = {
      {InputType::Jsonl, "{\"a\":1}\n\n  \n[2]\r\n3", 0, {R"({"a":1})", "[2]", "3"}},
      {InputType::Jsonl, "1\n2\n3\n", 2, {"1", "2"}},
      // D8: a bad line fails the reader before any item, with its line number...
      {InputType::Jsonl, "1\n\n{oops\n4\n", 0, {}, "could not parse line 3 as JSON"},
      // ... unless MaxItems stops the reading before it.
      {InputType::Jsonl, "1\n2\n{oops\n", 2, {"1", "2"}},
      {InputType::Csv,
       "b,a\n1,2\n\n3\n4,5,6\n",
       0,
       {R"({"a":"2","b":"1"})", R"({"a":"","b":"3"})", R"({"a":"5","b":"4"})"}},
      {InputType::Csv, "x\n\"q,\"\"1\"\"\"\n2\n", 1, {R"({"x":"q,\"1\""})"}},
      {InputType::Csv, "x,x\n1,2\n", 0, {}, "CSV headers cannot contain duplicates."},
      {InputType::Csv, "", 0, {}},
      {InputType::Parquet, "PAR1....", 0, {}, "needs pyarrow"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    auto stream = engine::open_item_stream(of_type(row.type), row.text, row.max_items);
    if (row.cause) {
      ASSERT_FALSE(stream.ok());
      EXPECT_NE(stream.error().cause.find(row.cause), std::string::npos) << stream.error().cause;
      continue;
    }
    ASSERT_TRUE(stream.ok()) << stream.error().cause;
    EXPECT_EQ(stream->size, row.items.size());
    EXPECT_EQ(stream->taken, 0u);  // opening parses no item it keeps
    std::vector<Json> items = drain(*stream);
    ASSERT_EQ(items.size(), row.items.size());
    for (std::size_t i = 0; i < items.size(); ++i) EXPECT_EQ(to_text(items[i]), row.items[i]);
    // The stream and the whole read agree (items_of_object reads through the stream).
    auto whole = engine::items_of_object(of_type(row.type), row.text, row.max_items);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(whole->size(), items.size());
  }
}

// S2a: a JSON document's items are found by one validating scan and each is parsed when it is
// handed out; every row gives what parsing the document whole gives (items_of_object's json
// road), failures and their causes included. The fallback rows (a repeated name, a lone
// surrogate, nesting past the limit) are read whole, and agree by construction.
TEST(ItemStream, AJsonDocumentStreamsTheItemsAWholeReadGives) {
  struct JsonRow {
    const char* text;
    const char* pointer;  // nullptr: no ItemsPointer
    std::int64_t max_items;
  };
  const std::vector<JsonRow> rows = {
      {R"([1, 2 ,3])", nullptr, 0},
      {" [ 1.5e3 ,-0, 7 , true,null,\"a]\\\"b\" , [1,[2]], {\"k\":[]} ] ", nullptr, 0},
      {R"([10,20,30,40])", nullptr, 2},
      {R"([])", nullptr, 0},
      {R"({"b": 1, "a": {"x": [2]}, "c": "s"})", nullptr, 0},
      {R"({"b": 1, "a": 2})", nullptr, 1},
      {R"({})", nullptr, 0},
      {R"({"data": {"rows": [{"id": 1}, {"id": 2}]}, "rows": 5})", "/data/rows", 0},
      {R"({"a/b": {"~": [1, 2]}})", "/a~1b/~0", 0},
      {R"({"list": [[0], [1, 2], [3]]})", "/list/1", 0},
      {R"({"list": [[0], [1, 2]]})", "/list/01", 0},
      {R"({"list": [0]})", "/list/-", 0},
      {R"([5, 6])", "", 0},
      {R"({"a": [1]})", "a", 0},
      {R"({"a": [1]})", "/a~2", 0},
      {R"({"a": [1]})", "/b", 0},
      {R"({"a": 3})", "/a", 0},
      {R"("text")", nullptr, 0},
      {R"(17)", nullptr, 0},
      {R"([1, 2,])", nullptr, 0},
      {R"([1, 2] x)", nullptr, 0},
      {R"([1e400])", nullptr, 0},
      {"", nullptr, 0},
      // Read whole: a repeated name on the way or among the members, lone surrogates.
      {R"({"a": [1], "a": [2, 3]})", "/a", 0},
      {R"({"a": {"b": [1]}, "a": {"c": 2}})", "/a/b", 0},
      {R"({"k": 1, "j": 2, "k": 3})", nullptr, 0},
      {R"(["\ud800", "x"])", nullptr, 0},
      {"\xEF\xBB\xBF[1, 2]", nullptr, 0},
  };
  for (const JsonRow& row : rows) {
    SCOPED_TRACE(std::string(row.text) + " at " + (row.pointer ? row.pointer : "(none)"));
    asl::ItemReaderSpec spec = of_type(InputType::Json);
    if (row.pointer) spec.items_pointer = row.pointer;
    bool whole_keyed = false, stream_keyed = false;
    auto whole = engine::items_of_object(spec, row.text, row.max_items, &whole_keyed);
    auto stream = engine::open_item_stream(spec, row.text, row.max_items, &stream_keyed);
    ASSERT_EQ(stream.ok(), whole.ok());
    if (!whole.ok()) {
      EXPECT_EQ(stream.error().error, whole.error().error);
      EXPECT_EQ(stream.error().cause, whole.error().cause);
      continue;
    }
    EXPECT_EQ(stream_keyed, whole_keyed);
    EXPECT_EQ(stream->taken, 0u);
    std::vector<Json> items = drain(*stream);
    ASSERT_EQ(items.size(), whole->size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_EQ(items[i], (*whole)[i]) << i;
      EXPECT_EQ(items[i].type(), (*whole)[i].type()) << i;  // 1.5e3 stays a double
    }
  }
}

// S2a, structurally: an open stream over a JSON document holds its text and one offset per item
// (two per member of an object), no parsed item, however many items there are; handing items
// out adds nothing to it.
TEST(ItemStream, AJsonDocumentStreamHoldsNoParsedItem) {
  constexpr std::size_t n = 20000;
  std::string text = "{\"rows\": [";
  for (std::size_t i = 0; i < n; ++i) {
    if (i) text += ',';
    text += R"({"id":)" + std::to_string(i) + R"(,"name":"item )" + std::to_string(i) + "\"}";
  }
  text += "]}";
  asl::ItemReaderSpec spec = of_type(InputType::Json);
  spec.items_pointer = "/rows";
  auto stream = engine::open_item_stream(spec, text, 0);
  ASSERT_TRUE(stream.ok());
  ASSERT_EQ(stream->size, n);
  EXPECT_EQ(stream->format, InputType::Json);  // streamed, not read whole
  const std::size_t held = engine::held_bytes(*stream);
  EXPECT_LE(held, n * sizeof(std::size_t) * 2);
  for (std::size_t i = 0; i < n; ++i) {
    Json item = engine::next_item(*stream);
    if (i % 5000 == 0 || i == n - 1) {
      ASSERT_EQ(item, (Json{{"id", i}, {"name", "item " + std::to_string(i)}}));
    }
  }
  EXPECT_EQ(engine::held_bytes(*stream), held);
  // Once every item is out, the text and the offsets go.
  engine::release_when_done(*stream);
  EXPECT_EQ(engine::held_bytes(*stream), 0u);
  EXPECT_LT(stream->text.capacity(), 64u);
}

// S2b-S2d: items another reader found are kept as compact lines and come back equal, numbers'
// types and strings' escapes included; a batching stream cuts its batches as they are taken.
TEST(ItemStream, ItemLinesGiveBackWhatWasAddedAndBatchAsTaken) {
  const std::vector<Json> added = {
      Json::parse(R"({"Key":"a\"b\u0001","LastModified":1.7653248E9,"Size":0})"),
      Json(1.0),
      Json(-0.0),
      Json(18446744073709551615ull),
      Json(-5),
      Json::array(),
      Json("é"),
      Json::parse(R"({"n":{"m":[null,true,2.5]}})"),
  };
  engine::ItemStream lines = engine::item_lines();
  for (const Json& item : added) engine::add_item(lines, item);
  ASSERT_EQ(lines.size, added.size());
  std::vector<Json> back = drain(lines);
  ASSERT_EQ(back.size(), added.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    EXPECT_EQ(back[i], added[i]) << i;
    EXPECT_EQ(back[i].type(), added[i].type()) << i;
  }
  engine::ItemBatching batching{{3, 1, 4}, Json{{"BatchInput", 1}, {"Items", Json::array()}}};
  engine::batch_stream(lines, batching);
  ASSERT_EQ(lines.size, 3u);
  std::vector<Json> batches = drain(lines);
  EXPECT_EQ(batches[0]["BatchInput"], 1);
  EXPECT_EQ(batches[0]["Items"], (Json::array({added[0], added[1], added[2]})));
  EXPECT_EQ(batches[1]["Items"], (Json::array({added[3]})));
  EXPECT_EQ(batches[2]["Items"].size(), 4u);
  EXPECT_EQ(batches[2]["Items"][3], added[7]);
}

TEST(ItemStream, GivenCsvHeadersReadEveryRecord) {
  asl::ItemReaderSpec spec = of_type(InputType::Csv);
  spec.csv_headers_given = true;
  spec.csv_headers = {"k"};
  spec.csv_delimiter = ';';
  auto stream = engine::open_item_stream(spec, "a;b\nc\n", 0);
  ASSERT_TRUE(stream.ok());
  std::vector<Json> items = drain(*stream);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(to_text(items[0]), R"({"k":"a"})");
  EXPECT_EQ(to_text(items[1]), R"({"k":"c"})");
}

// A JSON Lines object of `n` items, each child a Task: the invoker answers getObject and, for
// every Task, notes how many threads the execution holds at that moment.
struct Probe {
  std::size_t n = 0;
  const engine::Execution* ex = nullptr;
  std::size_t most_threads = 0;
  std::size_t tasks = 0;

  engine::TaskInvoker invoker() {
    return [this](const TaskRequest& r) {
      if (r.resource->action == "getObject") {
        std::string body;
        for (std::size_t i = 0; i < n; ++i) body += "{\"i\":" + std::to_string(i) + "}\n";
        return TaskOutcome::success(Json{{"Body", body}});
      }
      ++tasks;
      if (ex) most_threads = std::max(most_threads, ex->held_threads());
      return TaskOutcome::success(Json{{"seen", (*r.parameters)["i"]}});
    };
  }
};

constexpr const char* kStreamedMap = R"({"StartAt": "M", "States": {"M": {"Type": "Map",
  "MaxConcurrency": 8,
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                 "ReaderConfig": {"InputType": "JSONL"},
                 "Parameters": {"Bucket": "b", "Key": "k"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "T", "States": {"T": {"Type": "Task",
      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}},
  "End": true}}})";

TEST(ItemStream, AMapRunHoldsOnlyTheThreadsInFlight) {
  auto machine = asl::parse(kStreamedMap);
  ASSERT_TRUE(machine.ok());
  Probe probe;
  probe.n = 2000;
  engine::ExecutionInfo info;
  info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:sm:ex";
  info.name = "ex";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.start_time_ms = 1700000000000;
  engine::Execution ex(machine.value(), info, share(Json::object()), probe.invoker());
  probe.ex = &ex;
  ex.run_virtual();
  ASSERT_EQ(ex.status(), ExecutionStatus::Succeeded);
  EXPECT_EQ(probe.tasks, 2000u);
  // The root and the iterations in flight (MaxConcurrency 8), however many have run.
  EXPECT_LE(probe.most_threads, 1u + 8u);
  EXPECT_EQ(ex.output()->size(), 2000u);
  EXPECT_EQ((*ex.output())[1999], (Json{{"seen", 1999}}));
  // Every child execution is still there, with its history, input and output (S4).
  ASSERT_EQ(ex.child_execution_count(), 2000u);
  engine::ChildExecutionView last = ex.child_execution(1999);
  EXPECT_EQ(last.status, ExecutionStatus::Succeeded);
  EXPECT_EQ(to_text(*last.input), R"({"i":1999})");
  EXPECT_EQ(last.history.size(), 7u);  // ExecutionStarted ... TaskStateExited, ExecutionSucceeded
  EXPECT_EQ(last.map_run_arn, ex.map_runs()[0].arn);
  EXPECT_EQ(ex.map_runs()[0].items_total, 2000);
}

}  // namespace
}  // namespace sfn::testing
