// Payload template and intrinsic evaluation throughput: evaluations per second of compiled
// templates (compiled once, evaluated many times, as the engine does per transition).
// Build: cmake -S . -B build/bench -DSFNSIM_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release
//        && cmake --build build/bench --target bench_intrinsics
// Run:   ./build/bench/cpp/bench_intrinsics
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/random.h"
#include "intrinsics/intrinsics.h"
#include "json/json.h"
#include "payload/payload_template.h"

namespace {

using sfn::Json;

struct Documents {
  Json input = Json::parse(R"({
    "order": {"id": "o-123", "customer": {"name": "Ann", "tier": "gold"}, "total": 99.5},
    "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}, {"sku": "c", "qty": 3}],
    "n": 41, "flags": {"express": true}, "note": "deliver to the back door"})");
  Json context = Json::parse(R"({"Execution": {"Id": "arn:aws:states:us-east-1:1:execution:sm:e",
                                 "Name": "e"}, "State": {"Name": "S", "RetryCount": 0}})");
  Json variable = Json::parse(R"({"region": "eu-west-1"})");
  sfn::path::VariableLookup lookup = [this](std::string_view name) -> const Json* {
    return name == "cfg" ? &variable : nullptr;
  };
  sfn::path::Scope scope() const { return {&input, &context, &lookup}; }
};

// Runs `body` repeatedly for about `seconds`, returns calls per second.
template <class Body>
double per_second(Body&& body, double seconds = 1.0) {
  using Clock = std::chrono::steady_clock;
  long calls = 0;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  while (elapsed() < seconds) {
    for (int i = 0; i < 1000; ++i) body();
    calls += 1000;
  }
  return static_cast<double>(calls) / elapsed();
}

std::size_t g_sink = 0;  // keeps results observable so the work is not optimised away

void report(const char* name, double rate) { std::printf("%-52s %12.0f evals/s\n", name, rate); }

void bench_template(const char* name, const char* text, const Documents& docs) {
  auto tpl = sfn::payload::compile(Json::parse(text), "/Parameters");
  if (!tpl) {
    std::printf("%s: does not compile: %s\n", name, tpl.error().front().message.c_str());
    return;
  }
  sfn::Rng rng(1);
  const sfn::path::Scope scope = docs.scope();
  report(name, per_second([&] {
           auto out = sfn::payload::evaluate(*tpl, scope, rng);
           g_sink += out.ok() ? out.value().size() : 1;
         }));
}

void bench_template_shared(const char* name, const char* text, const Documents& docs) {
  auto tpl = sfn::payload::compile(Json::parse(text), "/Parameters");
  if (!tpl) return;
  sfn::Rng rng(1);
  const sfn::path::Scope scope = docs.scope();
  report(name, per_second([&] {
           auto out = sfn::payload::evaluate_shared(*tpl, scope, rng);
           g_sink += out.ok() ? out.value()->size() : 1;
         }));
}

void bench_intrinsic(const char* name, const char* text, const Documents& docs) {
  auto expr = sfn::intrinsics::compile(text);
  if (!expr) {
    std::printf("%s: does not compile: %s\n", name, expr.error().message.c_str());
    return;
  }
  sfn::Rng rng(1);
  const sfn::path::Scope scope = docs.scope();
  report(name, per_second([&] {
           auto out = sfn::intrinsics::evaluate(*expr, scope, rng, "x.$");
           g_sink += out.ok() ? 1 : 2;
         }));
}

}  // namespace

int main() {
  const Documents docs;
  bench_template("template, 5 paths", R"({
      "id.$": "$.order.id", "customer.$": "$.order.customer.name", "second.$": "$.items[1]",
      "execution.$": "$$.Execution.Name", "region.$": "$cfg.region"})",
                 docs);
  bench_template("template, 5 paths + 3 literals", R"({
      "id.$": "$.order.id", "customer.$": "$.order.customer.name", "second.$": "$.items[1]",
      "execution.$": "$$.Execution.Name", "region.$": "$cfg.region",
      "kind": "order", "version": 2, "meta": {"source": "bench"}})",
                 docs);
  bench_template("template, all literal (precomputed)",
                 R"({"kind": "order", "version": 2, "meta": {"source": "bench", "n": [1, 2]}})",
                 docs);
  bench_template_shared(
      "template, all literal, evaluate_shared",
      R"({"kind": "order", "version": 2, "meta": {"source": "bench", "n": [1, 2]}})", docs);
  bench_template_shared("template, 5 paths, evaluate_shared", R"({
      "id.$": "$.order.id", "customer.$": "$.order.customer.name", "second.$": "$.items[1]",
      "execution.$": "$$.Execution.Name", "region.$": "$cfg.region"})",
                        docs);
  bench_intrinsic("States.MathAdd($.n, 1)", "States.MathAdd($.n, 1)", docs);
  bench_template("template {\"n.$\": \"States.MathAdd($.n, 1)\"}",
                 R"json({"n.$": "States.MathAdd($.n, 1)"})json", docs);
  bench_intrinsic("States.Format('{} ordered {}', $.order.customer.name, $.order.id)",
                  "States.Format('{} ordered {}', $.order.customer.name, $.order.id)", docs);
  bench_intrinsic("States.JsonToString($.order)", "States.JsonToString($.order)", docs);
  bench_intrinsic("States.Hash($.note, 'SHA-256')", "States.Hash($.note, 'SHA-256')", docs);
  bench_intrinsic("States.ArrayLength($.items)", "States.ArrayLength($.items)", docs);
  std::printf("(sink %zu)\n", g_sink);
  return 0;
}
