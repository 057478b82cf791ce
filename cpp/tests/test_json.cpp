#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "common/failure.h"
#include "common/name_uuid.h"
#include "common/random.h"
#include "json/json.h"

namespace sfn {
namespace {

TEST(Json, TextIsCompactAndKeepsKeyOrder) {
  Json v = Json::parse(R"({"b": 1, "a": [true, null, "x"], "c": 1.5})");
  EXPECT_EQ(to_text(v), R"({"b":1,"a":[true,null,"x"],"c":1.5})");
}

TEST(Json, TextSizeMatchesRendering) {
  for (const char* text : {R"({"b":1,"a":[true,null,"x\n\u00e9"],"c":{}})", "[]", "\"\"", "-12",
                           R"({"k":{"n":[1,2,{"x":false}]}})"}) {
    Json v = Json::parse(text);
    EXPECT_EQ(text_size(v), to_text(v).size()) << text;
  }
}

TEST(Json, TextSizeCountsEscapesAndNumbersWithoutRendering) {
  std::string controls;
  for (char c = 0; c < 0x20; ++c) controls += c;
  std::vector<Json> values = {Json(controls),
                              Json("quote \" backslash \\ slash / del \x7f"),
                              Json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
                              Json(std::string("bad \xff\xfe utf8 \xc3")),
                              Json(std::numeric_limits<std::int64_t>::min()),
                              Json(std::numeric_limits<std::int64_t>::max()),
                              Json(std::numeric_limits<std::uint64_t>::max()),
                              Json(0),
                              Json(-1),
                              Json(10),
                              Json(-0.0),
                              Json(1e300),
                              Json(0.1),
                              Json::object({{"\n\"k\xc3\xa9", Json::array({1, -20, "x"})}})};
  for (const Json& v : values) EXPECT_EQ(text_size(v), to_text(v).size()) << to_text(v);
}

// Random documents: the counted size always equals the rendered one.
TEST(Json, TextSizeMatchesRenderingOnRandomValues) {
  Rng rng(42);
  auto random_string = [&rng] {
    std::string s;
    auto length = rng.next_int(0, 12);
    for (std::int64_t i = 0; i < length; ++i) {
      // Mostly printable ASCII, with control characters, escapes and stray high bytes.
      auto pick = rng.next_int(0, 9);
      s += static_cast<char>(pick < 6   ? rng.next_int(0x20, 0x7f)
                             : pick < 8 ? rng.next_int(0, 0x1f)
                                        : rng.next_int(0x80, 0xff));
    }
    return s;
  };
  std::function<Json(int)> random_value = [&](int depth) -> Json {
    switch (rng.next_int(0, depth > 3 ? 5 : 7)) {
      case 0:
        return Json(nullptr);
      case 1:
        return Json(rng.next_int(0, 1) == 1);
      case 2:
        return Json(rng.next_int(std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max()) >>
                    rng.next_int(0, 63));
      case 3:
        return Json(rng.next_u64());
      case 4:
        return Json((rng.next_double() - 0.5) * std::pow(10.0, rng.next_int(-20, 20)));
      case 5:
        return Json(random_string());
      case 6: {
        Json a = Json::array();
        for (auto i = rng.next_int(0, 4); i > 0; --i) a.push_back(random_value(depth + 1));
        return a;
      }
      default: {
        Json o = Json::object();
        for (auto i = rng.next_int(0, 4); i > 0; --i) o[random_string()] = random_value(depth + 1);
        return o;
      }
    }
  };
  for (int i = 0; i < 3000; ++i) {
    Json v = random_value(0);
    std::string text = to_text(v);
    // The iterative writer writes what nlohmann's recursive dump() writes, byte for byte.
    ASSERT_EQ(text, v.dump(-1, ' ', false, Json::error_handler_t::replace));
    ASSERT_EQ(text_size(v), text.size()) << text;
  }
}

// Builds [[[...]]] or {"k":{"k":...}} `depth` levels deep without recursion.
Json nested(int depth, bool objects) {
  Json v = objects ? Json::object() : Json::array();
  for (int i = 1; i < depth; ++i) {
    Json outer = objects ? Json::object() : Json::array();
    if (objects) {
      outer["k"] = std::move(v);
    } else {
      outer.push_back(std::move(v));
    }
    v = std::move(outer);
  }
  return v;
}

// Issue 13: a 100,000-level input overflowed the C++ stack in the recursive writer.
TEST(Json, WritersKeepTheirOwnStackOnDeepValues) {
  for (bool objects : {false, true}) {
    Json deep = nested(200000, objects);
    std::string text = to_text(deep);
    EXPECT_EQ(text.size(), objects ? 200000u * 6 - 4 : 400000u);
    TextMeasure m = measure_text(deep);
    EXPECT_EQ(m.bytes, text.size());
    EXPECT_EQ(m.depth, 200000);
    EXPECT_TRUE(nested_deeper_than(deep, kMaxNestingDepth));
    Json parsed;
    std::string error;
    EXPECT_FALSE(parse_text(text, parsed, error));
  }
  EXPECT_EQ(measure_text(Json(1)).depth, 0);
  EXPECT_EQ(measure_text(Json::array()).depth, 1);
  EXPECT_EQ(measure_text(Json::parse(R"({"a":[1,{"b":[]}],"c":2})")).depth, 4);
}

TEST(Json, ParseTextHoldsDocumentsToJacksonsNestingLimit) {
  Json out;
  std::string error;
  std::string ok = std::string(kMaxNestingDepth, '[') + std::string(kMaxNestingDepth, ']');
  EXPECT_TRUE(parse_text(ok, out, error)) << error;
  EXPECT_FALSE(nested_deeper_than(out, kMaxNestingDepth));
  EXPECT_TRUE(nested_deeper_than(out, kMaxNestingDepth - 1));
  std::string deep = "[" + ok + "]";
  EXPECT_FALSE(parse_text(deep, out, error));
  EXPECT_EQ(error,
            "Document nesting depth (1001) exceeds the maximum allowed (1000, from "
            "`StreamReadConstraints.getMaxNestingDepth()`)");
  // Brackets inside strings (escaped quotes too) are text, not nesting.
  std::string quoted = "[\"" + std::string(5000, '[') + "\\\"{\"]";
  EXPECT_TRUE(parse_text(quoted, out, error)) << error;
}

TEST(Json, ParseTextRefusesWhatNoValueHolds) {
  Json out;
  std::string error;
  // Issue 13: a number overflow escaped the parser as an exception (InternalFailure).
  EXPECT_FALSE(parse_text("1e400", out, error));
  EXPECT_NE(error.find("1e400"), std::string::npos) << error;
  EXPECT_FALSE(parse_text("[-1e400]", out, error));
  EXPECT_FALSE(parse_text("{} x", out, error));
  EXPECT_FALSE(parse_text("", out, error));
  EXPECT_TRUE(parse_text("1e308", out, error));
}

TEST(Json, ParseTextReportsErrors) {
  Json out;
  std::string error;
  EXPECT_FALSE(parse_text("{", out, error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(parse_text("[1]", out, error));
  EXPECT_EQ(out, Json::array({1}));
}

TEST(Json, TypeNames) {
  EXPECT_EQ(type_name(Json(1)), "number");
  EXPECT_EQ(type_name(Json(1.5)), "number");
  EXPECT_EQ(type_name(Json("s")), "string");
  EXPECT_EQ(type_name(Json::object()), "object");
  EXPECT_EQ(type_name(Json::array()), "array");
  EXPECT_EQ(type_name(Json(nullptr)), "null");
  EXPECT_EQ(type_name(Json(true)), "boolean");
}

TEST(Random, UuidIsVersion4AndSeeded) {
  Rng a(7), b(7);
  std::string u = a.uuid4();
  EXPECT_EQ(u.size(), 36u);
  EXPECT_EQ(u[14], '4');
  EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
  EXPECT_EQ(u, b.uuid4());
}

TEST(Expected, HoldsValueOrError) {
  Expected<int> good = 3;
  Expected<int> bad = Failure{"E", "C"};
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().error, "E");
}

TEST(NameUuid, MatchesPythonsUuid5InTheUrlNamespace) {
  // str(uuid.uuid5(uuid.NAMESPACE_URL, name)): Python's mocks derive the same ids.
  EXPECT_EQ(uuid5_url(""), "1b4db7eb-4057-5ddf-91e0-36dec72071f5");
  EXPECT_EQ(uuid5_url("arn:aws:states:us-east-1:1:execution:m:e|Work|0|double|7"),
            "f8ef9719-9935-5613-8c5b-10c1ca09525e");
}

}  // namespace
}  // namespace sfn
