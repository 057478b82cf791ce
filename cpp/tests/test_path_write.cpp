// ResultPath writes: replacing, creating intermediate objects, and AWS's failure message.
#include <gtest/gtest.h>

#include "path/jsonpath.h"

namespace sfn::path {
namespace {

Expected<Json, EvalError> put(std::string_view path, Json target, Json value) {
  auto p = compile(path);
  EXPECT_TRUE(p.ok()) << path;
  return write(*p, std::move(target), std::move(value));
}

TEST(PathWrite, DollarReplacesTheInput) {
  auto out = put("$", Json::parse(R"({"a":1})"), "result");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "result");
}

TEST(PathWrite, AddsAndReplacesFieldsKeepingOrder) {
  auto out = put("$.b", Json::parse(R"({"a":1,"b":2,"c":3})"), Json::parse("[true]"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_text(*out), R"({"a":1,"b":[true],"c":3})");
  out = put("$['new key']", Json::parse(R"({"a":1})"), 5);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_text(*out), R"({"a":1,"new key":5})");
}

TEST(PathWrite, CreatesIntermediateObjects) {
  auto out = put("$.x.y.z", Json::parse(R"({"a":1})"), 7);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_text(*out), R"({"a":1,"x":{"y":{"z":7}}})");
  out = put("$.a.y", Json::parse(R"({"a":{"k":0}})"), 7);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_text(*out), R"({"a":{"k":0,"y":7}})");
}

TEST(PathWrite, WritesIntoExistingArrayElements) {
  auto out = put("$.list[1].v", Json::parse(R"({"list":[{"v":0},{"v":1}]})"), "new");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_text(*out), R"({"list":[{"v":0},{"v":"new"}]})");
  out = put("$.list[0]", Json::parse(R"({"list":[1,2]})"), 9);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_text(*out), R"({"list":[9,2]})");
}

TEST(PathWrite, FailsThroughNonObjectsWithAwsCause) {
  // The cause AWS reports with the error (recorded by users: `Unable to apply ReferencePath
  // $.someTaskResult to input "input1"`).
  auto out = put("$.someTaskResult", "input1", 1);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message,
            R"(Unable to apply ReferencePath $.someTaskResult to input "input1")");

  out = put("$.a.b", Json::parse(R"({"a":[1]})"), 1);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().message, R"(Unable to apply ReferencePath $.a.b to input {"a":[1]})");

  out = put("$.a.b", Json::parse(R"({"a":null})"), 1);
  EXPECT_FALSE(out.ok());
}

TEST(PathWrite, FailsOnMissingIndexOrNonArray) {
  EXPECT_FALSE(put("$.list[2]", Json::parse(R"({"list":[1,2]})"), 0).ok());
  EXPECT_FALSE(put("$.list[0]", Json::parse(R"({"list":{"0":1}})"), 0).ok());
  EXPECT_FALSE(put("$.missing[0]", Json::parse(R"({})"), 0).ok());
}

TEST(PathWrite, RefusesNonReferencePathsAndOtherRoots) {
  EXPECT_FALSE(put("$.a[*]", Json::object(), 1).ok());
  EXPECT_FALSE(put("$..a", Json::object(), 1).ok());
  EXPECT_FALSE(put("$$.a", Json::object(), 1).ok());
  EXPECT_FALSE(put("$var.a", Json::object(), 1).ok());
}

}  // namespace
}  // namespace sfn::path
