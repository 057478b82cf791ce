// The validator's read-only document: the same values, order and repeated keys as the Json the
// reader gives (read_json is read_document converted), views into the text where no unescaping
// was needed, and the same document from a Json value (compile()'s road).
#include <gtest/gtest.h>

#include <string>

#include "asl/document.h"
#include "asl/json_reader.h"

namespace sfn::asl {
namespace {

bool views_into(std::string_view text, std::string_view part) {
  return part.data() >= text.data() && part.data() + part.size() <= text.data() + text.size();
}

TEST(AslDocument, HoldsEveryKindInOrder) {
  std::string text =
      R"({"b": [1, -2.5e3, true, false, null, "x", 18446744073709551615], "a": {}, "c": "y"})";
  auto doc = read_document(text);
  ASSERT_TRUE(doc);
  const DocNode& root = doc->root;
  ASSERT_TRUE(root.is_object());
  ASSERT_EQ(root.size(), 3u);
  auto it = root.begin();
  EXPECT_EQ(it.key(), "b");
  ++it;
  EXPECT_EQ(it.key(), "a");
  EXPECT_TRUE(it.value().is_object());
  EXPECT_TRUE(it.value().empty());
  const DocNode& b = *root.find("b");
  ASSERT_TRUE(b.is_array());
  ASSERT_EQ(b.size(), 7u);
  EXPECT_TRUE(b[0].is_number_integer());
  EXPECT_FALSE(b[0].is_number_unsigned());
  EXPECT_EQ(b[0].integer(), 1);
  EXPECT_TRUE(b[1].is_number_float());
  EXPECT_EQ(b[1].number(), -2500.0);
  EXPECT_TRUE(b[2].is_boolean() && b[2].boolean());
  EXPECT_TRUE(b[3].is_boolean() && !b[3].boolean());
  EXPECT_TRUE(b[4].is_null());
  EXPECT_EQ(b[5].str(), "x");
  EXPECT_TRUE(b[6].is_number_unsigned());
  EXPECT_EQ(b[6].unsigned_integer(), 18446744073709551615u);
  EXPECT_EQ(root.find("zz"), nullptr);
  EXPECT_EQ(b.find("x"), nullptr);  // not an object
  std::size_t n = 0;
  for (const DocNode& element : b) n += element.is_null() ? 1 : 0;
  EXPECT_EQ(n, 1u);
}

TEST(AslDocument, StringsViewTheTextUnlessTheyNeedUnescaping) {
  std::string text = R"({"plain": "abc", "esc\"aped": "x\u00e9\n", "utf": "é"})";
  auto doc = read_document(text);
  ASSERT_TRUE(doc);
  auto it = doc->root.begin();
  EXPECT_TRUE(views_into(text, it.key()));
  EXPECT_TRUE(views_into(text, it.value().str()));
  ++it;
  EXPECT_EQ(it.key(), "esc\"aped");
  EXPECT_FALSE(views_into(text, it.key()));
  EXPECT_EQ(it.value().str(), "x\xC3\xA9\n");
  ++it;
  EXPECT_EQ(it.value().str(), "\xC3\xA9");
}

// read_json is the document converted: the reader's rules (repeated keys, depth, numbers,
// surrogates) hold for both, and a Json's document converts back to the same Json.
TEST(AslDocument, ConvertsToAndFromJsonUnchanged) {
  const char* texts[] = {
      R"({"States":{"A":1,"A":{"k":[1,2,{"z":null}]}},"X":[[],{},"\ud83d",1e400,-0.0,-7]})",
      R"([1,"two",[3,[4,[5]]],{"a":{"b":{"c":true}}}])",
      R"("just a string")",
      R"(42)",
  };
  for (const char* text : texts) {
    auto doc = read_document(text);
    auto json = read_json(text);
    ASSERT_TRUE(doc && json) << text;
    Json converted = to_json(doc->root);
    EXPECT_EQ(converted, json->value) << text;
    EXPECT_EQ(to_text(converted), to_text(json->value)) << text;  // key order too
    Document again = document_of(json->value);
    EXPECT_EQ(to_text(to_json(again.root)), to_text(json->value)) << text;
    EXPECT_TRUE(again.duplicate_keys.empty());
  }
}

TEST(AslDocument, ARepeatedKeyKeepsTheFirstPlaceAndTheLastValue) {
  // Over 16 members: the builder's key index finds the repetition.
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  text += R"("k3":{"a":1,"a":2},"k39":"last"})";
  auto doc = read_document(text);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->root.size(), 40u);
  ASSERT_EQ(doc->duplicate_keys.size(), 3u);
  EXPECT_EQ(doc->duplicate_keys[0].object_at, "");
  EXPECT_EQ(doc->duplicate_keys[0].key, "k3");
  EXPECT_EQ(doc->duplicate_keys[1].object_at, "/k3");
  EXPECT_EQ(doc->duplicate_keys[1].key, "a");
  EXPECT_EQ(doc->duplicate_keys[2].key, "k39");
  auto it = doc->root.begin();
  for (int i = 0; i < 3; ++i) ++it;
  EXPECT_EQ(it.key(), "k3");
  EXPECT_EQ(to_text(to_json(it.value())), R"({"a":2})");
  EXPECT_EQ(doc->root.find("k39")->str(), "last");
}

TEST(AslDocument, DeepDocumentsConvertWithoutRecursion) {
  std::string text(kMaxNestingDepth, '[');
  text += std::string(kMaxNestingDepth, ']');
  auto doc = read_document(text);
  ASSERT_TRUE(doc);
  Json json = to_json(doc->root);
  EXPECT_FALSE(nested_deeper_than(json, kMaxNestingDepth));
  EXPECT_TRUE(nested_deeper_than(json, kMaxNestingDepth - 1));
  Document again = document_of(json);
  EXPECT_EQ(to_json(again.root), json);
}

TEST(AslDocument, SurvivesAMove) {
  std::string text = R"({"a":[1,{"b":"c"}]})";
  auto read = read_document(text);
  ASSERT_TRUE(read);
  Document moved = std::move(read.value());
  EXPECT_EQ(to_text(to_json(moved.root)), text);
}

}  // namespace
}  // namespace sfn::asl
