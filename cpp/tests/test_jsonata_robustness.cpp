// Randomized robustness: thousands of mutated and generated expressions, evaluated under tight
// limits. Nothing may crash, hang or throw out of the API; every failure must be an Error.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <random>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {
namespace {

std::vector<std::string> seed_expressions() {
  std::vector<std::string> seeds = {
      "Account.Order.Product[Price > 30].SKU",
      "$sum(Account.Order.Product.(Price * Quantity))",
      "Account.Order{OrderID: $sum(Product.Price)}",
      "**.Price ^(>$)",
      "Account.Order.Product.%.OrderID",
      "Account.Order#$i.Product@$p.{'i': $i, 'sku': $p.SKU}",
      "($f := function($n){$n <= 1 ? 1 : $n * $f($n - 1)}; $f(10))",
      "$map([1..10], function($v, $i){ $v * $i }) ~> $filter(function($x){$x % 2 = 0})",
      "$reduce([1,2,3], function($a, $b){ $a + $b }, 0)",
      "$replace('hello world', /o(r)?/i, function($m){ $uppercase($m.match) })",
      "$split('a,b;c', /[,;]/) ~> $join('-')",
      "$formatNumber(1234.5, '#,##0.00') & $formatInteger(42, 'w')",
      "$fromMillis(1700000000000, '[Y]-[M01]-[D01] [H]:[m]') & $toMillis('2023-01-01T00:00:00Z')",
      "| Account.Order | {'n': 1}, ['OrderID'] |",
      "$substring('héllo😀', 1, 3) & $pad('x', -5, '*')",
      "[1,2,3][$ > 1] = [2, 3] and true or false",
      "{'a': [1,2], 'b': {'c': null}}.*",
      "$string({'x': 1/3}, true)",
      "$sort(Account.Order.Product, function($a, $b){ $a.Price > $b.Price })",
      "$each({'a': 1}, function($v, $k){ $k & $v })",
      "$match('a1b2c3', /[a-z](\\d)/, 2).groups",
      "$spread({'a':1,'b':2}) ~> $merge()",
      "$lookup(Account, 'Order')[0].Product[-1]",
      "$number('0x1F') + $round(2.5) + $floor(-1.5)",
      "$base64encode('x') & $encodeUrlComponent('a b') & $decodeUrl('%20')",
      "(a := 1; $a)",
      "function($x)<n:n>{$x}(1)",
      "$zip([1],[2])",
      "$distinct([1,1])",
      "$keys($)",
  };
  std::ifstream in(SFNSIM_SHARED_DIR "/jsonata-suite/cases.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    Json c = Json::parse(line, nullptr, false);
    if (!c.is_discarded() && c.contains("expr")) seeds.push_back(c["expr"].get<std::string>());
  }
  return seeds;
}

const char* const kTokens[] = {"(",        ")",     "[",      "]",          "{",
                               "}",        ".",     ",",      ";",          ":",
                               "?",        "+",     "-",      "*",          "/",
                               "%",        "|",     "=",      "!=",         "<",
                               ">",        "<=",    ">=",     "&",          "and",
                               "or",       "in",    "~>",     ":=",         "..",
                               "**",       "@$x",   "#$i",    "^(",         "$",
                               "$$",       "$x",    "'s'",    "\"é\"",      "1",
                               "0",        "-1",    "1e308",  "null",       "true",
                               "[]",       "{}",    "/a*/",   "/(a|b)+$/i", "function($a){$a}",
                               "$string(", "$map(", "$sort(", "$match(",    "$f(",
                               "%",        "`k`",   "\\",     "'",          "\"",
                               "/*",       "*/",    "\xff",   "😀"};

std::string mutate(const std::string& s, std::mt19937& rng) {
  std::string out = s;
  int edits = 1 + static_cast<int>(rng() % 3);
  for (int e = 0; e < edits; ++e) {
    std::size_t pos = out.empty() ? 0 : rng() % (out.size() + 1);
    switch (rng() % 5) {
      case 0:
        if (!out.empty() && pos < out.size()) out.erase(pos, 1 + rng() % 3);
        break;
      case 1:
        out.insert(pos, kTokens[rng() % (sizeof kTokens / sizeof *kTokens)]);
        break;
      case 2:
        if (!out.empty()) {
          std::size_t a = rng() % out.size();
          std::size_t len = 1 + rng() % std::min<std::size_t>(20, out.size() - a);
          out.insert(pos, out.substr(a, len));
        }
        break;
      case 3:
        if (out.size() > 1) std::swap(out[rng() % out.size()], out[rng() % out.size()]);
        break;
      default:
        if (!out.empty() && pos < out.size()) out[pos] = static_cast<char>(32 + rng() % 95);
    }
  }
  return out;
}

Json sample_input() {
  return Json::parse(R"({"Account": {"Order": [
      {"OrderID": "o1", "Product": [{"SKU": "a", "Price": 10, "Quantity": 2},
                                    {"SKU": "b", "Price": 40.5, "Quantity": 1}]},
      {"OrderID": "o2", "Product": {"SKU": "c", "Price": 3, "Quantity": 7}}]},
    "a": [1, [2, [3]], {"b": "x"}], "s": "héllo", "n": null})");
}

