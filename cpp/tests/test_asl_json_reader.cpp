// The definition reader: Jackson's accepted syntax and error words, repeated keys, depth cap.
#include <gtest/gtest.h>

#include <chrono>

#include "asl/json_reader.h"

namespace sfn::asl {
namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string error_of(std::string_view text) {
  auto result = read_json(text);
  return result ? std::string("<ok>") : result.error().message;
}

TEST(AslJsonReader, ReadsValuesKeepingKeyOrder) {
  auto doc = read_json(R"( {"b": [1, -2.5e3, true, false, null, "x\u00e9\n"], "a": {}} )");
  ASSERT_TRUE(doc);
  EXPECT_FALSE(doc->empty);
  EXPECT_EQ(doc->value.dump(), R"({"b":[1,-2500.0,true,false,null,"xé\n"],"a":{}})");
  EXPECT_TRUE(doc->value["b"][0].is_number_integer());
  EXPECT_TRUE(doc->value["b"][1].is_number_float());
}

TEST(AslJsonReader, BlankTextIsEmpty) {
  auto doc = read_json(" \n\t ");
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->empty);
}

TEST(AslJsonReader, TrailingContentIsIgnoredAsJacksonReadTreeDoes) {
  auto doc = read_json(R"({"a":1} trailing)");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->value, Json({{"a", 1}}));
}

TEST(AslJsonReader, UnrecognizedTokenRecorded) {
  auto result = read_json("not a definition");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().location, "[Source: (String)\"not a definition\"; line: 1, column: 4]");
  EXPECT_EQ(
      result.error().message,
      "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token "
      "'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]");
}

TEST(AslJsonReader, JacksonMessagesForCommonMistakes) {
  EXPECT_EQ(error_of("{"),
            "Unexpected end-of-input: expected close marker for Object (start marker at [Source: "
            "(String)\"{\"; line: 1, column: 1])\n at [Source: (String)\"{\"; line: 1, column: 2]");
  EXPECT_EQ(
      error_of("{a:1}"),
      "Unexpected character ('a' (code 97)): was expecting double-quote to start field name\n at "
      "[Source: (String)\"{a:1}\"; line: 1, column: 3]");
  EXPECT_PRED2(starts_with, error_of(R"({"a" 1})"),
               "Unexpected character ('1' (code 49)): was expecting a colon to separate field name "
               "and value");
  EXPECT_PRED2(starts_with, error_of(R"({"a":1 "b":2})"),
               "Unexpected character ('\"' (code 34)): was expecting comma to separate Object "
               "entries\n at [");
  EXPECT_PRED2(
      starts_with, error_of(R"({"a":1,})"),
      "Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
  EXPECT_PRED2(
      starts_with, error_of("[1,]"),
      "Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, "
      "Object or token 'null', 'true' or 'false')");
  EXPECT_PRED2(starts_with, error_of("[1}"),
               "Unexpected close marker '}': expected ']' (for Array");
  EXPECT_PRED2(starts_with, error_of(R"({"a":1,)"),
               "Unexpected end-of-input within/between Object entries\n ");
  EXPECT_PRED2(starts_with, error_of("\"abc"),
               "Unexpected end-of-input: was expecting closing quote for a string value");
  EXPECT_PRED2(starts_with, error_of("[01]"), "Invalid numeric value: Leading zeroes not allowed");
  EXPECT_PRED2(
      starts_with, error_of("\"a\nb\""),
      "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be "
      "included in string value");
  EXPECT_PRED2(starts_with, error_of(R"("\x")"),
               "Unrecognized character escape 'x' (code 120)\n a");
  EXPECT_PRED2(starts_with, error_of("tru"), "Unrecognized token 'tru': was");
  EXPECT_PRED2(starts_with, error_of("// c\n{}"),
               "Unexpected character ('/' (code 47)): maybe a (non-standard) ");
}

TEST(AslJsonReader, LinesAndColumnsCountCharacters) {
  auto result = read_json("{\n  \"é\": x}");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().location.substr(result.error().location.find("; line")),
            "; line: 2, column: 9]");
}

TEST(AslJsonReader, LongSourcesAreTruncatedAt500Characters) {
  std::string text = "[" + std::string(600, ' ') + "x]";
  auto result = read_json(text);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().location.find("\"[truncated 103 chars]; line: 1, column: 603]"),
            std::string::npos)
      << result.error().location;
}

TEST(AslJsonReader, RepeatedKeysAreRecordedWhereTheyOccur) {
  auto doc = read_json(
      R"({"States":{"A":1,"A":2},"X":{"Branches":[{"States":{"B":1,"B":{"k":1,"k":2}}}]}})");
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->duplicate_keys.size(), 3u);
  EXPECT_EQ(doc->duplicate_keys[0].object_at, "/States");
  EXPECT_EQ(doc->duplicate_keys[0].key, "A");
  EXPECT_EQ(doc->duplicate_keys[1].object_at, "/X/Branches[0]/States");
  EXPECT_EQ(doc->duplicate_keys[1].key, "B");
  EXPECT_EQ(doc->duplicate_keys[2].object_at, "/X/Branches[0]/States/B");
  EXPECT_EQ(doc->duplicate_keys[2].key, "k");
  // The later value wins, in the first one's place.
  EXPECT_EQ(doc->value["States"].dump(), R"({"A":2})");
}

TEST(AslJsonReader, NestingIsCappedLikeJackson) {
  std::string ok(kMaxNestingDepth, '[');
  ok += std::string(kMaxNestingDepth, ']');
  EXPECT_TRUE(read_json(ok));
  std::string deep(10000, '[');
  deep += std::string(10000, ']');
  auto result = read_json(deep);
  ASSERT_FALSE(result);
  EXPECT_PRED2(starts_with, result.error().message,
               "Document nesting depth (1001) exceeds the maximum allowed (1000, from "
               "`StreamReadConstraints.getMaxNestingDepth()`)");
}

// Invalid UTF-8 is refused; a lone surrogate escape is one unit, held as WTF-8, as Jackson's
// String holds it (docs/semantics/execution.md E20), and written back as its escape (E21).
TEST(AslJsonReader, InvalidUtf8IsRefusedAndLoneSurrogatesKept) {
  EXPECT_PRED2(starts_with, error_of("\"\xff\""), "Invalid UTF-8 start byte 0xff");
  auto doc = read_json(R"(["\ud83d\ude00", "\ud83d", "\ude00x"])");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->value[0].get<std::string>(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(doc->value[1].get<std::string>(), "\xED\xA0\xBD");
  EXPECT_EQ(doc->value[2].get<std::string>(), "\xED\xB8\x80x");
  EXPECT_EQ(to_text(doc->value), "[\"\xF0\x9F\x98\x80\",\"\\uD83D\",\"\\uDE00x\"]");
}

TEST(AslJsonReader, ObjectsWithVeryManyKeysReadInLinearTime) {
  std::string text = "{";
  for (int i = 0; i < 100000; ++i)
    text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  text += ",\"k5\":0}";
  auto start = std::chrono::steady_clock::now();
  auto doc = read_json(text);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->value.size(), 100000u);
  ASSERT_EQ(doc->duplicate_keys.size(), 1u);
  EXPECT_EQ(doc->duplicate_keys[0].key, "k5");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 5);
}

}  // namespace
}  // namespace sfn::asl
