// Definitions parsed and compiled per second: a 100-state definition that uses every state type,
// paths, payload templates, intrinsics, retries, catchers and choice rules; and the 1,000-state
// Pass chain of ../shared/bench (issue 14's "compiling a 1,000-state definition" row), built here
// in the same shape so the benchmark needs no files.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "asl/parser.h"
#include "json/json.h"

namespace {

std::string hundred_state_definition() {
  sfn::Json states = sfn::Json::object();
  const int kGroups = 10;  // 10 states per group
  for (int g = 0; g < kGroups; ++g) {
    std::string p = std::string("G") + std::to_string(g) + "_";
    std::string next_group =
        g + 1 < kGroups ? std::string("G") + std::to_string(g + 1) + "_Pass" : std::string("Done");
    states[p + "Pass"] = {
        {"Type", "Pass"},
        {"Parameters", {{"id.$", "$.id"}, {"label.$", "States.Format('item {}', $.id)"}}},
        {"ResultPath", "$.pass"},
        {"Next", p + "Task"}};
    states[p + "Task"] = {
        {"Type", "Task"},
        {"Resource", "arn:aws:states:::lambda:invoke"},
        {"Parameters",
         {{"FunctionName", "arn:aws:lambda:us-east-1:111111111111:function:f"},
          {"Payload.$", "$"}}},
        {"ResultSelector", {{"body.$", "$.Payload"}}},
        {"ResultPath", "$.task"},
        {"TimeoutSeconds", 30},
        {"Retry",
         sfn::Json::array({{{"ErrorEquals", {"Lambda.ServiceException"}}, {"MaxAttempts", 2}},
                           {{"ErrorEquals", {"States.ALL"}}, {"BackoffRate", 1.5}}})},
        {"Catch",
         sfn::Json::array(
             {{{"ErrorEquals", {"States.ALL"}}, {"Next", p + "Fail"}, {"ResultPath", "$.error"}}})},
        {"Next", p + "Choice"}};
    states[p + "Choice"] = {
        {"Type", "Choice"},
        {"Choices",
         sfn::Json::array(
             {{{"And", sfn::Json::array({{{"Variable", "$.task.body.ok"}, {"BooleanEquals", true}},
                                         {{"Variable", "$.count"}, {"NumericLessThan", 10}}})},
               {"Next", p + "Wait"}},
              {{"Variable", "$.when"},
               {"TimestampLessThanPath", "$.deadline"},
               {"Next", p + "Map"}}})},
        {"Default", p + "Parallel"}};
    states[p + "Wait"] = {{"Type", "Wait"}, {"SecondsPath", "$.delay"}, {"Next", p + "Map"}};
    states[p + "Map"] = {
        {"Type", "Map"},
        {"ItemsPath", "$.items"},
        {"ItemSelector", {{"value.$", "$$.Map.Item.Value"}, {"index.$", "$$.Map.Item.Index"}}},
        {"MaxConcurrency", 4},
        {"ItemProcessor",
         {{"StartAt", p + "Inner"},
          {"States", {{p + "Inner", {{"Type", "Pass"}, {"End", true}}}}}}},
        {"ResultPath", "$.mapped"},
        {"Next", p + "Parallel"}};
    states[p + "Parallel"] = {
        {"Type", "Parallel"},
        {"Branches", sfn::Json::array({{{"StartAt", p + "B1"},
                                        {"States", {{p + "B1", {{"Type", "Succeed"}}}}}}})},
        {"Next", p + "Assign"}};
    states[p + "Assign"] = {
        {"Type", "Pass"}, {"Assign", {{"last.$", "$.id"}, {"n", 1}}}, {"Next", p + "Sdk"}};
    states[p + "Sdk"] = {{"Type", "Task"},
                         {"Resource", "arn:aws:states:::aws-sdk:s3:getObject"},
                         {"Parameters", {{"Bucket", "b"}, {"Key.$", "$.key"}}},
                         {"Next", p + "Sqs"}};
    states[p + "Sqs"] = {
        {"Type", "Task"},
        {"Resource", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"},
        {"Parameters", {{"QueueUrl", "q"}, {"MessageBody", {{"token.$", "$$.Task.Token"}}}}},
        {"HeartbeatSeconds", 60},
        {"Next", next_group}};
    states[p + "Fail"] = {
        {"Type", "Fail"}, {"ErrorPath", "$.error.Error"}, {"CausePath", "$.error.Cause"}};
  }
  states["Done"] = {{"Type", "Succeed"}};
  sfn::Json definition = {{"Comment", "benchmark"}, {"StartAt", "G0_Pass"}, {"States", states}};
  return definition.dump();
}

std::string pass_chain_definition(int n) {
  sfn::Json states = sfn::Json::object();
  for (int i = 0; i < n; ++i) {
    std::string name = "S" + std::to_string(i);
    if (i + 1 < n) {
      states[name] = {{"Type", "Pass"}, {"Next", "S" + std::to_string(i + 1)}};
    } else {
      states[name] = {{"Type", "Pass"}, {"End", true}};
    }
  }
  return sfn::Json{{"StartAt", "S0"}, {"States", states}}.dump();
}

// Parses `text` for about two seconds (after a warm-up) and prints wall and CPU time per parse.
// The compiled machine is freed inside the timed loop, as a run that compiles it frees it.
bool measure(const char* label, const std::string& text) {
  auto first = sfn::asl::parse(text);
  if (!first) {
    std::fprintf(stderr, "benchmark definition refused:\n%s\n",
                 sfn::asl::format_invalid_definition(first.error()).c_str());
    return false;
  }
  std::size_t states = first.value()->graph.states.size();
  for (int i = 0; i < 20; ++i) (void)sfn::asl::parse(text);  // warm up

  using clock = std::chrono::steady_clock;
  int iterations = 0;
  std::clock_t cpu_start = std::clock();
  auto start = clock::now();
  double elapsed = 0;
  while (elapsed < 2.0) {
    for (int i = 0; i < 50; ++i) {
      auto result = sfn::asl::parse(text);
      if (!result) return false;
    }
    iterations += 50;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  // CPU time as well as wall time: on a shared machine the wall clock also counts other processes.
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf(
      "bench_asl_parse %s: %zu top-level states (%zu bytes): %d parses in %.2f s = %.0f "
      "definitions/s (%.1f us each); CPU %.1f us each (%.2f us per state)\n",
      label, states, text.size(), iterations, elapsed, iterations / elapsed,
      1e6 * elapsed / iterations, 1e6 * cpu / iterations, 1e6 * cpu / iterations / states);
  return true;
}

// The heap a compiled 1,000-state chain keeps (glibc's count of allocated bytes, the chunks it
// maps on its own included, before and after compiling it and keeping the machine).
std::size_t heap_in_use() {
#if defined(__GLIBC__)
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#else
  return 0;
#endif
}

void memory(const std::string& text) {
#if defined(__GLIBC__)
  std::size_t before = heap_in_use();
  auto machine = sfn::asl::parse(text);
  std::size_t after = heap_in_use();
  if (!machine) return;
  std::printf("bench_asl_parse memory: a compiled pass_chain_1000 keeps %.2f MB of heap\n",
              static_cast<double>(after - before) / 1e6);
#else
  (void)text;
  std::printf("bench_asl_parse memory: needs glibc's mallinfo2\n");
#endif
}

}  // namespace

// With the argument `memory`, prints the heap a compiled Pass chain keeps.
// With arguments `N [chain]`, runs exactly N parses of the rich definition (or of the Pass chain)
// for profilers; otherwise each row for about two seconds.
int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "memory") {
    memory(pass_chain_definition(1000));
    return 0;
  }
  int fixed = argc > 1 ? std::atoi(argv[1]) : 0;
  bool chain = argc > 2 && std::string(argv[2]) == "chain";
  std::string rich = hundred_state_definition();
  std::string pass_chain = pass_chain_definition(1000);
  if (fixed > 0) {
    const std::string& text = chain ? pass_chain : rich;
    for (int i = 0; i < fixed; ++i)
      if (!sfn::asl::parse(text)) return 1;
    return 0;
  }
  if (!measure("rich 100-state", rich)) return 1;
  if (!measure("pass_chain_1000", pass_chain)) return 1;
  return 0;
}
