// Definitions parsed and compiled per second, for a 100-state definition that uses every state
// type, paths, payload templates, intrinsics, retries, catchers and choice rules.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

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

}  // namespace

// With an argument, runs exactly that many parses (for profilers); otherwise about two seconds.
int main(int argc, char** argv) {
  int fixed = argc > 1 ? std::atoi(argv[1]) : 0;
  std::string text = hundred_state_definition();
  auto first = sfn::asl::parse(text);
  if (!first) {
    std::fprintf(stderr, "benchmark definition refused:\n%s\n",
                 sfn::asl::format_invalid_definition(first.error()).c_str());
    return 1;
  }
  std::size_t states = first.value()->graph.states.size();
  if (fixed > 0) {
    for (int i = 0; i < fixed; ++i)
      if (!sfn::asl::parse(text)) return 1;
    return 0;
  }
  for (int i = 0; i < 20; ++i) (void)sfn::asl::parse(text);  // warm up

  using clock = std::chrono::steady_clock;
  int iterations = 0;
  std::clock_t cpu_start = std::clock();
  auto start = clock::now();
  double elapsed = 0;
  while (elapsed < 2.0) {
    for (int i = 0; i < 50; ++i) {
      auto result = sfn::asl::parse(text);
      if (!result) return 1;
    }
    iterations += 50;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  }
  // CPU time as well as wall time: on a shared machine the wall clock also counts other processes.
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf(
      "bench_asl_parse: %zu top-level states (%zu bytes): %d parses in %.2f s = %.0f definitions/s "
      "(%.1f us each); CPU %.2f s = %.0f definitions/s per core\n",
      states, text.size(), iterations, elapsed, iterations / elapsed, 1e6 * elapsed / iterations,
      cpu, iterations / cpu);
  return 0;
}
