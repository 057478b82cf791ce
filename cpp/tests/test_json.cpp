#include <gtest/gtest.h>

#include "common/failure.h"
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

}  // namespace
}  // namespace sfn
