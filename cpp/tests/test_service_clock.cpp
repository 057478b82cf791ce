// The scaled real clock (Step Functions Local's WAIT_TIME_SCALE): every timer of an execution
// (Wait, retry backoff, task timeout) takes scale x its time in real time, while the history
// shows the simulated, unscaled times. One row per timer and per place that sleeps on it: the
// driver thread (Standard and asynchronous Express executions) and StartSyncExecution's loop.
#include <chrono>
#include <thread>

#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Clock;
using service::Service;
using Steady = std::chrono::steady_clock;

constexpr double kScale = 0.01;

TEST(ScaledClock, SimulatedTimeRunsOneOverScaleTimesAsFast) {
  Clock clock = Clock::real(kScale);
  std::int64_t start = clock.now_ms();
  EXPECT_NEAR(static_cast<double>(start), static_cast<double>(service::wall_clock_ms()), 50.0);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::int64_t passed = clock.now_ms() - start;
  EXPECT_GE(passed, 3000);   // 30 ms real at least
  EXPECT_LT(passed, 60000);  // a loaded machine may add real time, not 600 ms of it
}

TEST(ScaledClock, RealDelayIsScaleTimesSimulatedRoundedUp) {
  struct Row {
    double scale;
    std::int64_t simulated_ms;
    std::int64_t real_ms;
  };
  const Row rows[] = {
      {0.01, 10000, 100},  {0.01, 1, 1},      {0.01, 0, 0}, {0.01, -5, 0},
      {1.0, 10000, 10000}, {2.0, 1500, 3000}, {0.5, 3, 2},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(Clock::real(row.scale).real_delay_ms(row.simulated_ms), row.real_ms)
        << "scale " << row.scale << ", " << row.simulated_ms << " ms";
  }
  EXPECT_EQ(Clock{}.real_delay_ms(250), 250);  // other clocks do not scale
}

// The timestamp (epoch seconds) of the first event of `type` in the execution's history.
double event_time(Service& s, const std::string& arn, const std::string& type) {
  Json h = ok(s, "GetExecutionHistory", {{"executionArn", arn}, {"maxResults", 1000}});
  for (const auto& e : h["events"]) {
    if (e["type"] == type) return e["timestamp"].get<double>();
  }
  ADD_FAILURE() << "no " << type << " in " << h.dump();
  return 0;
}

// Waits (in real time, at most `limit`) until the execution leaves RUNNING.
Json await_end(Service& s, const std::string& arn, std::chrono::milliseconds limit) {
  auto deadline = Steady::now() + limit;
  while (true) {
    Json d = ok(s, "DescribeExecution", {{"executionArn", arn}});
    if (d["status"] != "RUNNING" || Steady::now() > deadline) return d;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

service::ServiceOptions scaled() {
  service::ServiceOptions options;
  options.clock = Clock::real(kScale);
  return options;
}

const char* kWait10 = R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"Next":"P"},)"
                      R"("P":{"Type":"Pass","End":true}}})";

TEST(ScaledClock, StandardWaitTakesScaleTimesItsTime) {
  Service s(scaled());
  std::string sm = create_machine(s, "w", kWait10);
  auto started = Steady::now();
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  Json d = await_end(s, arn, std::chrono::seconds(5));
  double real = seconds_since(started);
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_GE(real, 0.1 - 0.005);
  EXPECT_LT(real, 2.0);  // 10 s unscaled; generous for a loaded machine
  double waited = event_time(s, arn, "WaitStateExited") - event_time(s, arn, "WaitStateEntered");
  EXPECT_NEAR(waited, 10.0, 0.001);
}

TEST(ScaledClock, SyncExpressWaitTakesScaleTimesItsTime) {
  Service s(scaled());
  std::string sm = create_machine(s, "w", kWait10, "EXPRESS");
  auto started = Steady::now();
  Json r = ok(s, "StartSyncExecution", {{"stateMachineArn", sm}});
  double real = seconds_since(started);
  EXPECT_EQ(r["status"], "SUCCEEDED");
  EXPECT_GE(real, 0.1 - 0.005);
  EXPECT_LT(real, 2.0);
  EXPECT_GE(r["stopDate"].get<double>() - r["startDate"].get<double>(), 10.0);
}

TEST(ScaledClock, RetryBackoffTakesScaleTimesItsTime) {
  // Declared before the service, so that they outlive its driver thread even when the
  // execution is still running as the test ends (a failed await_end).
  std::atomic<int> calls{0};
  service::CallContext ctx;
  Service s(scaled());
  // Fails twice, then succeeds: backoffs of 4 s and 8 s (IntervalSeconds 4, BackoffRate 2).
  std::string sm = create_machine(
      s, "r",
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",)"
      R"("Parameters":{"FunctionName":"f"},"Retry":[{"ErrorEquals":["States.ALL"],)"
      R"("IntervalSeconds":4,"BackoffRate":2,"MaxAttempts":3}],"End":true}}})");
  ctx.invoker = [&](const engine::TaskRequest&) {
    return ++calls < 3 ? engine::TaskOutcome::failed("Boom", "again")
                       : engine::TaskOutcome::success(Json{{"Payload", 1}});
  };
  auto started = Steady::now();
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}}, ctx)["executionArn"];
  Json d = await_end(s, arn, std::chrono::seconds(5));
  double real = seconds_since(started);
  EXPECT_EQ(d["status"], "SUCCEEDED");
  EXPECT_EQ(calls, 3);
  EXPECT_GE(real, 0.12 - 0.005);  // 12 s of backoff
  EXPECT_LT(real, 2.0);
  double took = d["stopDate"].get<double>() - d["startDate"].get<double>();
  EXPECT_GE(took, 12.0);
  EXPECT_LT(took, 12.0 + 100.0);  // 1 s of real scheduling slack at most
}

TEST(ScaledClock, CallbackTimeoutTakesScaleTimesItsTime) {
  Service s(scaled());
  std::string sm = create_machine(
      s, "cb",
      R"({"StartAt":"T","States":{"T":{"Type":"Task","TimeoutSeconds":20,)"
      R"("Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",)"
      R"("Parameters":{"QueueUrl":"q","MessageBody":{"Token.$":"$$.Task.Token"}},"End":true}}})");
  auto started = Steady::now();
  std::string arn = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  Json d = await_end(s, arn, std::chrono::seconds(5));
  double real = seconds_since(started);
  EXPECT_EQ(d["status"], "FAILED");
  EXPECT_EQ(d.value("error", ""), "States.Timeout");
  EXPECT_GE(real, 0.2 - 0.005);
  EXPECT_LT(real, 2.0);
  double timed_out = event_time(s, arn, "TaskTimedOut") - event_time(s, arn, "TaskScheduled");
  EXPECT_NEAR(timed_out, 20.0, 0.001);
}

}  // namespace
}  // namespace sfn::testing