TEST(JsonataRobustness, MutatedExpressionsNeverCrashOrHang) {
  auto seeds = seed_expressions();
  std::mt19937 rng(12345);
  Json input = sample_input();
  Options options;
  options.max_depth = 200;
  options.time_limit = std::chrono::milliseconds(50);
  options.max_memory = 8u << 20;
  Rng random(1);
  options.rng = &random;
  options.now_millis = 1700000000000;
  int evaluated = 0;
  int compiled_ok = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  for (int i = 0; i < 6000 && std::chrono::steady_clock::now() < deadline; ++i) {
    std::string expr = mutate(seeds[rng() % seeds.size()], rng);
    auto compiled = compile(expr);
    if (!compiled) {
      EXPECT_FALSE(compiled.error().code.empty()) << expr;
      continue;
    }
    ++compiled_ok;
    options.aws_dialect = (i % 2) == 0;
    auto started = std::chrono::steady_clock::now();
    auto r = evaluate(*compiled, (i % 3) ? &input : nullptr, {}, options);
    auto took = std::chrono::steady_clock::now() - started;
    EXPECT_LT(took, std::chrono::seconds(2)) << expr;
    if (!r) {
      EXPECT_FALSE(r.error().code.empty()) << expr;
    }
    ++evaluated;
  }
  EXPECT_GT(evaluated, 300);
  EXPECT_GT(compiled_ok, 300);
}

TEST(JsonataRobustness, PathologicalShapesFailCleanly) {
  Options options;
  options.time_limit = std::chrono::milliseconds(500);
  auto run = [&](const std::string& expr) -> std::string {
    auto c = compile(expr);
    if (!c) return c.error().code;
    auto r = evaluate(*c, nullptr, {}, options);
    return r ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(run(std::string(100000, '(') + std::string(100000, ')')), "U1001");
  EXPECT_EQ(run(std::string(100000, '[')), "U1001");
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += "+1";
  EXPECT_EQ(run(chain), "U1001");
  std::string path = "a";
  for (int i = 0; i < 50000; ++i) path += ".a";
  EXPECT_EQ(run(path), "U1001");
  // a value nested 100,000 levels deep, built by tail recursion: output refuses it, and
  // destroying it must not recurse
  options.time_limit = std::chrono::seconds(20);
  EXPECT_EQ(
      run("($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, {'a': $acc}) }; $f(2000, 1))"),
      "U1001");
  EXPECT_EQ(run("($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, {'a': $acc}) }; "
                "$count($f(100000, 1)))"),
            "ok");
  options.time_limit = std::chrono::milliseconds(500);
  // deep input documents
  Json deep = 1;
  for (int i = 0; i < 100000; ++i) deep = Json::array({std::move(deep)});
  auto c = compile("$");
  auto r = evaluate(*c, &deep);
  EXPECT_FALSE(r.ok());
  // long strings and big regex workloads stay bounded by the time limit
  EXPECT_NE(run("$replace($pad('', 100000, 'a'), /(a|aa)*b/, 'x')"), "crash");
}

// Issue 13: work that escaped the time and memory budgets. Each must end with a U100x error
// (or its answer) within the time limit, using memory near the bound, not gigabytes.
TEST(JsonataRobustness, EveryLoopIsChargedToTheBudgets) {
  Options options;
  options.time_limit = std::chrono::milliseconds(500);
  options.max_memory = 6990256;  // AWS's
  auto run = [&](const std::string& expr, const Json* input = nullptr) -> std::string {
    auto c = compile(expr);
    if (!c) return c.error().code;
    auto started = std::chrono::steady_clock::now();
    auto r = evaluate(*c, input, {}, options);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3)) << expr;
    if (!r) return r.error().code;
    return r->kind == Result::Kind::Value ? to_text(r->value) : "undefined";
  };
  // Ranges past 2^53, where adding one no longer changes a double: they end. The literal
  // 9007199254740999 reads as the double 9007199254741000, so the range holds 11 numbers.
  EXPECT_EQ(run("$count([9007199254740990..9007199254740999])"), "11");
  // Nested ranges: each piece is small, the flattened result is not.
  EXPECT_EQ(run("$count([1..3000].([1..3000]))"), "U1002");
  EXPECT_EQ(run("$count([1..300].([1..300]))"), "90000");
  // $keys over many objects: linear, and interrupted by the time limit.
  Json objects = Json::array();
  for (int i = 0; i < 100000; ++i) objects.push_back(Json{{"k" + std::to_string(i), i}});
  EXPECT_EQ(run("$count($keys($))", &objects), "100000");
  EXPECT_EQ(run("$keys([{'a': 1, 'b': 2}, {'b': 3, 'c': 4}])"), R"(["a","b","c"])");
}

}  // namespace
}  // namespace sfn::jsonata
