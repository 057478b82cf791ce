// Deep input on a thread whose stack is small (musl's 128 KiB default, threading.stack_size(),
// a CI runner's `ulimit -s`): every recursion over user input stops with its clean error where
// the stack nearly ends, never with a crash (common/stack.h). The depth counts alone hold only
// on the 8 MiB stack the rest of this suite runs on.
#include <gtest/gtest.h>

#include <string>

#include "common/random.h"
#include "common/stack.h"
#include "jsonata/jsonata.h"
#include "path/jsonpath.h"
#include "payload/payload_template.h"
#include "stack_test_support.h"

namespace sfn {
namespace {

using sfn::testing::on_stack;

constexpr std::size_t kSmallStack = 256 * 1024;
constexpr const char* kNoStackSize = "a thread's stack size cannot be chosen here";

// Room left, measured where it is asked: a frame `kFrame` bytes deeper has that much less.
std::size_t remaining_below(int frames) {
  constexpr std::size_t kFrame = 4096;
  volatile char frame[kFrame];
  frame[0] = 0;
  if (frames > 0) return remaining_below(frames - 1) + frame[0];
  return stack::remaining();
}

TEST(SmallStack, RemainingIsMeasuredOnTheThreadItself) {
  std::size_t top = 0;
  std::size_t deeper = 0;
  const bool ran = on_stack(kSmallStack, [&] {
    top = remaining_below(0);
    deeper = remaining_below(10);
  });
  if (!ran) GTEST_SKIP() << kNoStackSize;
  EXPECT_GT(top, 0u);
  EXPECT_LT(deeper + 10 * 4096, top + 1024);  // frames may hold a little more than the array
  EXPECT_GT(deeper, 0u);
}

std::string jsonata_code(const std::string& expr, const Json* input, int max_depth) {
  auto compiled = jsonata::compile(expr);
  if (!compiled) return compiled.error().code;
  jsonata::Options options;
  options.max_depth = max_depth;
  options.time_limit = std::chrono::seconds(10);
  auto r = jsonata::evaluate(*compiled, input, {}, options);
  return r ? std::string("ok") : r.error().code;
}

TEST(SmallStack, JsonataRecursionEndsWithItsStackOverflowError) {
  std::string recursion, parens, value;
  const bool ran = on_stack(kSmallStack, [&] {
    // non-tail recursion allowed 100,000 levels by the caller's own max_depth
    recursion = jsonata_code("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))",
                             nullptr, 100000);
    // within kMaxSyntaxDepth, beyond what 256 KiB holds
    parens = jsonata_code(std::string(999, '(') + "1" + std::string(999, ')'), nullptr, 500);
    Json deep = 1;
    for (int i = 0; i < 999; ++i) deep = Json::array({std::move(deep)});
    value = jsonata_code("$string($)", &deep, 500);
  });
  if (!ran) GTEST_SKIP() << kNoStackSize;
  EXPECT_EQ(recursion, "U1001");
  EXPECT_TRUE(parens == "U1001" || parens == "ok") << parens;
  EXPECT_TRUE(value == "U1001" || value == "ok") << value;
}

TEST(SmallStack, JsonPathDeepScanEndsWithAnError) {
  bool scan_ok = true;
  bool filter_done = false;
  const bool ran = on_stack(kSmallStack, [&] {
    Json deep = Json::object();
    for (int i = 0; i < 2900; ++i) deep = Json{{"a", std::move(deep)}};
    path::Scope scope;
    scope.input = &deep;
    scan_ok = path::select(*path::compile("$..a[?(@.a)]"), scope).ok();
    auto filter = path::select(*path::compile("$[?(@..a)]"), scope);
    filter_done = filter.ok() || !filter.error().message.empty();
  });
  if (!ran) GTEST_SKIP() << kNoStackSize;
  EXPECT_FALSE(scan_ok);
  EXPECT_TRUE(filter_done);
}

// A template as deep as the parser allows (kMaxDepth) with a path at the bottom, so that both the
// compiler and the evaluator walk every level: either the template works or the compiler names
// the stack, on a thread too small for 999 levels of either walk.
TEST(SmallStack, DeepPayloadTemplateCompilesOrNamesTheStack) {
  std::string outcome;
  const bool ran = on_stack(kSmallStack, [&] {
    Json tpl = Json{{"v.$", "$.x"}};
    for (int i = 0; i < 999; ++i) tpl = Json{{"a", std::move(tpl)}};
    auto compiled = payload::compile(tpl, "/Parameters");
    if (!compiled) {
      outcome = compiled.error().front().message;
      return;
    }
    const Json input = Json{{"x", 1}};
    path::Scope scope;
    scope.input = &input;
    Rng rng(1);
    auto out = payload::evaluate(*compiled, scope, rng);
    outcome = out.ok() ? "ok" : "failed: " + out.error().cause;
  });
  if (!ran) GTEST_SKIP() << kNoStackSize;
  EXPECT_TRUE(outcome == "ok" ||
              outcome.find("too deeply for this thread's stack") != std::string::npos)
      << outcome;
}

}  // namespace
}  // namespace sfn
