// Inputs the libFuzzer targets (cpp/fuzz) found to crash, hang, leak or trip a sanitizer, each
// fed again to the code that failed on it. docs/fuzzing.md says how they were found.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "common/random.h"
#include "jsonata/error.h"
#include "jsonata/evaluator.h"
#include "jsonata/jsonata.h"
#include "jsonata/parser.h"
#include "path/java_decimal.h"
#include "path/jsonpath.h"

namespace sfn {
namespace {

// jsonata_fuzzer, LeakSanitizer: a closure bound in the frame it captures
// (`$A := function(){...}`) formed a shared_ptr cycle with it, and every evaluation of such an
// expression leaked its frames. The root frame stays reachable from the cycle, so it expiring
// shows the cycle was broken, whether the evaluation succeeded or failed.
TEST(FuzzRegressions, JsonataClosuresBoundInTheirOwnFrameAreFreed) {
  const char* sources[] = {
      "( $A := function(){$min(2, 3)}; $A() )",  // the fuzzer's input (fails with T0410)
      "($f := function($n){$n <= 1 ? 1 : $f($n - 1)}; $f(5))",
      "($g := $substring(?, 1); $g('abc'))",
      "($h := function($x, $y){$x + $y}(?, 1); $h(2))",
      "($t := | $ | {'a': 1} |; $t({}))",
      "($l := [function(){1}]; $l[0]())",
  };
  for (const char* source : sources) {
    std::weak_ptr<jsonata::Frame> root;
    {
      jsonata::Options options;
      Rng rng;
      jsonata::Evaluator evaluator(options, rng, 0);
      auto env = std::make_shared<jsonata::Frame>();
      root = env;
      try {
        evaluator.evaluate(jsonata::parse(source), jsonata::Value(), env);
      } catch (const jsonata::JError&) {
      }
    }
    EXPECT_TRUE(root.expired()) << source;
  }
  // Through the public API as well: it must still evaluate (the frames are emptied only after).
  auto compiled = jsonata::compile("($f := function($n){$n <= 1 ? 1 : $n * $f($n - 1)}; $f(5))");
  ASSERT_TRUE(compiled.ok());
  auto result = jsonata::evaluate(*compiled, nullptr);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->value, Json(120));
}

Expected<jsonata::Result, jsonata::Error> run_jsonata(const std::string& source) {
  auto compiled = jsonata::compile(source);
  if (!compiled) return compiled.error();
  jsonata::Options options;
  options.aws_dialect = true;
  options.max_depth = 100;
  options.max_memory = 6990256;
  return jsonata::evaluate(*compiled, nullptr, {}, options);
}

// jsonata_fuzzer, UBSan: $fromMillis of a date past JavaScript's range (±8.64e15 ms) has NaN
// fields, and the day-name lookup cast NaN to int. Such a date names no day, as in jsonata-js.
TEST(FuzzRegressions, JsonataDateNamesOfAnInvalidDate) {
  // The fuzzer's input, two stray bytes in its first marker included.
  run_jsonata("$fromMillis(15221000703100000, '[\xbb\xcf] [FNn]')");
  auto r = run_jsonata("$fromMillis(15221000703100000, '[Mn] [Fn]')");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->value, Json("undefined undefined"));
  r = run_jsonata("$fromMillis(0, '[Mn] [Fn]')");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->value, Json("january thursday"));
}

// Found reading the code the finding above led to: widths in date pictures are JavaScript
// numbers, NaN when not a number ("5-x") and as large as written; both were cast to int (UB),
// and a large one padded a part to that many characters without charging the memory budget
// ("[Y,99999999]" built 100 MB).
TEST(FuzzRegressions, JsonataDatePictureWidthsAreNumbersAndCharged) {
  run_jsonata("$fromMillis(0, '[Y,5-x]')");  // UB before; what it yields is not the point
  EXPECT_EQ(run_jsonata("$fromMillis(0, '[Y,6]')")->value, Json("001970"));
  for (const char* source : {"$fromMillis(0, '[Y,99999999]')", "$fromMillis(0, '[M,3000000000]')",
                             "$now('[D,99999999999999999999]')"}) {
    auto r = run_jsonata(source);
    ASSERT_FALSE(r.ok()) << source;
    EXPECT_EQ(r.error().code, "U1002") << source;
  }
}

