// Step Functions' JSONata dialect (Options::aws_dialect): no $eval, and the functions AWS adds,
// with the behaviour measured on AWS (shared/reference/asl-semantics.md §3).
#include <gtest/gtest.h>

#include <regex>

#include "jsonata_test_util.h"

namespace sfn::jsonata {
namespace {

using testing::aws;
using testing::outcome;

TEST(JsonataAws, EvalIsNotAFunction) {
  EXPECT_EQ(aws("$eval('1+1')"), "error T1006");
  EXPECT_EQ(outcome("$eval('1+1')"), "2");
}

TEST(JsonataAws, AddedFunctionsExistOnlyInTheDialect) {
  EXPECT_EQ(outcome("$uuid()"), "error T1006");
  EXPECT_EQ(outcome("$partition([1,2], 1)"), "error T1006");
}

TEST(JsonataAws, Partition) {
  EXPECT_EQ(aws("$partition([1,2,3,4], 2)"), "[[1,2],[3,4]]");
  EXPECT_EQ(aws("$partition([1,2,3,4,5], 2)"), "[[1,2],[3,4],[5]]");
  EXPECT_EQ(aws("$partition([1,2,3], 10)"), "[[1,2,3]]");
  EXPECT_EQ(aws("$partition([\"a\"], 3)"), "[[\"a\"]]");  // jsonata.md A2: one chunk stays nested
  EXPECT_EQ(aws("$partition([1,2,3])"), "[[1,2,3]]");
  EXPECT_EQ(aws("$partition([1,2,3], 2.9)"), "[[1,2],[3]]");
  EXPECT_EQ(aws("$partition([1,2], -1)"), "error D3137");
  EXPECT_EQ(aws("$partition([1,2], -0.5)"), "undefined");
  EXPECT_EQ(aws("$partition([1,2], 0)"), "undefined");
  EXPECT_EQ(aws("$partition([], 2)"), "undefined");
  EXPECT_EQ(aws("$partition($nothing, 2)"), "undefined");
  EXPECT_EQ(aws("$partition('abc', 2)"), "error T0412");
  EXPECT_EQ(aws("$partition([1], 'x')"), "error T0410");
  EXPECT_EQ(aws("$partition([1], 1, 2)"), "error T0410");
}

TEST(JsonataAws, Range) {
  EXPECT_EQ(aws("$range(0, 6, 2)"), "[0,2,4,6]");
  EXPECT_EQ(aws("$range(0, 5, 2)"), "[0,2,4]");
  EXPECT_EQ(aws("$range(-1.7, 2, 1)"), "[-1,0,1,2]");
  EXPECT_EQ(aws("$range(5, 1, -2)"), "[5,3,1]");
  EXPECT_EQ(aws("$range(3, 3, 1)"), "3");
  // jsonata.md A1: a one-number range is that number, as a sequence of one is
  EXPECT_EQ(aws("$range(2, 7, 10)"), "2");
  EXPECT_EQ(aws("$range(4, -3, -8)"), "4");
  EXPECT_EQ(aws("$range(2, 7, 10)[0]"), "2");
  EXPECT_EQ(aws("[$range(2, 7, 10)]"), "[2]");
  EXPECT_EQ(aws("$range(2, 4, 2)"), "[2,4]");
  EXPECT_EQ(aws("$range(1, 5, 0)"), "undefined");
  EXPECT_EQ(aws("$range(5, 1, 1)"), "undefined");
  EXPECT_EQ(aws("$range(1, 5)"), "undefined");
  EXPECT_EQ(aws("$count($range(1, 200000, 1))"), "200000");
  EXPECT_EQ(aws("$range('a', 5, 1)"), "error T0410");
}

TEST(JsonataAws, Hash) {
  EXPECT_EQ(aws("$hash('input', 'SHA-1')"), "\"140f86aae51ab9e1cda9b4254fe98a74eb54c1a1\"");
  EXPECT_EQ(aws("$hash('abc', 'MD5')"), "\"900150983cd24fb0d6963f7d28e17f72\"");
  EXPECT_EQ(aws("$hash('abc', 'SHA-256')"),
            "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
  EXPECT_EQ(
      aws("$hash('abc', 'SHA-384')"),
      "\"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baec"
      "a134c825a7\"");
  EXPECT_EQ(
      aws("$hash('abc', 'SHA-512')"),
      "\"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
      "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f\"");
  EXPECT_EQ(aws("$hash('', 'MD5')"), "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(aws("$hash('é', 'SHA-1')"), "\"bf15be717ac1b080b4f1c456692825891ff5073d\"");
  EXPECT_EQ(aws("$hash('abc')"), "undefined");
  EXPECT_EQ(aws("$hash('abc', 'SHA-3')"), "error D3137");
  EXPECT_EQ(aws("$hash(1, 'MD5')"), "error T0410");
}

TEST(JsonataAws, SeededRandomIsJavaUtilRandom) {
  EXPECT_EQ(aws("$random(42)"), "0.7275636800328681");
  EXPECT_EQ(aws("$random(42.9)"), "0.7275636800328681");
  EXPECT_EQ(aws("$random(0)"), "0.730967787376657");
  EXPECT_EQ(aws("$random(-5)"), "0.26930095796932485");
  std::string r = aws("$random()");
  double v = std::stod(r);
  EXPECT_GE(v, 0);
  EXPECT_LT(v, 1);
}

TEST(JsonataAws, Uuid) {
  std::string u = aws("$uuid()");
  EXPECT_TRUE(std::regex_match(
      u, std::regex("\"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\"")))
      << u;
  EXPECT_EQ(aws("$uuid(1)"), "error T0410");
}

TEST(JsonataAws, Parse) {
  EXPECT_EQ(aws("$parse('{\"a\":1}').a"), "1");
  EXPECT_EQ(aws("$parse('[1,null]')"), "[1,null]");
  EXPECT_EQ(aws("$parse('nope')"), "error D3137");
  EXPECT_EQ(aws("$parse('')"), "error D3137");
  EXPECT_EQ(aws("$parse(1)"), "error T0410");
}

TEST(JsonataAws, NonFiniteNumbersComeBackAsStrings) {
  EXPECT_EQ(aws("[1/0]"), "[\"Infinity\"]");
  EXPECT_EQ(aws("{'k': -1/0}"), "{\"k\":\"-Infinity\"}");
}

TEST(JsonataAws, MeasuredMemoryBoundWhenConfigured) {
  Options o;
  o.aws_dialect = true;
  o.max_memory = 6990256;  // AWS: [1..873782] accepted, one more refused
  EXPECT_EQ(testing::outcome("$count([1..873782])", nullptr, o), "873782");
  EXPECT_EQ(testing::outcome("$count([1..873783])", nullptr, o), "error U1002");
  EXPECT_EQ(testing::outcome("$sum([1..900000])", nullptr, o), "error U1002");
  EXPECT_EQ(testing::outcome("$length($pad('', 4194304, 'x'))", nullptr, o), "4194304");
  EXPECT_EQ(testing::outcome("$length($pad('', 8388608, 'x'))", nullptr, o), "error U1002");
}

TEST(JsonataAws, FormatNumberWithoutDigitsIsD3086) {
  EXPECT_EQ(aws("$formatNumber(1, 'x')"), "error D3086");
}

}  // namespace
}  // namespace sfn::jsonata
