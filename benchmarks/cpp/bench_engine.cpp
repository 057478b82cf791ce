// Engine throughput: state transitions per second (a transition is one *StateEntered event),
// with history recorded, on the shapes of ../shared/bench/defs scaled up as issue #2 asks.
// The map_tasks rows time the engine's side of a Task (events, timers, the request and the
// outcome) with a C++ invoker answering at once: the per-Task engine overhead that Python mocks
// then add to (benchmarks/python/bench_mocks.py).
// Build: cmake -S . -B build/bench -DSFNSIM_BUILD_BENCHMARKS=ON && cmake --build build/bench
// Run:   ./build/bench/cpp/bench_engine
#include <chrono>
#include <cstdio>
#include <string>

#include "asl/parser.h"
#include "engine/execution.h"
#include "service/response_envelopes.h"

namespace {

using sfn::Json;

Json pass_chain(int n) {
  Json states = Json::object();
  for (int i = 0; i < n; ++i) {
    Json s = {{"Type", "Pass"}};
    if (i + 1 < n) {
      s["Next"] = "S" + std::to_string(i + 1);
    } else {
      s["End"] = true;
    }
    states["S" + std::to_string(i)] = s;
  }
  return {{"StartAt", "S0"}, {"States", states}};
}

Json choice_loop() {
  return Json::parse(R"json({"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n",
              "Next": "Inc"}], "Default": "Done"},
    "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"},
            "Next": "Check"},
    "Done": {"Type": "Succeed"}}})json");
}

Json map_items() {
  return Json::parse(R"({"StartAt": "Map", "States": {"Map": {"Type": "Map",
    "ItemsPath": "$.items", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
    "StartAt": "A", "States": {
      "A": {"Type": "Pass", "Parameters": {"v.$": "$.v", "tag": "a"}, "Next": "B"},
      "B": {"Type": "Pass", "End": true}}}, "End": true}}})");
}

// One Task per item: `resource` with `parameters` (none: the item is the input), as
// bench_mocks.py runs it from Python; the results are dropped (ResultPath null).
Json map_tasks(const std::string& resource, const Json& parameters) {
  Json task = {{"Type", "Task"}, {"Resource", resource}, {"End", true}};
  if (!parameters.is_null()) {
    task["Parameters"] = parameters;
    task["OutputPath"] = "$.Payload";
  }
  Json processor = {{"StartAt", "Work"}, {"States", {{"Work", task}}}};
  return {{"StartAt", "Each"},
          {"States",
           {{"Each",
             {{"Type", "Map"},
              {"ItemProcessor", processor},
              {"ResultPath", nullptr},
              {"End", true}}}}}};
}

Json parallel(int branches) {
  Json list = Json::array();
  for (int b = 0; b < branches; ++b) {
    std::string p = "P" + std::to_string(b);
    list.push_back({{"StartAt", p + "a"},
                    {"States",
                     {{p + "a", {{"Type", "Pass"}, {"Next", p + "b"}}},
                      {p + "b", {{"Type", "Pass"}, {"Next", p + "c"}}},
                      {p + "c", {{"Type", "Pass"}, {"End", true}}}}}});
  }
  return {{"StartAt", "Par"},
          {"States", {{"Par", {{"Type", "Parallel"}, {"Branches", list}, {"End", true}}}}}};
}

// The JSONPath equivalent of jsonata_pass_chain below: two fields read per state.
Json parameters_chain(int n) {
  Json chain = pass_chain(n);
  for (auto& [name, s] : chain["States"].items())
    s["Parameters"] = {{"orderId.$", "$.orderId"}, {"amount.$", "$.amount"}};
  return chain;
}

// The same shapes in JSONata: each Pass reads a field of its input with `{% %}` (the cost of a
// JSONata field beside the JSONPath chain above), and a counter loop through variables.
Json jsonata_pass_chain(int n) {
  Json states = Json::object();
  for (int i = 0; i < n; ++i) {
    Json s = {
        {"Type", "Pass"},
        {"Output",
         {{"orderId", "{% $states.input.orderId %}"}, {"amount", "{% $states.input.amount %}"}}}};
    if (i + 1 < n) {
      s["Next"] = "S" + std::to_string(i + 1);
    } else {
      s["End"] = true;
    }
    states["S" + std::to_string(i)] = s;
  }
  return {{"QueryLanguage", "JSONata"}, {"StartAt", "S0"}, {"States", states}};
}

