// Robustness: thousands of generated and mutated requests to every operation. Every call
// answers (a response or a modeled error); nothing crashes, throws or hangs.
#include <random>

#include "service/validation.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::Service;

// The service's own table: an operation added there is fuzzed without a change here.
const std::vector<std::string_view> kOperations = service::operation_names();

struct Generator {
  std::mt19937_64 rng{12345};
  std::vector<std::string> strings;

  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }

  Json value(int depth) {
    switch (below(depth > 2 ? 5 : 8)) {
      case 0:
        return nullptr;
      case 1:
        return below(2) == 0;
      case 2:
        return static_cast<std::int64_t>(below(3000)) - 1000;
      case 3:
        return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
      case 4:
        return strings[below(strings.size())];
      case 5: {
        Json a = Json::array();
        for (std::size_t i = below(4); i > 0; --i) a.push_back(value(depth + 1));
        return a;
      }
      default: {
        Json o = Json::object();
        for (std::size_t i = below(4); i > 0; --i) {
          o[strings[below(strings.size())]] = value(depth + 1);
        }
        return o;
      }
    }
  }
};

TEST(ServiceFuzz, GeneratedRequestsNeverCrash) {
  Service s;
  std::string sm = create_machine(s, "m");
  std::string activity = ok(s, "CreateActivity", {{"name", "a"}})["activityArn"];
  std::string version =
      ok(s, "PublishStateMachineVersion", {{"stateMachineArn", sm}})["stateMachineVersionArn"];
  std::string execution = ok(s, "StartExecution", {{"stateMachineArn", sm}})["executionArn"];
  Generator g;
  g.strings = {"",
               "x",
               "name",
               "key",
               "value",
               "weight",
               "stateMachineVersionArn",
               sm,
               sm + ":1",
               sm + ":alias",
               activity,
               version,
               execution,
               kPassMachine,
               R"({"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":5,"End":true}}})",
               "arn:aws:states:::",
               "arn:aws:states:us-east-1:1:stateMachine:",
               "arn:aws:states:us-east-1:1:express:a:b:c",
               "STANDARD",
               "EXPRESS",
               "RUNNING",
               std::string(300, 'a'),
               "{",
               "[]",
               "\xff\xfe",
               kRole};
  int answered = 0;
  for (int i = 0; i < 6000; ++i) {
    const std::string_view op = kOperations[g.below(kOperations.size())];
    Json request = Json::object();
    auto members = service::request_members(op);
    for (const auto& member : members) {
      if (g.below(3) != 0 || member.required) request[member.name] = g.value(0);
    }
    if (g.below(5) == 0) request[g.strings[g.below(g.strings.size())]] = g.value(0);
    auto r = s.dispatch(op, request, {});
    if (!r.ok()) {
      EXPECT_FALSE(r.error().code.empty()) << op << " " << request.dump();
    }
    ++answered;
  }
  EXPECT_EQ(answered, 6000);
}

TEST(ServiceFuzz, MutatedWireBodiesNeverCrash) {
  Service s;
  create_machine(s, "m");
  std::mt19937_64 rng(99);
  std::string seed_body =
      R"({"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"n","input":"{\"a\":[1,2]}"})";
  for (int i = 0; i < 3000; ++i) {
    std::string body = seed_body;
    for (int k = std::uniform_int_distribution<int>(1, 6)(rng); k > 0; --k) {
      std::size_t at = std::uniform_int_distribution<std::size_t>(0, body.size() - 1)(rng);
      switch (rng() % 3) {
        case 0:
          body[at] = static_cast<char>(rng() % 256);
          break;
        case 1:
          body.erase(at, 1);
          break;
        default:
          body.insert(at, 1, "{}[]\":,\\"[rng() % 8]);
      }
      if (body.empty()) body = "{";
    }
    auto [status, reply] = s.dispatch_text("StartExecution", body, {});
    EXPECT_TRUE(status == 200 || status == 400);
    Json parsed;
    std::string error;
    EXPECT_TRUE(parse_text(reply, parsed, error)) << reply;
  }
}

}  // namespace
}  // namespace sfn::testing
