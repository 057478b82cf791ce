// A small mutation fuzzer: thousands of damaged definitions (deleted, replaced, renamed and
// retyped fields, truncated text, extreme nesting and sizes) through parse() and compile(). None
// may throw, crash or hang; an accepted one must be internally consistent.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include "asl/diagnostics.h"
#include "asl/parser.h"
#include "common/random.h"
#include "stack_test_support.h"

namespace sfn::asl {
namespace {

const char* const kSeeds[] = {
    R"json({"Comment":"all types","StartAt":"P","TimeoutSeconds":60,"States":{
      "P":{"Type":"Pass","Result":{"a":1},"ResultPath":"$.r","Parameters":{"x.$":"$.a","f.$":"States.Format('{}', $.a)"},"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$"},
           "TimeoutSeconds":10,"HeartbeatSeconds":5,"ResultSelector":{"p.$":"$.Payload"},"Next":"C",
           "Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":2,"BackoffRate":2.0,"JitterStrategy":"FULL"}],
           "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F","ResultPath":"$.err"}]},
      "C":{"Type":"Choice","Choices":[
           {"And":[{"Variable":"$.a","NumericGreaterThan":1},{"Not":{"Variable":"$.b","IsPresent":true}}],"Next":"W"},
           {"Variable":"$.t","TimestampLessThanEqualsPath":"$.u","Next":"M"}],"Default":"F"},
      "W":{"Type":"Wait","Timestamp":"2016-03-14T01:59:00Z","Next":"M"},
      "M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ItemSelector":{"v.$":"$$.Map.Item.Value"},
           "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Next":"L"},
      "L":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}],"Next":"S"},
      "S":{"Type":"Succeed"},
      "F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('{}', $.c)"}}})json",
    R"json({"QueryLanguage":"JSONata","StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
           "Arguments":{"QueueUrl":"q","MessageBody":"{% $states.context.Task.Token %}"},"Output":"{% $states.result %}",
           "Assign":{"v":"{% 1 %}"},"Credentials":{"RoleArn":"{% $r %}"},"Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Condition":"{% $v = 1 %}","Next":"M","Output":{"x":1}}],"Default":"X"},
      "M":{"Type":"Map","Items":[1,2,3],"MaxConcurrency":"{% 2 %}","ToleratedFailurePercentage":5,"Label":"lbl",
           "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Arguments":{"Bucket":"b"}},
           "ItemBatcher":{"MaxItemsPerBatch":10},"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Arguments":{"Bucket":"b"}},
           "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"I",
             "States":{"I":{"Type":"Wait","Seconds":"{% 1 %}","End":true}}},"Next":"X"},
      "X":{"Type":"Fail","Error":"{% 'E' %}","Cause":"c"}}})json",
    R"json({"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:us-east-1:111111111111:activity:a",
      "TimeoutSecondsPath":"$.t","End":true,"Catch":[{"ErrorEquals":["X","Y"],"Next":"A"}]}}})json",
};

// clang-format off
const char* const kWords[] = {
    "Type", "Next", "End", "StartAt", "States", "Choices", "Default", "Variable", "And", "Or", "Not",
    "Resource", "Parameters", "ItemProcessor", "Iterator", "Branches", "QueryLanguage", "JSONata",
    "JSONPath", "Catch", "Retry", "ErrorEquals", "States.ALL", "Seconds", "SecondsPath", "Timestamp",
    "InputPath", "ResultPath", "OutputPath", "Output", "Arguments", "Assign", "Items", "ItemsPath",
    "Label", "Map", "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "$", "$$", "$.a[*]",
    "$..x", "{% $x %}", "States.Format('{}')", "StringEquals", "IsPresent", "NumericEqualsPath",
    "arn:aws:states:::lambda:invoke", "x.$", "MaxConcurrency", "ProcessorConfig", "DISTRIBUTED",
    "Condition", "Credentials", "RoleArn", "ErrorPath", "Error", "", "\xff", "\\u0000"};
// clang-format on

class Fuzzer {
 public:
  explicit Fuzzer(std::uint64_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) {
    return static_cast<std::size_t>(rng_.next_int(0, static_cast<std::int64_t>(n) - 1));
  }
  std::string word() { return kWords[pick(std::size(kWords))]; }

