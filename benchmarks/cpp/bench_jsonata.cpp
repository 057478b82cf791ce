// JSONata throughput: evaluations per second of compiled expressions over a fixed input.
// Build with -DSFNSIM_BUILD_BENCHMARKS=ON (Release) and run ./bench_jsonata.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "jsonata/jsonata.h"

namespace {

using sfn::Json;
namespace jsonata = sfn::jsonata;

Json make_orders(int n) {
  Json orders = Json::array();
  const char* const kCategories[] = {"books", "games", "music", "tools"};
  for (int i = 0; i < n; ++i) {
    orders.push_back(Json{{"id", i},
                          {"customer", "customer-" + std::to_string(i % 97)},
                          {"category", kCategories[i % 4]},
                          {"price", (i % 50) * 1.25 + 0.99},
                          {"quantity", 1 + i % 7},
                          {"tags", Json::array({"t" + std::to_string(i % 3), "x"})}});
  }
  return Json{{"orders", orders}};
}

struct Case {
  const char* name;
  const char* expr;
};

}  // namespace

int main() {
  const Json json = make_orders(1000);
  // The input is converted once, as the engine does for a state's input; the Json overload
  // would convert it on every call (measured separately below).
  const jsonata::Document input(json);
  const Case cases[] = {
      {"path with predicate over 1,000 objects", "orders[price > 30 and category = 'books'].id"},
      {"$map/$filter/$reduce chain",
       "$reduce($filter($map(orders, function($o){ $o.price * $o.quantity }), "
       "function($v){ $v > 20 }), function($a, $b){ $a + $b }, 0)"},
      {"string functions",
       "$join(orders[id < 200].($uppercase($substring(customer, 0, 8)) & '-' & "
       "$pad($string(id), 5, '0') & $replace(category, /o+/, '0')), ',')"},
      {"object constructor with grouping",
       "orders{category: {'count': $count(id), 'total': $sum(price)}}"},
      {"sort and aggregate", "$sum((orders^(>price))[[0..99]].quantity)"},
      {"small expression on small input", "$string(orders[0].price * 2)"},
      {"regex $match with groups, 1,000 strings",
       "orders.$match(customer, /(\\w+)-(\\d+)/).groups[1]"},
      {"regex $replace over a 12 KB string",
       "$replace($join(orders.customer, ' '), /customer-(\\d*7)\\b/i, 'c$1')"},
  };
  std::printf("%-42s %12s %14s\n", "benchmark", "evals/s", "ms/eval");
  for (const Case& c : cases) {
    auto expr = jsonata::compile(c.expr);
    if (!expr) {
      std::printf("%s: compile error %s\n", c.name, jsonata::describe(expr.error()).c_str());
      return 1;
    }
    jsonata::Options options;
    options.time_limit = std::chrono::seconds(60);
    // warm up, and check it works
    auto first = jsonata::evaluate(*expr, &input, {}, options);
    if (!first) {
      std::printf("%s: %s\n", c.name, jsonata::describe(first.error()).c_str());
      return 1;
    }
    int iterations = 0;
    auto start = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed{};
    do {
      auto r = jsonata::evaluate(*expr, &input, {}, options);
      if (!r) return 1;
      ++iterations;
      elapsed = std::chrono::steady_clock::now() - start;
    } while (elapsed.count() < 1.0);
    double per_second = iterations / elapsed.count();
    std::printf("%-42s %12.0f %14.3f\n", c.name, per_second, 1000.0 / per_second);
  }
  {
    // the cost of converting the 1,000-order input on each call
    auto expr = jsonata::compile("orders[0].id");
    int iterations = 0;
    auto start = std::chrono::steady_clock::now();
    std::chrono::duration<double> elapsed{};
    do {
      auto r = jsonata::evaluate(*expr, &json);
      if (!r) return 1;
      ++iterations;
      elapsed = std::chrono::steady_clock::now() - start;
    } while (elapsed.count() < 1.0);
    double per_second = iterations / elapsed.count();
    std::printf("%-42s %12.0f %14.3f\n", "same input as Json (converted per call)", per_second,
                1000.0 / per_second);
  }
  return 0;
}
