// Lanes recorded on events, and the visits read from them (engine/visit_table.h). The whole
// table is compared with the Python history reader in tests/test_engine_visits.py; these pin
// the engine's side: which lane each event is in, and attempts.
#include <gtest/gtest.h>

#include <string>

#include "engine/visit_table.h"
#include "engine_test_support.h"

namespace sfn::engine {
namespace {

using sfn::testing::run;

TEST(EngineLanes, MapIterationsAreLanesOfTheMapsLane) {
  auto ex = run(R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{
      "StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})",
                Json::parse("[10, 20]"));
  ASSERT_TRUE(ex);
  const auto& events = ex->history();
  ASSERT_EQ(events.size(), 14u);
  for (const auto& e : events) {
    const std::string type(to_string(e.type));
    if (e.type == EventType::MapIterationStarted) {
      EXPECT_EQ(e.lane, static_cast<std::uint32_t>(*e.details->index + 1)) << type;
    } else if (type.rfind("Pass", 0) == 0 || type.rfind("MapIteration", 0) == 0) {
      // Each points at the event before it in its own iteration.
      EXPECT_EQ(e.lane, events[static_cast<std::size_t>(e.previous_event_id - 1)].lane) << type;
      EXPECT_NE(e.lane, 0u) << type;
    } else {
      EXPECT_EQ(e.lane, 0u) << type;
    }
  }
  ASSERT_EQ(ex->lanes().size(), 3u);
  EXPECT_EQ(ex->lanes()[2].parent, 0u);
  EXPECT_EQ(ex->lanes()[2].slot, 1u);
  EXPECT_EQ(ex->lanes()[2].attempt, 1u);

  VisitTable table = visit_table(ex->history(), ex->lanes());
  ASSERT_TRUE(table.complete);
  ASSERT_EQ(table.visits.size(), 3u);  // M, then P in each iteration
  ASSERT_EQ(table.lanes.size(), 3u);
  EXPECT_EQ(table.lanes[2].kind, LaneKind::Iteration);
  EXPECT_EQ(table.lanes[2].container, 0);
  EXPECT_EQ(table.lanes[2].index, 1u);
  EXPECT_EQ(table.lanes[2].status, VisitStatus::Succeeded);
  EXPECT_EQ(table.visits[2].lane, 2);
  EXPECT_EQ(table.visits[0].status, VisitStatus::Succeeded);
  EXPECT_EQ(table.visits[0].starts, 1u);
  EXPECT_EQ(table.execution_end, 13);
}

TEST(EngineLanes, ARetriedParallelStartsNewLanesAndCountsItsAttempts) {
  auto ex = run(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,
      "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1,"IntervalSeconds":1}],
      "Branches":[{"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"Boom"}}}]}}})");
  ASSERT_TRUE(ex);
  // Two runs of the one branch: lanes 1 and 2, the second made on the Parallel's 2nd attempt.
  ASSERT_EQ(ex->lanes().size(), 3u);
  EXPECT_EQ(ex->lanes()[1].attempt, 1u);
  EXPECT_EQ(ex->lanes()[2].attempt, 2u);
  std::vector<std::uint16_t> attempts;
  for (const auto& e : ex->history()) {
    if (e.type == EventType::ParallelStateStarted) attempts.push_back(e.attempt);
  }
  EXPECT_EQ(attempts, (std::vector<std::uint16_t>{1, 2}));

  VisitTable table = visit_table(ex->history(), ex->lanes());
  ASSERT_TRUE(table.complete);
  ASSERT_EQ(table.visits.size(), 3u);
  EXPECT_EQ(table.visits[0].starts, 2u);
  EXPECT_EQ(table.visits[0].status, VisitStatus::Failed);
  EXPECT_EQ(table.visits[0].culprit, 2);  // the second run's Boom ended it
  EXPECT_EQ(table.lanes[2].attempt, 2u);
}

TEST(EngineLanes, ATaskRetriedRecordsEachAttempt) {
  int calls = 0;
  TaskInvoker invoker = [&](const TaskRequest&) {
    return ++calls < 3 ? TaskOutcome::failed("Throttled", "slow down")
                       : TaskOutcome::success(Json::object());
  };
  auto ex = run(R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":
      "arn:aws:lambda:us-east-1:123456789012:function:f","End":true,
      "Retry":[{"ErrorEquals":["Throttled"],"MaxAttempts":3,"IntervalSeconds":1}]}}})",
                Json::object(), invoker);
  ASSERT_TRUE(ex);
  std::vector<std::uint16_t> scheduled;
  for (const auto& e : ex->history()) {
    if (e.type == EventType::LambdaFunctionScheduled) scheduled.push_back(e.attempt);
  }
  EXPECT_EQ(scheduled, (std::vector<std::uint16_t>{1, 2, 3}));
  VisitTable table = visit_table(ex->history(), ex->lanes());
  ASSERT_EQ(table.visits.size(), 1u);
  const VisitRecord& t = table.visits[0];
  ASSERT_EQ(t.attempts.size(), 3u);
  EXPECT_EQ(t.attempts[0].outcome, AttemptOutcome::Failed);
  EXPECT_EQ(t.attempts[2].outcome, AttemptOutcome::Succeeded);
  EXPECT_EQ(t.status, VisitStatus::Retried);
}

TEST(EngineLanes, EventsOfAnotherNumberingAreNotRead) {
  auto ex = run(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  ASSERT_TRUE(ex);
  std::vector<HistoryEvent> events = ex->history();
  events.erase(events.begin());  // ids now start at 2
  EXPECT_FALSE(visit_table(events, ex->lanes()).complete);
  EXPECT_TRUE(visit_table(ex->history(), ex->lanes()).complete);
}

}  // namespace
}  // namespace sfn::engine