  Json scalar() {
    switch (pick(9)) {
      case 0:
        return nullptr;
      case 1:
        return rng_.next_int(0, 1) == 1;
      case 2:
        return rng_.next_int(-5, 100000000);
      case 3:
        return rng_.next_double() * 200 - 50;
      case 4:
        return std::string(pick(4) == 0 ? 70000 : pick(50), 'x');
      case 5:
        return Json::array({word(), rng_.next_int(-1, 3)});
      case 6:
        return Json::object({{word(), word()}});
      default:
        return word();
    }
  }

  // Every node, for picking a mutation site.
  static void collect(Json& value, std::vector<Json*>& out) {
    out.push_back(&value);
    if (value.is_structured())
      for (Json& child : value) collect(child, out);
  }

  void mutate(Json& doc) {
    std::vector<Json*> nodes;
    collect(doc, nodes);
    Json& node = *nodes[pick(nodes.size())];
    switch (pick(6)) {
      case 0:  // delete a member
        if (node.is_object() && !node.empty()) {
          auto it = node.begin();
          std::advance(it, static_cast<std::ptrdiff_t>(pick(node.size())));
          node.erase(it.key());
        } else if (node.is_array() && !node.empty()) {
          node.erase(pick(node.size()));
        }
        break;
      case 1:  // replace with a scalar or small container
        node = scalar();
        break;
      case 2:  // add or overwrite a member with an ASL word
        if (node.is_object()) node[word()] = pick(2) ? Json(word()) : scalar();
        break;
      case 3:  // rename a member
        if (node.is_object() && !node.empty()) {
          auto it = node.begin();
          std::advance(it, static_cast<std::ptrdiff_t>(pick(node.size())));
          Json moved = it.value();
          std::string old = it.key();
          node.erase(old);
          node[word()] = std::move(moved);
        }
        break;
      case 4:  // copy one subtree over another (grows and repeats structure)
        node = *nodes[pick(nodes.size())];
        break;
      default:  // wrap
        node = pick(2) ? Json::array({node}) : Json::object({{word(), node}});
        break;
    }
  }

  std::string mangle(std::string text) {
    if (text.empty()) return text;
    switch (pick(4)) {
      case 0:
        text.resize(pick(text.size()));
        break;
      case 1:
        text[pick(text.size())] = static_cast<char>(pick(256));
        break;
      case 2:
        text.insert(pick(text.size()), text.substr(pick(text.size()), 20));
        break;
      default:
        text.erase(pick(text.size()), 1 + pick(5));
        break;
    }
    return text;
  }

  ParseOptions options() {
    ParseOptions o;
    o.express = pick(2) == 0;
    o.allow_jsonata = pick(2) == 0;
    return o;
  }

 private:
  Rng rng_;
};

// An accepted machine's transitions point inside its graphs.
void check_graph(const StateGraph& g) {
  ASSERT_GE(g.start, 0);
  ASSERT_LT(g.start, static_cast<int>(g.states.size()));
  for (const State& s : g.states) {
    ASSERT_LT(s.next_index, static_cast<int>(g.states.size()));
    ASSERT_TRUE(s.end || s.next_index >= 0 || s.type == StateType::Choice ||
                s.type == StateType::Succeed || s.type == StateType::Fail);
    for (const Catcher& c : s.catchers) ASSERT_GE(c.next_index, 0);
    if (const auto* map = s.get_if<MapState>()) check_graph(map->processor);
    if (const auto* par = s.get_if<ParallelState>())
      for (const StateGraph& b : par->branches) check_graph(b);
  }
}

void exercise(const std::string& text, const ParseOptions& options) {
  auto result = parse(text, options);
  if (result) {
    check_graph(result.value()->graph);
  } else {
    EXPECT_TRUE(has_errors(result.error()));
    EXPECT_FALSE(format_invalid_definition(result.error(), text).empty());
  }
}

TEST(AslRobustness, SeedsAreValid) {
  ParseOptions jsonata;
  jsonata.allow_jsonata = true;
  for (const char* seed : kSeeds) {
    auto result = parse(seed, jsonata);
    EXPECT_TRUE(result.ok()) << seed
                             << (result ? "" : "\n" + format_invalid_definition(result.error()));
  }
}

