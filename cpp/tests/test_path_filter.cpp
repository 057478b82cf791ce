// Filters `[?(...)]`: every operator, the logical connectives, existence checks, `$` inside
// filters, and the Java-equality rules Jayway applies.
#include <gtest/gtest.h>

#include "path/jsonpath.h"

namespace sfn::path {
namespace {

const Json kDoc = Json::parse(R"({
  "items": [
    {"id": 1, "name": "apple", "tags": ["red", "fruit"], "price": 1.5, "size": "S", "ok": true},
    {"id": 2, "name": "banana", "tags": ["yellow"], "price": 3, "size": "M", "ok": false},
    {"id": "3", "name": "Cherry", "tags": [], "price": 3.0, "size": "L", "ok": null},
    {"id": 4, "name": "", "size": "XL", "meta": {"w": 1}},
    "scalar", 7, null
  ],
  "limit": 2,
  "sizes": ["S", "L"]
})");

Json names(std::string_view filter) {
  const std::string text = "$.items[?(" + std::string(filter) + ")].name";
  auto p = compile(text);
  EXPECT_TRUE(p.ok()) << text << ": " << (p.ok() ? "" : p.error().message);
  if (!p.ok()) return Json();
  Scope scope;
  scope.input = &kDoc;
  auto s = select(*p, scope);
  EXPECT_TRUE(s.ok()) << text << ": " << (s.ok() ? "" : s.error().message);
  return s.ok() ? s->value() : Json();
}

Json list(std::initializer_list<const char*> items) {
  Json out = Json::array();
  for (const char* i : items) out.push_back(i);
  return out;
}

TEST(PathFilter, Comparisons) {
  EXPECT_EQ(names("@.id == 1"), list({"apple"}));
  EXPECT_EQ(names("@.id != 1"), list({"banana", "Cherry", ""}));
  EXPECT_EQ(names("@.price > 1.5"), list({"banana", "Cherry"}));
  EXPECT_EQ(names("@.price >= 1.5"), list({"apple", "banana", "Cherry"}));
  EXPECT_EQ(names("@.price < 3"), list({"apple"}));
  EXPECT_EQ(names("@.price <= 3"), list({"apple", "banana", "Cherry"}));
  EXPECT_EQ(names("@.name < 'b'"), list({"apple", "Cherry", ""}));  // UTF-16 order: 'C' < 'a'
  EXPECT_EQ(names("@.id > $.limit"), list({""}));  // numbers only: the id "3" is a string
}

TEST(PathFilter, JavaEqualityBetweenNumbersAndStrings) {
  // A number equals a string that parses to the same BigDecimal...
  EXPECT_EQ(names("@.id == '1'"), list({"apple"}));
  EXPECT_EQ(names("@.price == '3'"), list({"banana", "Cherry"}));  // 3.0 as BigDecimal is 3
  // ...but a string only equals a number whose BigDecimal text it is.
  EXPECT_EQ(names("@.id == 3"), list({"Cherry"}));
  EXPECT_EQ(names("@.price == 3"), list({"banana", "Cherry"}));  // 3.0 compares equal to 3
  EXPECT_EQ(names("@.price === 3"), list({"banana", "Cherry"}));
  EXPECT_EQ(names("@.id === 3"), Json::array());  // type-safe: string vs number
}

TEST(PathFilter, BooleansNullsAndExistence) {
  EXPECT_EQ(names("@.ok == true"), list({"apple"}));
  EXPECT_EQ(names("@.ok == false"), list({"banana"}));
  EXPECT_EQ(names("@.ok == null"), list({"Cherry"}));
  EXPECT_EQ(names("@.ok"), list({"apple", "banana", "Cherry"}));  // present, whatever the value
  EXPECT_EQ(names("!@.ok"), list({""}));
  EXPECT_EQ(names("@.meta.w"), list({""}));
}

TEST(PathFilter, LogicalConnectives) {
  EXPECT_EQ(names("@.id == 1 || @.id == 2 && @.ok == true"), list({"apple"}));
  EXPECT_EQ(names("(@.id == 1 || @.id == 2) && @.ok == false"), list({"banana"}));
  EXPECT_EQ(names("!(@.id == 1)"), list({"banana", "Cherry", ""}));
}

TEST(PathFilter, RegexMatchesWholeValue) {
  EXPECT_EQ(names("@.name =~ /.*an.*/"), list({"banana"}));
  EXPECT_EQ(names("@.name =~ /an/"), Json::array());  // matches(), not find()
  EXPECT_EQ(names("@.name =~ /c.*/i"), list({"Cherry"}));
  EXPECT_EQ(names("@.id =~ /[13]/"), list({"apple", "Cherry"}));  // numbers match as text
  EXPECT_EQ(names("@.tags =~ /yel.*/"), list({"banana"}));        // any element of a list
}

TEST(PathFilter, ListOperators) {
  EXPECT_EQ(names("@.size in ['S', 'M']"), list({"apple", "banana"}));
  EXPECT_EQ(names("@.size nin ['S', 'M']"), list({"Cherry", ""}));
  EXPECT_EQ(names("@.size in $.sizes"), list({"apple", "Cherry"}));
  EXPECT_EQ(names("@.tags contains 'red'"), list({"apple"}));
  EXPECT_EQ(names("@.tags subsetof ['red', 'fruit', 'yellow']"),
            list({"apple", "banana", "Cherry"}));
  EXPECT_EQ(names("@.tags anyof ['red', 'yellow']"), list({"apple", "banana"}));
  EXPECT_EQ(names("@.tags noneof ['red']"), list({"banana", "Cherry"}));
  EXPECT_EQ(names("@.tags size 2"), list({"apple"}));
  EXPECT_EQ(names("@.name size 6"), list({"banana", "Cherry"}));
  EXPECT_EQ(names("@.tags empty true"), list({"Cherry"}));
  EXPECT_EQ(names("@.name empty true"), list({""}));
  // Jayway's `all` never sees a value list from the filter text: always false.
  EXPECT_EQ(names("@.tags all ['red']"), Json::array());
}

TEST(PathFilter, JsonLiteralsCompareOnTheRightOnly) {
  EXPECT_EQ(names("@.tags == ['red', 'fruit']"), list({"apple"}));
  EXPECT_EQ(names("['red', 'fruit'] == @.tags"), Json::array());
  EXPECT_EQ(names("@.meta == {'w': 1}"), list({""}));
}

TEST(PathFilter, FiltersOnObjectsAndNonContainers) {
  Scope scope;
  scope.input = &kDoc;
  auto obj = select(*compile("$.items[3].meta[?(@.w == 1)]"), scope);
  ASSERT_TRUE(obj.ok());
  EXPECT_EQ(obj->value(), Json::parse(R"([{"w":1}])"));
  auto scalar = select(*compile("$.limit[?(@ > 1)]"), scope);
  ASSERT_FALSE(scalar.ok());
  EXPECT_EQ(scalar.error().message,
            "Filter: [?] can not be applied to primitives. Current context is: 2");
}

TEST(PathFilter, SyntaxErrors) {
  auto e = compile("$.items[?(@.id == x)]");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message,
            "Failed to parse filter: [?(@.id == x)], error on position: 11, char: x");
  e = compile("$.items[?(@.id ~= 1)]");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "Expected character: )");
  e = compile("$.items[?(1 == 1)]");
  ASSERT_TRUE(e.ok());
  e = compile("$.items[?(1)]");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "Expected path node");
}

}  // namespace
}  // namespace sfn::path
