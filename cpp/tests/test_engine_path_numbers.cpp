// The readers behind the count and percentage *Path fields (docs/semantics/execution.md E1,
// E2): Long.parseLong's and Float.parseFloat's grammars over a referenced value's text.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>

#include "engine/path_numbers.h"

namespace sfn {
namespace {

using engine::path_float;
using engine::path_integer;
using engine::referenced_value_text;

TEST(PathNumbers, IntegersFromNumbersAndText) {
  struct Row {
    Json value;
    std::optional<std::int64_t> expected;
  };
  const Row rows[] = {
      {Json(7), 7},
      {Json(-3), -3},
      {Json(4.0), 4},
      {Json(4.5), std::nullopt},
      {Json("12"), 12},
      {Json("+12"), 12},
      {Json("-12"), -12},
      {Json("007"), 7},
      {Json(""), std::nullopt},
      {Json("+"), std::nullopt},
      {Json("+-1"), std::nullopt},
      {Json(" 1"), std::nullopt},  // parseLong does not trim
      {Json("1.0"), std::nullopt},
      {Json("1e3"), std::nullopt},
      {Json("0x10"), std::nullopt},
      {Json("99999999999999999999"), std::nullopt},
      {Json(true), std::nullopt},
      {Json(nullptr), std::nullopt},
      {Json::array({1}), std::nullopt},
      {Json::object(), std::nullopt},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(path_integer(row.value), row.expected) << row.value.dump();
  }
}

TEST(PathNumbers, FloatsFromNumbersAndText) {
  struct Row {
    Json value;
    std::optional<double> expected;
  };
  const Row rows[] = {
      {Json(2.5), 2.5},
      {Json(3), 3.0},
      {Json("2.5"), 2.5},
      {Json(" 2.5 "), 2.5},  // parseFloat trims
      {Json("+1"), 1.0},
      {Json("-1"), -1.0},
      {Json(".5"), 0.5},
      {Json("5."), 5.0},
      {Json("1e1"), 10.0},
      {Json("1E-1"), 0.1},
      {Json("3f"), 3.0},
      {Json("3.5D"), 3.5},
      {Json("Infinity"), HUGE_VAL},
      {Json("-Infinity"), -HUGE_VAL},
      {Json("1e999"), HUGE_VAL},
      {Json("1e-999"), 0.0},
      {Json(""), std::nullopt},
      {Json("."), std::nullopt},
      {Json("e1"), std::nullopt},
      {Json("1e"), std::nullopt},
      {Json("1.5.2"), std::nullopt},
      {Json("five"), std::nullopt},
      {Json("inf"), std::nullopt},
      {Json(false), std::nullopt},
      {Json(nullptr), std::nullopt},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(path_float(row.value), row.expected) << row.value.dump();
  }
  auto nan = path_float(Json("NaN"));
  ASSERT_TRUE(nan.has_value());
  EXPECT_TRUE(std::isnan(*nan));
}

TEST(PathNumbers, ReferencedValueText) {
  EXPECT_EQ(referenced_value_text(Json("a b")), "a b");
  EXPECT_EQ(referenced_value_text(Json(1.5)), "1.5");
  EXPECT_EQ(referenced_value_text(Json::parse(R"({"n":[1]})")), R"({"n":[1]})");
  EXPECT_EQ(referenced_value_text(Json(nullptr)), "null");
}

}  // namespace
}  // namespace sfn
