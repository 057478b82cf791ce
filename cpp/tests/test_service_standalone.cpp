// sfnsim.run's execution (service/standalone.h): the execution StartExecution would start, built
// outside the registry. Each test holds it against what the service itself does.
#include "asl/parser.h"
#include "service/arn.h"
#include "service/standalone.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::StandaloneStart;

asl::StateMachinePtr compiled(const std::string& text, bool express = false) {
  asl::ParseOptions options;
  options.express = express;
  auto parsed = asl::parse(text, options);
  EXPECT_TRUE(parsed.ok());
  return parsed.ok() ? parsed.value() : nullptr;
}

std::unique_ptr<engine::Execution> standalone(const std::string& text,
                                              const StandaloneStart& start) {
  return service::start_standalone(compiled(text, start.express), start, share(Json::object()),
                                   nullptr);
}

TEST(ServiceStandalone, NamesTheExecutionAsStartExecutionDoes) {
  struct Row {
    const char* region;
    bool express;
  };
  for (Row row : {Row{"us-east-1", false}, Row{"cn-north-1", true}, Row{"us-gov-west-1", false}}) {
    service::ServiceOptions options;
    service::Service s(options);
    service::CallContext context;
    context.region = row.region;
    context.account = "111122223333";
    Json created = ok(s, "CreateStateMachine",
                      {{"name", "M"},
                       {"definition", kPassMachine},
                       {"roleArn", kRole},
                       {"type", row.express ? "EXPRESS" : "STANDARD"}},
                      context);
    Json started = ok(s, "StartExecution",
                      {{"stateMachineArn", created["stateMachineArn"]}, {"name", "n"}}, context);

    StandaloneStart start;
    start.region = row.region;
    start.account = "111122223333";
    start.state_machine_name = "M";
    start.name = "n";
    start.express = row.express;
    auto ex = standalone(kPassMachine, start);
    EXPECT_EQ(ex->info().state_machine_arn, created["stateMachineArn"].get<std::string>());
    std::string arn = started["executionArn"].get<std::string>();
    if (row.express) {
      // Both end in a fresh UUID: the same up to it, and as long.
      std::string theirs = ex->info().execution_arn;
      EXPECT_EQ(theirs.substr(0, theirs.size() - 36), arn.substr(0, arn.size() - 36));
      EXPECT_EQ(theirs.size(), arn.size());
    } else {
      EXPECT_EQ(ex->info().execution_arn, arn);
    }
    // No state machine was created with a role: the one the console would create.
    EXPECT_EQ(ex->info().role_arn, "arn:" + service::partition_for(row.region) +
                                       ":iam::111122223333:role/StepFunctions-M-role");
  }
}

TEST(ServiceStandalone, LeavesToChanceWhatTheCallerDoesNotFix) {
  StandaloneStart start;
  auto a = standalone(kPassMachine, start);
  auto b = standalone(kPassMachine, start);
  EXPECT_EQ(a->info().name.size(), 36u) << "a UUID, as StartExecution names one";
  EXPECT_NE(a->info().name, b->info().name);
  EXPECT_NE(a->info().seed, b->info().seed);
  start.seed = 7;
  start.role_arn = "arn:aws:iam::1:role/mine";
  auto c = standalone(kPassMachine, start);
  EXPECT_EQ(c->info().seed, 7u);
  EXPECT_EQ(c->info().role_arn, "arn:aws:iam::1:role/mine");
}

TEST(ServiceStandalone, TheInputLimitIsTheEnginesPayloadMeasure) {
  const std::size_t limit = engine::Limits{}.max_payload_bytes;
  // {"s":"..."}: 8 bytes beside the string's characters.
  Json at = {{"s", std::string(limit - 8, 'x')}};
  Json over = {{"s", std::string(limit - 7, 'x')}};
  EXPECT_FALSE(service::check_standalone_input(at));
  auto refused = service::check_standalone_input(over);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code, "InvalidExecutionInput");
  EXPECT_EQ(refused->message,
            "Invalid execution input: the input is larger than the maximum of 262144 bytes");
}

// A Wait longer than five minutes: the Express limit ends both at the same time, the same way.
TEST(ServiceStandalone, AnExpressRunHasTheLimitsOfStartSyncExecution) {
  const std::string wait =
      R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":400,"End":true}}})";
  service::Service s;
  std::string machine = create_machine(s, "W", wait, "EXPRESS");
  Json sync = ok(s, "StartSyncExecution", {{"stateMachineArn", machine}});

  StandaloneStart start;
  start.express = true;
  start.start_ms = 1000;
  auto ex = standalone(wait, start);
  ex->run_virtual();
  EXPECT_EQ(std::string(engine::to_string(ex->status())), sync["status"].get<std::string>());
  EXPECT_EQ(ex->failure().error, sync["error"].get<std::string>());
  EXPECT_EQ(*ex->stop_time_ms() - 1000, 300 * 1000);
  EXPECT_FALSE(ex->history().empty()) << "a run keeps an Express history for its caller";
}

}  // namespace
}  // namespace sfn::testing
