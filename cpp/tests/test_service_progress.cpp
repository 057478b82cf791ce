// Map progress through the service (CallContext::progress, service/progress_board.h): what the
// runner publishes for the executions a watched call starts, and that watching them changes
// nothing they do.
#include <memory>

#include "service/progress_board.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::ExecutionProgress;
using service::ProgressBoard;
using service::Service;

engine::MapProgress map(std::string name, std::size_t total, std::size_t succeeded) {
  engine::MapProgress p;
  p.state_name = std::move(name);
  p.total = total;
  p.succeeded = succeeded;
  return p;
}

TEST(ProgressBoard, KeepsFirstPublicationOrderAndForgetsAnEndedExecutionOnceRead) {
  ProgressBoard board;
  board.publish("arn:b", "b", {map("M", 3, 1)}, true);
  board.publish("arn:a", "a", {}, true);
  board.publish("arn:b", "b", {map("M", 3, 3)}, false);  // b ends
  auto first = board.take_snapshot();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].execution_arn, "arn:b");  // published first
  EXPECT_FALSE(first[0].running);
  EXPECT_EQ(first[0].maps.at(0).succeeded, 3u);
  EXPECT_EQ(first[1].execution_arn, "arn:a");
  auto second = board.take_snapshot();  // b was shown ended: forgotten
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].execution_arn, "arn:a");
  board.publish("arn:b", "b", {map("M", 4, 3)}, true);  // redriven: known again, after a
  auto third = board.take_snapshot();
  ASSERT_EQ(third.size(), 2u);
  EXPECT_EQ(third[1].execution_arn, "arn:b");
  EXPECT_TRUE(third[1].running);
}

// A Map of four items; item 3 fails its iteration (a Fail state), so the Map fails.
const char* kMapMachine =
    R"({"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":2,)"
    R"("ItemProcessor":{"StartAt":"C","States":{)"
    R"("C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":3,"Next":"F"}],)"
    R"("Default":"W"},"W":{"Type":"Wait","Seconds":5,"End":true},)"
    R"("F":{"Type":"Fail","Error":"Three"}}},"End":true}}})";

Json without_timestamps(Json events) {
  for (Json& e : events) e.erase("timestamp");
  return events;
}

TEST(ServiceProgress, AWatchedExecutionPublishesItsMapsAndItsHistoryIsUnchanged) {
  auto board = std::make_shared<ProgressBoard>();
  service::CallContext watched;
  watched.progress = board;
  Json histories[2];
  for (int i = 0; i < 2; ++i) {
    service::ServiceOptions options;
    options.seed = 7;
    Service s(options);
    std::string sm = create_machine(s, "m", kMapMachine);
    std::string arn =
        ok(s, "StartExecution", {{"stateMachineArn", sm}, {"name", "x"}, {"input", "[1, 2, 3, 4]"}},
           i == 0 ? watched : service::CallContext{})["executionArn"];
    histories[i] =
        without_timestamps(ok(s, "GetExecutionHistory", {{"executionArn", arn}})["events"]);
  }
  EXPECT_EQ(histories[0], histories[1]);
  auto snapshot = board->take_snapshot();
  ASSERT_EQ(snapshot.size(), 1u);
  const ExecutionProgress& p = snapshot[0];
  EXPECT_EQ(p.name, "x");
  EXPECT_FALSE(p.running);
  ASSERT_EQ(p.maps.size(), 1u);
  EXPECT_EQ(p.maps[0].state_name, "Each");
  EXPECT_EQ(p.maps[0].total, 4u);
  EXPECT_EQ(p.maps[0].failed, 1u);
  EXPECT_TRUE(board->take_snapshot().empty());  // ended, shown once
}

TEST(ServiceProgress, AnUnwatchedCallPublishesNothing) {
  auto board = std::make_shared<ProgressBoard>();
  service::CallContext watched;
  watched.progress = board;
  Service s;
  std::string sm = create_machine(s, "m", kMapMachine);
  ok(s, "StartExecution", {{"stateMachineArn", sm}, {"input", "[1]"}});
  EXPECT_TRUE(board->take_snapshot().empty());
  std::string express = create_machine(s, "e", kMapMachine, "EXPRESS");
  Json r =
      ok(s, "StartSyncExecution", {{"stateMachineArn", express}, {"input", "[1, 2]"}}, watched);
  EXPECT_EQ(r["status"], "SUCCEEDED");
  auto snapshot = board->take_snapshot();
  ASSERT_EQ(snapshot.size(), 1u);  // StartSyncExecution publishes its end too
  EXPECT_FALSE(snapshot[0].running);
  EXPECT_EQ(snapshot[0].maps.at(0).succeeded, 2u);
}

}  // namespace
}  // namespace sfn::testing