// Same reading: $round's precision and a regex match's `next` offset were cast from any double.
TEST(FuzzRegressions, JsonataNumbersCastOnlyWithinRange) {
  run_jsonata("$round(1.5, 1e300)");  // UB before; what it yields is not the point
  EXPECT_EQ(run_jsonata("$round(1.25, 1)")->value, Json(1.2));
  EXPECT_EQ(run_jsonata("$round(125, -1)")->value, Json(120));
  auto r = run_jsonata("$formatBase(10, 1e300)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "D3100");
}

// jsonata_fuzzer, out of memory (minimised with -minimize_crash=1): a tail-recursive function
// doubling an array each call grew it to gigabytes, as array constructors and $append were
// not charged to the memory limit. They are now charged like a range of as many numbers.
TEST(FuzzRegressions, JsonataArraysDoubledByRecursionMeetTheMemoryLimit) {
  for (const char* source : {"($f:=function($s){$f([$s,$s])};$f(2))",
                             "($f := function($s, $x)<an:s> { $x > 0 ? $f([$s, $s], $x-0) : $s};  "
                             "$f('a', 2)  )",
                             "($f:=function($s){$f($append($s,$s))};$f([1]))"}) {
    auto started = std::chrono::steady_clock::now();
    auto r = run_jsonata(source);
    ASSERT_FALSE(r.ok()) << source;
    EXPECT_EQ(r.error().code, "U1002") << source;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << source;
  }
  EXPECT_EQ(run_jsonata("[1, [2, 3], $append([4], 5)]")->value, Json::parse("[1, [2, 3], 4, 5]"));
}

// jsonata_fuzzer, UBSan: the year of a date out of range, spelled in words ('[Yw]'), cast NaN
// to int; Infinity (1e308*10) did the same in words and looped without end in letters. Such
// numbers are spelled as decimal pictures spell them.
TEST(FuzzRegressions, JsonataWordsAndLettersOfNumbersThatAreNot) {
  run_jsonata("$fromMillis(15218012155555555555555555555556617, '[Yw]')");  // the input
  for (const char* picture : {"w", "a", "i", "W", "A"}) {
    auto r = run_jsonata(std::string("$formatInteger(1e308*10, '") + picture + "')");
    ASSERT_TRUE(r.ok()) << picture;
    EXPECT_EQ(r->value, Json("Infinity")) << picture;
  }
  EXPECT_EQ(run_jsonata("$formatInteger(21, 'w')")->value, Json("twenty-one"));
  EXPECT_EQ(run_jsonata("$formatInteger(28, 'a')")->value, Json("ab"));
}

// Found reading the path code while the path target ran: a filter's `size` operand is a
// BigDecimal whose intValue() walked every implied trailing zero of `1e2147483647`, about a
// minute of CPU per node compared. Past 32 trailing zeros its low 32 bits are zero.
TEST(FuzzRegressions, PathSizeOfAHugeExponentIsImmediate) {
  using path::detail::Decimal;
  EXPECT_EQ(Decimal::parse("1e2147483647")->int_value(), 0);
  EXPECT_EQ(Decimal::parse("4294967296")->int_value(), 0);
  EXPECT_EQ(Decimal::parse("1e9")->int_value(), 1000000000);
  EXPECT_EQ(Decimal::parse("1e10")->int_value(), 1410065408);  // Java's (int) 10000000000L
  EXPECT_EQ(Decimal::parse("-3.7e1")->int_value(), -37);

  Json doc = Json::parse(R"({"a": [[1], [1, 2], "xy"]})");
  path::Scope scope{&doc, &doc};
  auto started = std::chrono::steady_clock::now();
  auto selected = path::select(*path::compile("$.a[?(@ size 1e2147483647)]"), scope);
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(selected->value(), Json::array());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  selected = path::select(*path::compile("$.a[?(@ size 2)]"), scope);
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(selected->value(), Json::parse(R"([[1, 2], "xy"])"));
}

}  // namespace
}  // namespace sfn