TEST(AslRobustness, MutatedDefinitionsNeverCrashOrHang) {
  auto start = std::chrono::steady_clock::now();
  Fuzzer fuzz(20240611);
  std::size_t runs = 0, accepted = 0;
  for (int i = 0; i < 1000; ++i) {
    Json doc = Json::parse(kSeeds[fuzz.pick(std::size(kSeeds))]);
    int rounds = 1 + static_cast<int>(fuzz.pick(4));
    for (int r = 0; r < rounds; ++r) fuzz.mutate(doc);
    ParseOptions options = fuzz.options();
    auto compiled = compile(doc, options);
    accepted += compiled.ok() ? 1 : 0;
    if (compiled) check_graph(compiled.value()->graph);
    std::string text = doc.dump(-1, ' ', false, Json::error_handler_t::replace);
    exercise(text, options);
    exercise(fuzz.mangle(text), options);
    runs += 3;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ fuzz ] " << runs << " runs, " << accepted << " mutated documents still valid, "
            << seconds << " s\n";
  EXPECT_LT(seconds, 20.0);
}

TEST(AslRobustness, DeepNestingIsRefusedWithoutRecursing) {
  std::string arrays = std::string(10000, '[') + std::string(10000, ']');
  exercise(arrays, {});
  std::string objects;
  for (int i = 0; i < 10000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(10000, '}');
  exercise(objects, {});
  // The same depth handed over as a parsed document.
  Json deep = Json::object();
  Json* cursor = &deep;
  for (int i = 0; i < 10000; ++i) cursor = &((*cursor)["Parameters"] = Json::object());
  // Moved into place, never copied: copying a JSON value recurses.
  Json d = {{"StartAt", "S"}, {"States", {{"S", {{"Type", "Pass"}, {"End", true}}}}}};
  d["States"]["S"]["Parameters"] = std::move(deep);
  auto result = compile(d);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error()[0].code, "TOO_DEEPLY_NESTED");
}

TEST(AslRobustness, DeepButAllowedNestingIsValidated) {
  // On an 8 MiB stack, a process's default: a small one refuses the deepest with its own
  // diagnostic (DeepNestingOnASmallStackIsRefusedNotCrashed below).
  auto check = [] {
    // Choice rules nested right up to the reader's depth limit, and Maps inside Maps.
    std::string rule = R"({"Variable":"$.x","IsNull":true})";
    for (int i = 0; i < 240; ++i) rule = R"({"Not":)" + rule + "}";
    std::string choice =
        R"({"StartAt":"C","States":{"C":{"Type":"Choice","Default":"D","Choices":[{"Not":)" + rule +
        R"(,"Next":"D"}]},"D":{"Type":"Succeed"}}})";
    EXPECT_TRUE(parse(choice).ok());
    std::string inner = R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";
    for (int i = 0; i < 150; ++i)
      inner = R"({"StartAt":"M)" + std::to_string(i) + R"(","States":{"M)" + std::to_string(i) +
              R"(":{"Type":"Map","End":true,"ItemProcessor":)" + inner + "}}}";
    auto maps = parse(inner);
    EXPECT_TRUE(maps.ok()) << (maps ? "" : maps.error()[0].message);
  };
  if (!sfn::testing::on_stack(std::size_t{8} << 20, check)) check();
}

TEST(AslRobustness, DeepNestingOnASmallStackIsRefusedNotCrashed) {
  std::string inner = R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";
  for (int i = 0; i < 150; ++i)
    inner = R"({"StartAt":"M)" + std::to_string(i) + R"(","States":{"M)" + std::to_string(i) +
            R"(":{"Type":"Map","End":true,"ItemProcessor":)" + inner + "}}}";
  bool refused = false;
  std::string code;
  if (!sfn::testing::on_stack(128 * 1024, [&] {
        auto maps = parse(inner);
        refused = !maps.ok();
        if (refused) code = maps.error()[0].code;
      })) {
    GTEST_SKIP() << "a thread's stack size cannot be chosen here";
  }
  if (refused) {
    EXPECT_EQ(code, "TOO_DEEPLY_NESTED");
  }
}

TEST(AslRobustness, HugeStringsAndManyStates) {
  std::string big(1 << 20, 'n');
  exercise(R"({"StartAt":")" + big + R"(","States":{")" + big + R"(":{"Type":"Succeed"}}})", {});
  exercise(R"({"StartAt":"S","States":{"S":{"Type":"Pass","Result":")" + big + R"(","End":true}}})",
           {});
  std::string many = R"({"StartAt":"S0","States":{)";
  for (int i = 0; i < 5000; ++i)
    many += (i ? "," : "") + std::string("\"S") + std::to_string(i) +
            R"(":{"Type":"Pass","Next":"S)" + std::to_string(i + 1) + "\"}";
  many += R"(,"S5000":{"Type":"Succeed"}}})";
  auto start = std::chrono::steady_clock::now();
  auto result = parse(many);
  EXPECT_TRUE(result.ok());
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

}  // namespace
}  // namespace sfn::asl
