// The ItemReader's readers on their own: CSV, JSON, JSON Lines, listObjectsV2 pages.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "engine/item_reader.h"

namespace sfn::testing {
namespace {

using engine::items_of_object;
using engine::read_csv;
using InputType = asl::ItemReaderSpec::InputType;
using Records = std::vector<std::vector<std::string>>;

constexpr std::size_t kAll = static_cast<std::size_t>(-1);

asl::ItemReaderSpec csv(std::vector<std::string> given = {}, char delimiter = ',') {
  asl::ItemReaderSpec spec;
  spec.input_type = InputType::Csv;
  spec.csv_headers_given = !given.empty();
  spec.csv_headers = std::move(given);
  spec.csv_delimiter = delimiter;
  return spec;
}

asl::ItemReaderSpec of_type(InputType type) {
  asl::ItemReaderSpec spec;
  spec.input_type = type;
  return spec;
}

TEST(ItemReaderCsv, RecordsAndLineEndings) {
  EXPECT_EQ(read_csv("a,b\n1,2\n", ',', kAll), (Records{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_csv("a,b\r\n1,2", ',', kAll), (Records{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(read_csv("a\n\n\nb\n", ',', kAll), (Records{{"a"}, {"b"}}));
  EXPECT_EQ(read_csv(",,,\n   \n", ',', kAll), (Records{{"", "", "", ""}, {"   "}}));
  EXPECT_EQ(read_csv("", ',', kAll), Records{});
}

TEST(ItemReaderCsv, QuotedFields) {
  EXPECT_EQ(read_csv("\"a,b\",\"say \"\"hi\"\"\"\n", ',', kAll), (Records{{"a,b", "say \"hi\""}}));
  EXPECT_EQ(read_csv("\"line\nbreak\",x\n", ',', kAll), (Records{{"line\nbreak", "x"}}));
  EXPECT_EQ(read_csv("\"\",\"\"\n", ',', kAll), (Records{{"", ""}}));
  EXPECT_EQ(read_csv("ab\"c,d\n", ',', kAll), (Records{{"ab\"c", "d"}}));
}

TEST(ItemReaderCsv, LimitAndDelimiters) {
  EXPECT_EQ(read_csv("1\n2\n3\n", ',', 2), (Records{{"1"}, {"2"}}));
  EXPECT_EQ(read_csv("a|b\n", '|', kAll), (Records{{"a", "b"}}));
  EXPECT_EQ(read_csv("a\tb,c\n", '\t', kAll), (Records{{"a", "b,c"}}));
  EXPECT_EQ(read_csv("a;b c\n", ';', kAll), (Records{{"a", "b c"}}));
  EXPECT_EQ(read_csv("a b\n", ' ', kAll), (Records{{"a", "b"}}));
}

// [recorded] test_map_item_reader_base_csv_headers_decl and ..._extra_fields.
TEST(ItemReaderCsv, GivenHeadersPadAndDropFields) {
  auto items =
      items_of_object(csv({"H1", "H2", "H3"}), "Value1,Value2,Value3\n,,,\nNull,None,\n   \n", 0);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(to_text(*items),
            R"([{"H1":"Value1","H2":"Value2","H3":"Value3"},{"H1":"","H2":"","H3":""},)"
            R"({"H1":"Null","H2":"None","H3":""},{"H1":"   ","H2":"","H3":""}])");
  auto one = items_of_object(csv({"H1"}), "Value1,Value2\n", 0);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(to_text(*one), R"([{"H1":"Value1"}])");
}

// [recorded] test_map_item_reader_csv_headers_first_row_typed_headers: keys in Java HashMap
// order; test_map_item_reader_csv_first_row_extra_fields: an empty header is a key.
TEST(ItemReaderCsv, FirstRowHeadersInJavaHashMapOrder) {
  auto items = items_of_object(csv(), "0,True,{}\nValue4,Value5,Value6\n", 0);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(to_text(*items), R"([{"0":"Value4","{}":"Value6","True":"Value5"}])");
  auto empty_header = items_of_object(csv(), "H1,\nValue4,Value5,Value6\n", 0);
  ASSERT_TRUE(empty_header.ok());
  EXPECT_EQ(to_text(*empty_header), R"([{"":"Value5","H1":"Value4"}])");
  auto only_header = items_of_object(csv(), "H1,H2\n", 0);
  ASSERT_TRUE(only_header.ok());
  EXPECT_EQ(*only_header, Json::array());
}

TEST(ItemReaderCsv, MaxItemsCountsRowsAfterTheHeader) {
  auto items = items_of_object(csv(), "C\n1\n2\n3\n", 2);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(to_text(*items), R"([{"C":"1"},{"C":"2"}])");
  auto given = items_of_object(csv({"C"}), "1\n2\n3\n", 1);
  ASSERT_TRUE(given.ok());
  EXPECT_EQ(to_text(*given), R"([{"C":"1"}])");
}

TEST(ItemReaderCsv, DuplicateHeadersFail) {
  for (const auto& items : {items_of_object(csv({"H1", "H1", "H3"}), "a,b,c\n", 0),
                            items_of_object(csv(), "x,x\n1,2\n", 0)}) {
    ASSERT_FALSE(items.ok());
    EXPECT_EQ(items.error().error, "States.ItemReaderFailed");
    EXPECT_EQ(items.error().cause, "CSV headers cannot contain duplicates.");
  }
}

TEST(ItemReaderJson, ArrayItemsAndMaxItems) {
  auto items = items_of_object(of_type(InputType::Json), R"([{"a":1},[2],"3"])", 0);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(to_text(*items), R"([{"a":1},[2],"3"])");
  auto two = items_of_object(of_type(InputType::Json), "[1,2,3]", 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, Json::parse("[1,2]"));
}

// D6 / execution.md E18: an object's members are the items, as {Key, Value} pairs in the
// object's order, MaxItems counting members; a scalar is no collection
// ([recorded] test_map_item_reader_json_no_json_list_object, for the words).
TEST(ItemReaderJson, ObjectMembersAreKeyValueItems) {
  bool keyed = false;
  auto object =
      items_of_object(of_type(InputType::Json), R"({"z": {"n": 1}, "a": [2]})", 0, &keyed);
  ASSERT_TRUE(object.ok());
  EXPECT_TRUE(keyed);
  EXPECT_EQ(to_text(*object), R"([{"Key":"z","Value":{"n":1}},{"Key":"a","Value":[2]}])");
  auto one = items_of_object(of_type(InputType::Json), R"({"b": 1, "c": 2})", 1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(to_text(*one), R"([{"Key":"b","Value":1}])");
  auto empty = items_of_object(of_type(InputType::Json), "{}", 0);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(to_text(*empty), "[]");
  bool array_keyed = false;
  ASSERT_TRUE(items_of_object(of_type(InputType::Json), "[{}]", 0, &array_keyed).ok());
  EXPECT_FALSE(array_keyed);
}

TEST(ItemReaderJson, ScalarAndBadTextFail) {
  for (const char* scalar : {"\"text\"", "1", "true", "null"}) {
    auto items = items_of_object(of_type(InputType::Json), scalar, 0);
    ASSERT_FALSE(items.ok()) << scalar;
    EXPECT_EQ(items.error().error, "States.ItemReaderFailed");
    EXPECT_EQ(items.error().cause, "Attempting to map over non-iterable node.");
  }
  auto bad = items_of_object(of_type(InputType::Json), "[1,", 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().error, "States.ItemReaderFailed");
}

TEST(ItemReaderJsonl, OneValuePerLine) {
  auto items = items_of_object(of_type(InputType::Jsonl), "{\"a\":1}\r\n\n[2]\n\"x\"", 0);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(to_text(*items), R"([{"a":1},[2],"x"])");
  auto limited = items_of_object(of_type(InputType::Jsonl), "1\n2\n3\n", 2);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(*limited, Json::parse("[1,2]"));
  auto bad = items_of_object(of_type(InputType::Jsonl), "1\n{\n", 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().cause.find("line 2"), std::string::npos);
}

// docs/semantics/distributed-map.md C7: a backslash keeps a backslash, quote or delimiter; it
// is dropped before anything else.
TEST(ItemReaderCsv, BackslashEscapes) {
  struct Row {
    const char* text;
    char delimiter;
    Records records;
  };
  const Row rows[] = {
      {R"(C:\\Program Files\\App.exe,6)", ',', {{R"(C:\Program Files\App.exe)", "6"}}},
      {R"(a\,b,c)", ',', {{"a,b", "c"}}},
      {R"(a\|b|c)", '|', {{"a|b", "c"}}},
      {R"(a\,b|c)", '|', {{"a,b", "c"}}},
      {R"(q\"\"t)", ',', {{R"(q""t)"}}},
      {R"("in \, quotes",x)", ',', {{"in , quotes", "x"}}},
      {R"(\n\t)", ',', {{"nt"}}},
      {"end\\", ',', {{"end"}}},
  };
  for (const Row& row : rows)
    EXPECT_EQ(read_csv(row.text, row.delimiter, kAll), row.records) << row.text;
}

// D7: RFC 6901 pointers.
TEST(ItemReaderJson, ItemsPointer) {
  Json doc = Json::parse(R"({"a": {"b": [1, 2]}, "x/y": {"m~n": [3]}, "rows": [[4], [5]]})");
  struct Row {
    const char* pointer;
    const char* expected;  // nullptr: selects nothing
  };
  const Row rows[] = {{"", nullptr},        {"/a/b", "[1,2]"},     {"/x~1y/m~0n", "[3]"},
                      {"/rows/1", "[5]"},   {"/rows/01", nullptr}, {"/rows/2", nullptr},
                      {"/rows/-", nullptr}, {"/nope", nullptr},    {"a/b", nullptr},
                      {"/x~2y", nullptr},   {"/a/b/0", "1"}};
  for (const Row& row : rows) {
    const Json* target = engine::json_pointer_target(doc, row.pointer);
    if (std::string_view(row.pointer).empty()) {
      EXPECT_EQ(target, &doc);
    } else if (!row.expected) {
      EXPECT_EQ(target, nullptr) << row.pointer;
    } else {
      ASSERT_NE(target, nullptr) << row.pointer;
      EXPECT_EQ(to_text(*target), row.expected) << row.pointer;
    }
  }
  asl::ItemReaderSpec spec = of_type(InputType::Json);
  spec.items_pointer = "/a/b";
  auto items = items_of_object(spec, to_text(doc), 1);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ(to_text(*items), "[1]");
  spec.items_pointer = "/a";
  auto members = items_of_object(spec, to_text(doc), 0);
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(to_text(*members), R"([{"Key":"b","Value":[1,2]}])");
  spec.items_pointer = "/a/b/0";
  auto scalar = items_of_object(spec, to_text(doc), 0);
  ASSERT_FALSE(scalar.ok());
  EXPECT_EQ(scalar.error().cause, "Attempting to map over non-iterable node.");
}

// D10.
TEST(ItemReaderManifest, InventoryManifestAndDataFiles) {
  auto manifest = engine::read_inventory_manifest(
      R"({"destinationBucket": "arn:aws:s3:::dest", "fileFormat": "CSV",
          "fileSchema": "Bucket, Key,Size ", "files": [{"key": "d/1.csv.gz"}, {"key": "d/2"}]})");
  ASSERT_TRUE(manifest.ok());
  EXPECT_EQ(manifest->bucket, "dest");
  EXPECT_EQ(manifest->keys, (std::vector<std::string>{"d/1.csv.gz", "d/2"}));
  EXPECT_EQ(manifest->columns, (std::vector<std::string>{"Bucket", "Key", "Size"}));
  Json items = Json::array();
  engine::append_inventory_items(manifest->columns, "\"b\",\"k,1\",\"3\"\nb,k2\n", items, 0);
  // Keys in java.util.HashMap order, as CSV items' (C10).
  EXPECT_EQ(to_text(items), R"([{"Bucket":"b","Size":"3","Key":"k,1"},)"
                            R"({"Bucket":"b","Size":"","Key":"k2"}])");
  engine::append_inventory_items(manifest->columns, "b,k3,1\nb,k4,1\n", items, 3);
  EXPECT_EQ(items.size(), 3u);
  for (const char* bad : {"[]", "{}", R"({"fileSchema": "a"})", "nope",
                          R"({"fileFormat": "ORC", "fileSchema": "a", "files": []})"}) {
    auto read = engine::read_inventory_manifest(bad);
    ASSERT_FALSE(read.ok()) << bad;
    EXPECT_EQ(read.error().error, "States.ItemReaderFailed");
  }
}

TEST(ItemReaderObject, BodyIsTextOrSdkShaped) {
  EXPECT_EQ(engine::object_body(Json("abc")), "abc");
  EXPECT_EQ(engine::object_body(Json{{"Body", "x"}, {"ContentLength", 1}}), "x");
  EXPECT_FALSE(engine::object_body(Json{{"Body", 1}}));
  EXPECT_FALSE(engine::object_body(Json::array()));
  auto unsupported = items_of_object(of_type(InputType::Parquet), "PAR1", 0);
  ASSERT_FALSE(unsupported.ok());
  auto no_type = items_of_object(of_type(InputType::None), "[]", 0);
  ASSERT_FALSE(no_type.ok());
  EXPECT_EQ(no_type.error().error, "States.ItemReaderFailed");
}

TEST(ItemReaderListObjects, ItemsAsAwsGivesThem) {
  Json page = Json::parse(R"({"Contents": [
      {"Key": "a.txt", "LastModified": "2024-01-02T03:04:05.000Z", "ETag": "\"e1\"",
       "Size": 3, "StorageClass": "STANDARD", "Owner": {"ID": "x"}},
      {"Key": "b.txt", "LastModified": 1700000000, "ETag": "\"e2\"", "Size": 0,
       "StorageClass": "STANDARD"}], "IsTruncated": false})");
  Json items = Json::array();
  engine::append_listed_objects(page, items, 0);
  EXPECT_EQ(to_text(items),
            R"([{"Etag":"\"e1\"","Key":"a.txt","LastModified":1704164645.0,"Size":3,)"
            R"("StorageClass":"STANDARD"},{"Etag":"\"e2\"","Key":"b.txt","LastModified":)"
            R"(1700000000.0,"Size":0,"StorageClass":"STANDARD"}])");
  Json limited = Json::array();
  engine::append_listed_objects(page, limited, 1);
  EXPECT_EQ(limited.size(), 1u);
  Json none = Json::array();
  engine::append_listed_objects(Json{{"IsTruncated", false}}, none, 0);
  engine::append_listed_objects(Json("text"), none, 0);
  EXPECT_TRUE(none.empty());
}

// Random and mutated object text never crashes a reader, and stays quick.
TEST(ItemReaderFuzz, ArbitraryTextNeverCrashes) {
  std::mt19937 rng(7);
  const std::string seeds[] = {"a,b\n\"c\"\"d\",e\r\n", "[1,{\"a\":[2]}]", "{\"x\":1}\n[2]\n",
                               "\"\n\"\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["};
  const char alphabet[] = ",\"\n\r\t |;[]{}:0a\\";
  auto start = std::chrono::steady_clock::now();
  std::size_t produced = 0;
  for (int round = 0; round < 6000; ++round) {
    std::string text = seeds[static_cast<std::size_t>(round) % std::size(seeds)];
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = text.empty() ? 0 : rng() % (text.size() + 1);
      char c = alphabet[rng() % (sizeof(alphabet) - 1)];
      if (rng() % 3 == 0 && at < text.size()) {
        text.erase(at, 1);
      } else {
        text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
      }
    }
    if (round % 50 == 0) text.append(std::string(2000, '['));
    for (auto type : {InputType::Csv, InputType::Json, InputType::Jsonl}) {
      asl::ItemReaderSpec spec =
          type == InputType::Csv ? csv({}, "|,;\t"[round % 4]) : of_type(type);
      auto items = items_of_object(spec, text, static_cast<std::int64_t>(rng() % 3));
      if (items.ok()) produced += items->size();
    }
  }
  EXPECT_GT(produced, 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace sfn::testing
