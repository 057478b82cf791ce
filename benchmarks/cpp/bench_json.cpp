// Micro-benchmark of the json layer's writers and checks, which every payload goes through:
// to_text (history events, API responses) against nlohmann's recursive dump(), measure_text
// (the 256 KiB and nesting checks on every state output) and parse_text (every input).
// Build with -DSFNSIM_BUILD_BENCHMARKS=ON (Release), run ./build/.../bench_json.
#include <chrono>
#include <cstdio>
#include <string>

#include "json/json.h"

namespace {

using Clock = std::chrono::steady_clock;

// An order as workflows pass them around: about 2 KB.
sfn::Json order() {
  sfn::Json items = sfn::Json::array();
  for (int i = 0; i < 12; ++i) {
    items.push_back({{"sku", "SKU-" + std::to_string(1000 + i)},
                     {"quantity", i % 4 + 1},
                     {"price", 9.99 + i},
                     {"tags", {"new", i % 2 ? "odd" : "even"}}});
  }
  return {{"orderId", "o-12345"},
          {"customer", {{"id", "c-9"}, {"name", "Ada Lovelace"}, {"vip", true}}},
          {"items", items},
          {"note", "line one\nline \"two\" caf\xc3\xa9"}};
}

// Near the payload limit: 2,000 records, about 240 KB.
sfn::Json big() {
  sfn::Json rows = sfn::Json::array();
  for (int i = 0; i < 2000; ++i) {
    rows.push_back({{"id", i},
                    {"name", "record-" + std::to_string(i)},
                    {"score", i * 0.5},
                    {"payload", std::string(64, static_cast<char>('a' + i % 26))}});
  }
  return {{"rows", rows}};
}

sfn::Json nested(int depth) {
  sfn::Json v = sfn::Json::array();
  for (int i = 1; i < depth; ++i) v = sfn::Json::array({std::move(v)});
  return v;
}

template <class F>
void measure(const char* label, F&& body) {
  for (int i = 0; i < 10; ++i) body();
  long calls = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    for (int i = 0; i < 10; ++i) body();
    calls += 10;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < 0.5);
  std::printf("%-44s %12.0f /s  %10.2f us/call\n", label, calls / elapsed, elapsed / calls * 1e6);
}

}  // namespace

int main() {
  std::size_t sink = 0;
  for (const auto& [name, value] :
       {std::pair{"order (2 KB)", order()}, std::pair{"big (240 KB)", big()},
        std::pair{"nested 1,000 levels", nested(1000)}}) {
    std::printf("-- %s\n", name);
    measure("to_text (iterative)", [&] { sink += sfn::to_text(value).size(); });
    measure("nlohmann dump (recursive)", [&] {
      sink += value.dump(-1, ' ', false, sfn::Json::error_handler_t::replace).size();
    });
    measure("measure_text (size and depth)", [&] { sink += sfn::measure_text(value).bytes; });
    const std::string text = sfn::to_text(value);
    measure("parse_text (with the depth check)", [&] {
      sfn::Json out;
      std::string error;
      sink += sfn::parse_text(text, out, error) ? 1 : 0;
    });
    measure("nlohmann parse", [&] { sink += sfn::Json::parse(text).size(); });
  }
  std::printf("(%zu)\n", sink);
}