Json jsonata_choice_loop() {
  return Json::parse(R"json({"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Assign": {"i": 0, "n": "{% $states.input.n %}"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $i < $n %}", "Next": "Inc"}],
              "Default": "Done"},
    "Inc": {"Type": "Pass", "Assign": {"i": "{% $i + 1 %}"}, "Next": "Check"},
    "Done": {"Type": "Succeed", "Output": {"i": "{% $i %}"}}}})json");
}

std::size_t transitions(const sfn::engine::Execution& ex) {
  std::size_t n = 0;
  for (const auto& e : ex.history()) {
    auto name = sfn::engine::to_string(e.type);
    if (name.size() > 7 && name.substr(name.size() - 7) == "Entered") ++n;
  }
  return n;
}

void bench(const char* label, const Json& definition, const Json& input, int repeats,
           const sfn::engine::TaskInvoker& invoker = {}, std::size_t items = 0) {
  auto machine = sfn::asl::compile(definition);
  if (!machine.ok()) {
    std::printf("%s: definition rejected: %s\n", label,
                sfn::asl::format_invalid_definition(machine.error()).c_str());
    return;
  }
  auto shared_input = sfn::share(input);
  std::size_t total = 0, events = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < repeats; ++r) {
    sfn::engine::ExecutionInfo info;
    info.name = "bench";
    // Shapes scaled past AWS's 25,000-event history (a Standard execution would fail): the
    // engine's throughput is measured without that limit, as an Express execution runs.
    sfn::engine::Limits limits;
    limits.max_history_events = 0;
    sfn::engine::Execution ex(machine.value(), info, shared_input, invoker, limits);
    ex.run_virtual();
    if (ex.status() != sfn::engine::ExecutionStatus::Succeeded) {
      std::printf("%s: execution %s\n", label, std::string(to_string(ex.status())).c_str());
      return;
    }
    total += transitions(ex);
    events += ex.history().size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-28s %10.0f transitions/s  (%zu transitions, %zu events, %.3f s)", label,
              static_cast<double>(total) / seconds, total, events, seconds);
  if (items) {
    std::printf("  %.2f us per item", seconds * 1e6 / static_cast<double>(items * repeats));
  }
  std::printf("\n");
}

}  // namespace

int main() {
  Json small = Json::parse(
      R"({"orderId": "o-1", "amount": 42, "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]})");
  bench("pass_chain_1000", pass_chain(1000), small, 200);
  bench("choice_loop (n=100000)", choice_loop(), Json{{"n", 100000}}, 1);
  Json items = Json::array();
  for (int i = 0; i < 10000; ++i) items.push_back({{"v", i}});
  bench("map_items (10000 items)", map_items(), Json{{"items", items}}, 1);
  bench("parallel_10", parallel(10), Json{{"x", 1}}, 2000);

  // The engine's side of a Task, against a Map of Pass states over the same items.
  Json ids = Json::array();
  for (int i = 0; i < 10000; ++i) ids.push_back({{"id", i}});
  auto constant = [](const sfn::engine::TaskRequest&) {
    return sfn::engine::TaskOutcome::success(Json{{"id", 1}, {"double", 2}});
  };
  // lambda:invoke's response around each result, as the service builds it for a mocked function
  // (service/response_envelopes.h): the envelope's share of a Task.
  auto invoke_response = [](const sfn::engine::TaskRequest& request) {
    return sfn::engine::TaskOutcome::success(sfn::service::lambda_invoke_response(
        Json{{"id", 1}, {"double", 2}}, "0123abcd-0000-1111-2222-333344445555", request.now_ms));
  };
  Json pass_map = map_tasks("arn:unused", nullptr);
  pass_map["States"]["Each"]["ItemProcessor"]["States"]["Work"] = {{"Type", "Pass"}, {"End", true}};
  bench("map_pass (10000 items)", pass_map, ids, 5, {}, ids.size());
  bench("map_tasks lambda arn", map_tasks("arn:aws:lambda:us-east-1:1:function:f", nullptr), ids, 5,
        constant, ids.size());
  bench("map_tasks lambda:invoke",
        map_tasks("arn:aws:states:::lambda:invoke", {{"FunctionName", "f"}, {"Payload.$", "$"}}),
        ids, 5, invoke_response, ids.size());
  bench("parameters_chain_1000", parameters_chain(1000), small, 200);
  bench("jsonata_pass_chain_1000", jsonata_pass_chain(1000), small, 200);
  bench("jsonata_choice_loop (n=100000)", jsonata_choice_loop(), Json{{"n", 100000}}, 1);
  return 0;
}
