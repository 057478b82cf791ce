// Micro-benchmark of the path layer: evaluations per second for the shapes that dominate real
// workflows (a definite path, a filter, a deep scan) and for compilation.
// Build with -DSFNSIM_BUILD_BENCHMARKS=ON (Release), run ./build/.../bench_jsonpath.
#include <chrono>
#include <cstdio>
#include <string>

#include "json/json.h"
#include "path/jsonpath.h"

namespace {

using Clock = std::chrono::steady_clock;

sfn::Json make_document() {
  sfn::Json items = sfn::Json::array();
  for (int i = 0; i < 100; ++i) {
    items.push_back({{"id", i},
                     {"name", "item-" + std::to_string(i)},
                     {"price", (i % 17) * 1.25},
                     {"tags", {"a", i % 2 ? "odd" : "even"}},
                     {"detail", {{"depth", {{"value", i}}}}}});
  }
  return {{"order", {{"customer", {{"address", {{"city", "Seattle"}}}}}, {"items", items}}},
          {"threshold", 10}};
}

template <class F>
void measure(const char* label, F&& body) {
  // Run for ~0.5 s after a warm-up; report calls per second.
  for (int i = 0; i < 1000; ++i) body();
  long calls = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    for (int i = 0; i < 1000; ++i) body();
    calls += 1000;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < 0.5);
  std::printf("%-48s %14.0f /s  %9.1f ns/call\n", label, calls / elapsed, elapsed / calls * 1e9);
}

}  // namespace

int main() {
  const sfn::Json doc = make_document();
  sfn::path::Scope scope;
  scope.input = &doc;

  const auto identity = *sfn::path::compile("$");
  const auto definite = *sfn::path::compile("$.order.customer.address.city");
  const auto indexed = *sfn::path::compile("$.order.items[42].detail.depth.value");
  const auto filter = *sfn::path::compile("$.order.items[?(@.price > 15)].id");
  const auto filter_root = *sfn::path::compile("$.order.items[?(@.price > $.threshold)].id");
  const auto regex = *sfn::path::compile("$.order.items[?(@.name =~ /item-4.*/)].id");
  const auto regex_class =
      *sfn::path::compile("$.order.items[?(@.name =~ /(?i)ITEM-\\d*(1|7)[0-9]?/)].id");
  const auto scan = *sfn::path::compile("$..value");
  const auto wildcard = *sfn::path::compile("$.order.items[*].name");

  std::size_t sink = 0;
  auto run = [&](const sfn::path::Path& p) {
    auto s = sfn::path::select(p, scope);
    sink += s.ok() ? (s->ref ? 1 : s->owned.size()) : 0;
  };

  std::printf("document: 100 items, %zu bytes\n", sfn::to_text(doc).size());
  measure("select $", [&] { run(identity); });
  measure("select $.order.customer.address.city", [&] { run(definite); });
  measure("select $.order.items[42].detail.depth.value", [&] { run(indexed); });
  measure("select $.order.items[?(@.price > 15)].id", [&] { run(filter); });
  measure("select $.order.items[?(@.price > $.threshold)].id", [&] { run(filter_root); });
  measure("select $.order.items[?(@.name =~ /item-4.*/)].id", [&] { run(regex); });
  measure("select [?(@.name =~ /(?i)ITEM-\\d*(1|7)[0-9]?/)].id", [&] { run(regex_class); });
  measure("select $..value (deep scan)", [&] { run(scan); });
  measure("select $.order.items[*].name", [&] { run(wildcard); });
  measure("compile $.order.items[?(@.price > 15)].id", [&] {
    auto p = sfn::path::compile("$.order.items[?(@.price > 15)].id");
    sink += p.ok();
  });
  measure("write $.result.value", [&] {
    static const auto target = *sfn::path::compile("$.result.value");
    auto w = sfn::path::write(target, sfn::Json{{"a", 1}}, sfn::Json(2));
    sink += w.ok();
  });
  std::printf("(checksum %zu)\n", sink);
  return 0;
}
