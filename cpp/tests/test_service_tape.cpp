// Tapes (service/tape.h): an operation performed again with the clock readings and random draws
// it recorded rebuilds the same state, on a real clock whose readings differ every run. This is
// what the durable server's journal relies on (docs/server.md, "Durability").
#include <chrono>
#include <thread>
#include <vector>

#include "service/tape.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;
using service::Tape;
using service::TapeScope;

// A Wait, then a task that waits for its token (no handler: a callback), then the end.
const char* kWaitThenCallback = R"({"StartAt":"W","States":{
  "W":{"Type":"Wait","Seconds":5,"Next":"T"},
  "T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
       "Parameters":{"QueueUrl":"q","MessageBody":{"token.$":"$$.Task.Token"}},"End":true}}})";

struct Step {
  std::string operation;  // empty: run_due
  Json request;
  Tape tape;
};

service::ServiceOptions durable_options() {
  service::ServiceOptions options;
  options.clock = service::Clock::real(0.01);
  options.timer_thread = false;  // the owner wakes timers, each wake-up a step
  return options;
}

Json perform(Service& s, Step& step) {
  TapeScope scope(&step.tape);
  if (step.operation.empty()) {
    s.run_due();
    return Json();
  }
  auto r = s.dispatch(step.operation, step.request, {});
  return r.ok() ? r.value() : error_body(r.error());
}

std::string token_of(Service& s, const std::string& arn) {
  Json h = ok(s, "GetExecutionHistory", {{"executionArn", arn}});
  for (const auto& e : h["events"]) {
    if (e["type"] == "TaskScheduled") {
      Json parameters =
          Json::parse(e["taskScheduledEventDetails"]["parameters"].get<std::string>());
      return parameters["MessageBody"]["token"].get<std::string>();
    }
  }
  return {};
}

TEST(Tape, ReplayedOperationsRebuildTheSameExecutions) {
  Service recorded(durable_options());
  std::vector<Step> steps;
  auto record = [&](std::string op, Json request) {
    steps.push_back(Step{std::move(op), std::move(request), {}});
    return perform(recorded, steps.back());
  };
  std::string machine = record("CreateStateMachine", {{"name", "m"},
                                                      {"definition", kWaitThenCallback},
                                                      {"roleArn", kRole}})["stateMachineArn"]
                            .get<std::string>();
  std::string first =
      record("StartExecution", {{"stateMachineArn", machine}})["executionArn"].get<std::string>();
  std::string second =
      record("StartExecution", {{"stateMachineArn", machine}})["executionArn"].get<std::string>();
  // The Wait ends 50 ms later in real time.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (recorded.next_due_ms() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (*recorded.next_due_ms() <= recorded.clock().read_ms()) record("", {});
  }
  std::string token = token_of(recorded, first);
  ASSERT_FALSE(token.empty());
  record("SendTaskSuccess", {{"taskToken", token}, {"output", "{\"done\":1}"}});

  Service replayed(durable_options());
  for (Step& step : steps) {
    Tape tape = step.tape;
    tape.mode = Tape::Mode::Replay;
    Step again{step.operation, step.request, tape};
    perform(replayed, again);
    EXPECT_FALSE(again.tape.diverged) << step.operation;
  }
  for (const std::string& arn : {first, second}) {
    EXPECT_EQ(ok(replayed, "GetExecutionHistory", {{"executionArn", arn}}),
              ok(recorded, "GetExecutionHistory", {{"executionArn", arn}}));
    EXPECT_EQ(ok(replayed, "DescribeExecution", {{"executionArn", arn}}),
              ok(recorded, "DescribeExecution", {{"executionArn", arn}}));
  }
  // The second execution's task token, drawn from its recorded seed, is accepted after replay.
  std::string waiting = token_of(replayed, second);
  EXPECT_EQ(waiting, token_of(recorded, second));
  ok(replayed, "SendTaskSuccess", {{"taskToken", waiting}, {"output", "{}"}});
  EXPECT_EQ(ok(replayed, "DescribeExecution", {{"executionArn", second}})["status"], "SUCCEEDED");
}

TEST(Tape, AReplayAskingMoreThanWasRecordedSaysSo) {
  Service first(durable_options());
  Tape tape;
  {
    TapeScope scope(&tape);
    create_machine(first, "m");
  }
  ASSERT_FALSE(tape.clock.empty());
  Service again(durable_options());
  tape.mode = Tape::Mode::Replay;
  {
    TapeScope scope(&tape);
    create_machine(again, "m");  // as recorded
  }
  EXPECT_FALSE(tape.diverged);
  {
    TapeScope scope(&tape);
    create_machine(again, "n");  // past the recording: the last reading stands
  }
  EXPECT_TRUE(tape.diverged);
  Json listed = ok(again, "ListStateMachines", Json::object());
  ASSERT_EQ(listed["stateMachines"].size(), 2u);
  for (const auto& m : listed["stateMachines"]) {
    EXPECT_EQ(m["creationDate"], static_cast<double>(tape.clock.back()) / 1000.0);
  }
}

TEST(Tape, OnlyTheThreadItIsAttachedToRecords) {
  Service s(durable_options());
  Tape tape;
  {
    TapeScope scope(&tape);
    std::thread other([&] { create_machine(s, "elsewhere"); });
    other.join();
  }
  EXPECT_TRUE(tape.clock.empty());
  EXPECT_EQ(service::thread_tape(), nullptr);  // the scope put back what was there
}

}  // namespace
}  // namespace sfn::testing
