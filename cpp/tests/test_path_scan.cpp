// Deep scans, slices and unions: Jayway's ordering and its quirks.
#include <gtest/gtest.h>

#include "path/jsonpath.h"

namespace sfn::path {
namespace {

Json run(std::string_view text, const Json& doc) {
  auto p = compile(text);
  EXPECT_TRUE(p.ok()) << text;
  if (!p.ok()) return Json();
  Scope scope;
  scope.input = &doc;
  auto s = select(*p, scope);
  EXPECT_TRUE(s.ok()) << text << ": " << (s.ok() ? "" : s.error().message);
  return s.ok() ? s->value() : Json();
}

const Json kNested = Json::parse(R"({
  "a": {"b": {"c": 1, "d": [{"c": 2}, {"c": 3, "e": {"c": 4}}]}, "c": 0},
  "c": [7, 8]
})");

TEST(PathScan, CollectsInDocumentOrder) {
  // The node itself before its children, children in key order.
  EXPECT_EQ(to_text(run("$..c", kNested)), "[[7,8],0,1,2,3,4]");
  EXPECT_EQ(to_text(run("$.a..c", kNested)), "[0,1,2,3,4]");
  EXPECT_EQ(to_text(run("$..d[*].c", kNested)), "[2,3]");
  EXPECT_EQ(to_text(run("$..e", kNested)), R"([{"c":4}])");
}

TEST(PathScan, ScanThenIndexQuirk) {
  // `..[0].c` evaluates `.c` on every element of every array and keeps only what Jayway
  // believes is element 0; once an array has been walked the flag sticks.
  const Json doc = Json::parse(R"({"x": [{"c": 1}, {"c": 2}], "y": {"c": 3}})");
  EXPECT_EQ(to_text(run("$..[0].c", doc)), "[1]");
  EXPECT_EQ(to_text(run("$..[1].c", doc)), "[2]");
}

TEST(PathScan, SlicesFollowJayway) {
  const Json doc = Json::parse(R"({"n": [0, 1, 2, 3, 4, 5]})");
  EXPECT_EQ(to_text(run("$.n[1:3]", doc)), "[1,2]");
  EXPECT_EQ(to_text(run("$.n[:2]", doc)), "[0,1]");
  EXPECT_EQ(to_text(run("$.n[4:]", doc)), "[4,5]");
  EXPECT_EQ(to_text(run("$.n[-2:]", doc)), "[4,5]");
  EXPECT_EQ(to_text(run("$.n[:-4]", doc)), "[0,1]");
  // A negative start of a bounded slice is not normalised: it walks in from the end.
  EXPECT_EQ(to_text(run("$.n[-2:2]", doc)), "[4,5,0,1]");
  EXPECT_EQ(to_text(run("$.n[3:1]", doc)), "[]");
  EXPECT_EQ(to_text(run("$.n[1:99]", doc)), "[1,2,3,4,5]");
}

TEST(PathScan, WildcardOverObjectsAndMissingLeaves) {
  const Json doc = Json::parse(R"({"o": {"x": {"v": 1}, "y": 2, "z": {"v": 3}}})");
  EXPECT_EQ(to_text(run("$.o.*", doc)), R"([{"v":1},2,{"v":3}])");
  EXPECT_EQ(to_text(run("$.o.*.v", doc)), "[1,3]");  // `y` has no `v`: skipped
  EXPECT_EQ(to_text(run("$.o['x','z'].v", doc)), "[1,3]");
}

TEST(PathScan, DeepDocumentsFailInsteadOfOverflowing) {
  Json deep = Json::array();
  for (int i = 0; i < 20000; ++i) deep = Json::array({std::move(deep)});
  auto p = compile("$..x");
  ASSERT_TRUE(p.ok());
  Scope scope;
  scope.input = &deep;
  auto s = select(*p, scope);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "Path evaluation nested too deeply");
}

}  // namespace
}  // namespace sfn::path
