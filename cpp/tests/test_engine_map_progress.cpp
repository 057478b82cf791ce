// MapProgress (Execution::track_map_progress): the counters per Map state a progress bar reads.
// The table: per workflow, the counters once the execution ended; while it runs (sampled at
// every step through the pause check) iterations in flight never exceed MaxConcurrency and the
// counters never exceed the items; and tracking leaves the history unchanged.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/history_event.h"
#include "engine_test_support.h"

namespace sfn {
namespace {

using engine::MapProgress;
using engine::TaskOutcome;
using engine::TaskRequest;

// Items whose "n" is a multiple of 4 fail; the others succeed after n % 3 simulated seconds
// (so iterations end out of start order).
TaskOutcome answer(const TaskRequest& r) {
  const Json& p = *r.parameters;
  auto n = p.is_object() && p.contains("n") ? p["n"].get<std::int64_t>() : 1;
  if (n % 4 == 0) return TaskOutcome::failed("ItemError", "bad item");
  TaskOutcome o = TaskOutcome::success(Json{{"n", n}});
  o.duration_seconds = static_cast<double>(n % 3);
  return o;
}

const char* kTask =
    R"({"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true})";

std::string inline_map(const std::string& name, int max_concurrency, const std::string& extra) {
  return R"(")" + name + R"(":{"Type":"Map","MaxConcurrency":)" + std::to_string(max_concurrency) +
         "," + extra + R"("ItemProcessor":{"StartAt":"Work","States":{"Work":)" + kTask +
         R"(}},"End":true})";
}

std::string machine(const std::string& state, const std::string& start) {
  return R"({"StartAt":")" + start + R"(","States":{)" + state + "}}";
}

Json items(int count, int first = 1) {
  Json out = Json::array();
  for (int i = 0; i < count; ++i) out.push_back(Json{{"n", first + 4 * (i / 3) + i % 3}});
  return out;  // 1, 2, 3, 5, 6, 7, ...: none a multiple of 4
}

constexpr std::size_t kAny = static_cast<std::size_t>(-1);  // whichever ended before the failure

struct Case {
  const char* name;
  std::string definition;
  Json input;
  std::size_t max_concurrency;  // 0: unbounded
  std::vector<MapProgress> expected;
};

std::vector<Case> cases() {
  Json with_bad = items(9);
  with_bad[4] = Json{{"n", 8}};  // fails
  Json nested = Json::array({items(3), items(4), items(5)});
  const std::string distributed =
      R"("Each":{"Type":"Map","ToleratedFailureCount":5,"MaxConcurrency":2,"ItemProcessor":{
        "ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Work","States":{"Work":)" +
      std::string(kTask) + R"(}},"End":true})";
  const std::string outer =
      R"("Outer":{"Type":"Map","MaxConcurrency":2,"ItemProcessor":{"StartAt":"Inner","States":{)" +
      inline_map("Inner", 0, "") + R"(}},"End":true})";
  return {
      {"all succeed, MaxConcurrency 3",
       machine(inline_map("Each", 3, ""), "Each"),
       items(10),
       3,
       {{"Each", false, 10, 10, 0, 0}}},
      {"all succeed, unbounded",
       machine(inline_map("Each", 0, ""), "Each"),
       items(7),
       0,
       {{"Each", false, 7, 7, 0, 0}}},
      // The failing item fails the Map: the iterations still running are aborted.
      {"one fails, the others aborted",
       machine(inline_map("Each", 0, ""), "Each"),
       with_bad,
       0,
       {{"Each", false, 9, kAny, 1, 0}}},
      {"distributed, failures tolerated",
       machine(distributed, "Each"),
       with_bad,
       2,
       {{"Each", true, 9, 8, 1, 0}}},
      // Every run of the inner Map adds up in one line.
      {"a Map in a Map",
       machine(outer, "Outer"),
       nested,
       0,
       {{"Outer", false, 3, 3, 0, 0}, {"Inner", false, 12, 12, 0, 0}}},
  };
}

std::vector<std::string> rendered(const engine::Execution& ex) {
  std::vector<std::string> out;
  for (const auto& e : ex.history()) out.push_back(to_text(engine::to_api_json(e)));
  return out;
}

std::unique_ptr<engine::Execution> start(const Case& c) {
  return testing::make_execution(c.definition, c.input, answer);
}

TEST(EngineMapProgress, CountersPerMapStateAndHistoryUnchanged) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    auto untracked = start(c);
    ASSERT_TRUE(untracked);
    untracked->run_virtual();
    EXPECT_TRUE(untracked->map_progress().empty());  // nothing counted unless asked

    auto tracked = start(c);
    tracked->track_map_progress();
    std::size_t samples = 0;
    tracked->set_pause_check([&] {
      for (const MapProgress& p : tracked->map_progress()) {
        if (p.state_name == "Inner") continue;  // several runs at once
        if (c.max_concurrency != 0) {
          EXPECT_LE(p.running, c.max_concurrency);
        }
        EXPECT_LE(p.succeeded + p.failed + p.running, p.total);
      }
      ++samples;
      return false;
    });
    tracked->run_virtual();
    EXPECT_GT(samples, 10u);
    EXPECT_EQ(rendered(*tracked), rendered(*untracked));

    const auto& got = tracked->map_progress();
    ASSERT_EQ(got.size(), c.expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_LE(got[i].succeeded + got[i].failed, got[i].total);
      const MapProgress& want = c.expected[i];
      EXPECT_EQ(got[i].state_name, want.state_name);
      EXPECT_EQ(got[i].distributed, want.distributed);
      EXPECT_EQ(got[i].total, want.total) << want.state_name;
      if (want.succeeded != kAny) {
        EXPECT_EQ(got[i].succeeded, want.succeeded) << want.state_name;
      }
      EXPECT_EQ(got[i].failed, want.failed) << want.state_name;
      EXPECT_EQ(got[i].running, want.running) << want.state_name;
    }
  }
}

}  // namespace
}  // namespace sfn
