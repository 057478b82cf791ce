// Tasks in flight (TaskOutcome::Kind::InFlight, engine/in_flight.cpp): whatever tasks the invoker
// leaves in flight, and in whatever order their outcomes become known, the history is the one
// an invoker answering at once records. Each workflow of the table runs with an invoker
// answering at once, then with invokers leaving every task (or a seeded random choice of them)
// in flight, and the rendered histories must be equal.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "engine/history_event.h"
#include "engine_test_support.h"

namespace sfn {
namespace {

using engine::TaskOutcome;
using engine::TaskRequest;

// What a task answers, from its request only (so every invoker agrees): the item's value
// decides a failure, a simulated duration or a success; "Flaky" fails on its first attempt.
TaskOutcome answer(const TaskRequest& r) {
  const Json& p = *r.parameters;
  if (r.state_name == "Flaky" && r.attempt == 0) return TaskOutcome::failed("Throttled", "busy");
  if (p.is_object() && p.contains("n") && p["n"].is_number_integer()) {
    auto n = p["n"].get<std::int64_t>();
    if (n % 7 == 3) return TaskOutcome::failed("ItemError", "item " + std::to_string(n));
    TaskOutcome o = TaskOutcome::success(Json{{"n", n}, {"doubled", 2 * n}});
    o.duration_seconds = static_cast<double>(n % 4);  // iterations end out of start order
    return o;
  }
  if (r.resource->arn.find("waitForTaskToken") != std::string::npos) {
    TaskOutcome o = TaskOutcome::success(Json{{"called", true}});
    o.submitted = Json{{"MessageId", "m-1"}};
    return o;
  }
  return TaskOutcome::success(Json{{"state", std::string(r.state_name)}});
}

// Leaves a task in flight when `choose` says so: its outcome is worked out only when the
// engine settles it, and the order of settling is noted.
engine::TaskInvoker in_flight(std::function<bool()> choose, std::vector<std::string>& started,
                              std::vector<std::string>& settled) {
  return [pick = std::move(choose), &started, &settled](const TaskRequest& r) -> TaskOutcome {
    std::string id =
        std::string(r.state_name) + "/" + to_text(*r.parameters) + "/" + std::to_string(r.attempt);
    if (!pick()) return answer(r);
    started.push_back(id);
    TaskOutcome o;
    o.kind = TaskOutcome::Kind::InFlight;
    TaskRequest copy = r;
    Json parameters = *r.parameters;
    std::string state(r.state_name);
    o.settle = [&settled, id, copy, parameters, state]() mutable {
      settled.push_back(id);
      copy.parameters = &parameters;
      copy.state_name = state;
      return answer(copy);
    };
    return o;
  };
}

std::vector<std::string> rendered(const engine::Execution& ex) {
  std::vector<std::string> out;
  for (const auto& e : ex.history()) out.push_back(to_text(engine::to_api_json(e)));
  return out;
}

const char* kLambda = R"("Resource":"arn:aws:lambda:us-east-1:123456789012:function:f")";

std::string map_of(int max_concurrency, const std::string& catch_or_not) {
  return std::string(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":[
    {"StartAt":"Items","States":{"Items":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":)") +
         std::to_string(max_concurrency) + R"(,"ItemProcessor":{"StartAt":"Work","States":{
      "Work":{"Type":"Task",)" +
         kLambda +
         R"(,"Retry":[{"ErrorEquals":["ItemError"],"MaxAttempts":1,"IntervalSeconds":2}],)" +
         catch_or_not + R"("End":true},
      "Handled":{"Type":"Pass","End":true}}},"End":true}}},
    {"StartAt":"Flaky","States":{"Flaky":{"Type":"Task",)" +
         kLambda + R"(,"Retry":[{"ErrorEquals":["Throttled"],"IntervalSeconds":1}],"Next":"Cb"},
      "Cb":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters":{"QueueUrl":"q","MessageBody":"x"},"End":true}}}],
    "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Failed"}],"End":true},
    "Failed":{"Type":"Pass","End":true}}})";
}

struct Case {
  const char* name;
  std::string definition;
  Json input;
};

std::vector<Case> cases() {
  Json items = Json::array();
  for (int i = 0; i < 30; ++i) items.push_back(Json{{"n", i}});
  Json input{{"items", items}};
  const std::string caught = R"("Catch":[{"ErrorEquals":["ItemError"],"Next":"Handled"}],)";
  const std::string uncaught = R"("Catch":[{"ErrorEquals":["Other"],"Next":"Handled"}],)";
  const std::string timeout = R"("TimeoutSeconds":2,)";
  return {
      {"map caught, unbounded", map_of(0, caught), input},
      {"map caught, MaxConcurrency 4", map_of(4, caught), input},
      {"map fails, siblings aborted", map_of(0, uncaught), input},
      {"map fails, MaxConcurrency 3", map_of(3, uncaught), input},
      {"task timeouts", map_of(5, timeout + caught), input},
  };
}

TEST(EngineInFlight, HistoryIsTheOneAnInvokerAnsweringAtOnceRecords) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    std::string definition = c.definition;
    // The Map iterates over $.items.
    auto at_once = testing::run(definition, c.input, answer);
    ASSERT_TRUE(at_once);
    std::vector<std::string> expected = rendered(*at_once);
    ASSERT_GT(expected.size(), 40u);

    std::vector<std::string> started, settled;
    auto all = testing::run(definition, c.input, in_flight([] { return true; }, started, settled));
    EXPECT_EQ(rendered(*all), expected);
    EXPECT_EQ(all->status(), at_once->status());
    EXPECT_FALSE(started.empty());
    // Settled in start order, except those a failure aborted meanwhile (never settled).
    std::vector<std::string> settled_in_start_order;
    for (const auto& id : started) {
      if (std::find(settled.begin(), settled.end(), id) != settled.end()) {
        settled_in_start_order.push_back(id);
      }
    }
    EXPECT_EQ(settled, settled_in_start_order);

    for (unsigned seed = 1; seed <= 5; ++seed) {
      std::mt19937 rng(seed);
      std::vector<std::string> s2, t2;
      auto some =
          testing::run(definition, c.input, in_flight([&rng] { return rng() % 2 == 0; }, s2, t2));
      EXPECT_EQ(rendered(*some), expected) << "seed " << seed;
    }
  }
}

}  // namespace
}  // namespace sfn
