// What a compiled definition holds: transitions as indexes, the effective query language, every
// field in its model slot.
#include <gtest/gtest.h>

#include "asl_test_util.h"

namespace sfn::asl {
namespace {

using testing::accepted;

ParseOptions with_jsonata() {
  ParseOptions o;
  o.allow_jsonata = true;
  return o;
}

TEST(AslModel, TransitionsAreIndexes) {
  auto m = accepted(
      Json::parse(R"({"Comment":"c","Version":"1.0","TimeoutSeconds":30,"StartAt":"C","States":{
    "C":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericGreaterThanEquals":10,"Next":"T"}],"Default":"D"},
    "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Next":"D",
         "Catch":[{"ErrorEquals":["States.ALL"],"Next":"F","ResultPath":"$.err"}]},
    "D":{"Type":"Succeed"},
    "F":{"Type":"Fail","Error":"Boom","Cause":"because"}}})"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->comment, "c");
  EXPECT_EQ(m->version, "1.0");
  EXPECT_EQ(m->timeout_seconds, 30);
  const StateGraph& g = m->graph;
  EXPECT_EQ(g.start, 0);
  ASSERT_EQ(g.states.size(), 4u);
  const auto& choice = g.states[0].as<ChoiceState>();
  EXPECT_EQ(choice.choices[0].next_index, 1);
  EXPECT_EQ(choice.default_index, 2);
  EXPECT_EQ(choice.choices[0].op, Comparison::NumericGreaterThanEquals);
  EXPECT_FALSE(choice.choices[0].uses_path);
  EXPECT_EQ(choice.choices[0].operand, Json(10));
  EXPECT_EQ(choice.choices[0].variable.text, "$.x");
  EXPECT_EQ(g.states[1].next_index, 2);
  ASSERT_EQ(g.states[1].catchers.size(), 1u);
  EXPECT_EQ(g.states[1].catchers[0].next_index, 3);
  EXPECT_EQ(g.states[1].catchers[0].result_path.mode, ResultPath::Mode::Path);
  EXPECT_EQ(g.states[1].catchers[0].result_path.path.text, "$.err");
  EXPECT_EQ(g.states[3].as<FailState>().error.value, "Boom");
  EXPECT_EQ(g.states[3].as<FailState>().cause.value, "because");
  EXPECT_EQ(g.find("D"), &g.states[2]);
}

// The large state records (Task, Wait, Fail, Map) are boxed outside the State, which stays small:
// reached the same way as the others, and a copied State owns a copy of its record.
TEST(AslModel, BoxedStateRecordsReadAndCopyLikeTheOthers) {
  static_assert(sizeof(State) < 1536, "a Pass state should not pay for a Map's fields");
  auto m = accepted(Json::parse(R"({"StartAt":"W","States":{
    "W":{"Type":"Wait","Seconds":5,"Next":"P"},
    "P":{"Type":"Pass","Result":1,"Next":"F"},
    "F":{"Type":"Fail","Error":"E"}}})"));
  ASSERT_TRUE(m);
  const State& wait = m->graph.states[0];
  EXPECT_EQ(wait.as<WaitState>().seconds.value, 5);
  EXPECT_EQ(wait.get_if<WaitState>(), &wait.as<WaitState>());
  EXPECT_EQ(wait.get_if<PassState>(), nullptr);
  EXPECT_EQ(wait.get_if<FailState>(), nullptr);
  EXPECT_NE(m->graph.states[1].get_if<PassState>(), nullptr);
  EXPECT_THROW((void)wait.as<MapState>(), std::bad_variant_access);

  State copy = m->graph.states[2];
  EXPECT_EQ(copy.as<FailState>().error.value, "E");
  EXPECT_NE(&copy.as<FailState>(), &m->graph.states[2].as<FailState>());
  copy.get_if<FailState>()->error.value = "Other";
  EXPECT_EQ(m->graph.states[2].as<FailState>().error.value, "E");
}

TEST(AslModel, InputOutputAndResultProcessing) {
  auto m = accepted(Json::parse(R"({"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,
    "OutputPath":"$.a","ResultPath":null,"Parameters":{"k.$":"$.v"},"Result":{"r":1},"Assign":{"x":1},"End":true}}})"));
  ASSERT_TRUE(m);
  const State& p = m->graph.states[0];
  EXPECT_TRUE(p.end);
  EXPECT_EQ(p.input_path.mode, InputOutputPath::Mode::Null);
  EXPECT_EQ(p.output_path.mode, InputOutputPath::Mode::Path);
  EXPECT_EQ(p.output_path.path.text, "$.a");
  EXPECT_EQ(p.result_path.mode, ResultPath::Mode::Null);
  EXPECT_TRUE(p.parameters.has_value());
  EXPECT_TRUE(p.assign.has_value());
  ASSERT_TRUE(p.as<PassState>().result);
  EXPECT_EQ(*p.as<PassState>().result, Json({{"r", 1}}));
}

TEST(AslModel, RetryDefaultsAndValues) {
  auto m = accepted(Json::parse(R"({"StartAt":"T","States":{"T":{"Type":"Task",
    "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true,
    "TimeoutSecondsPath":"$.t","HeartbeatSeconds":5,
    "Retry":[{"ErrorEquals":["E"]},{"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"MaxAttempts":0,
             "BackoffRate":1.5,"MaxDelaySeconds":9,"JitterStrategy":"FULL"}]}}})"));
  ASSERT_TRUE(m);
  const State& t = m->graph.states[0];
  ASSERT_EQ(t.retry.size(), 2u);
  EXPECT_EQ(t.retry[0].interval_seconds, 1);
  EXPECT_EQ(t.retry[0].max_attempts, 3);
  EXPECT_EQ(t.retry[0].backoff_rate, 2.0);
  EXPECT_FALSE(t.retry[0].max_delay_seconds);
  EXPECT_EQ(t.retry[0].jitter, Retrier::Jitter::None);
  EXPECT_EQ(t.retry[1].interval_seconds, 2);
  EXPECT_EQ(t.retry[1].max_attempts, 0);
  EXPECT_EQ(t.retry[1].backoff_rate, 1.5);
  EXPECT_EQ(t.retry[1].max_delay_seconds, 9);
  EXPECT_EQ(t.retry[1].jitter, Retrier::Jitter::Full);
  const auto& task = t.as<TaskState>();
  EXPECT_EQ(task.resource.service, "lambda");
  EXPECT_EQ(task.resource.action, "invoke");
  ASSERT_TRUE(task.timeout_seconds.path);
  EXPECT_EQ(task.timeout_seconds.path->text, "$.t");
  EXPECT_EQ(task.heartbeat_seconds.value, 5);
}

TEST(AslModel, WaitForms) {
  auto m = accepted(Json::parse(R"({"StartAt":"A","States":{
    "A":{"Type":"Wait","Seconds":3,"Next":"B"},
    "B":{"Type":"Wait","Timestamp":"2016-03-05T21:29:29.243167252Z","Next":"C"},
    "C":{"Type":"Wait","TimestampPath":"$startAt","Next":"D"},
    "D":{"Type":"Wait","SecondsPath":"$.s","End":true}}})"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->graph.states[0].as<WaitState>().seconds.value, 3);
  EXPECT_EQ(m->graph.states[1].as<WaitState>().timestamp, "2016-03-05T21:29:29.243167252Z");
  EXPECT_EQ(m->graph.states[2].as<WaitState>().timestamp_path->text, "$startAt");
  EXPECT_EQ(m->graph.states[3].as<WaitState>().seconds.path->text, "$.s");
}

TEST(AslModel, MapLegacyAndDistributedFields) {
  auto m = accepted(Json::parse(R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
    "Parameters":{"v.$":"$$.Map.Item.Value"},"MaxConcurrency":2,"ToleratedFailurePercentage":12.5,
    "ToleratedFailureCountPath":"$.n","Label":"my-label","ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
    "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"b","Key":"k"}},
    "Iterator":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P",
    "States":{"P":{"Type":"Pass","End":true}}},"End":true}}})"));
  ASSERT_TRUE(m);
  const auto& map = m->graph.states[0].as<MapState>();
  EXPECT_TRUE(map.distributed);
  EXPECT_EQ(map.execution_type, "EXPRESS");
  EXPECT_EQ(map.items_path->text, "$.items");
  EXPECT_TRUE(map.item_selector.has_value());
  EXPECT_EQ(map.max_concurrency.value, 2);
  EXPECT_EQ(map.tolerated_failure_percentage, 12.5);
  EXPECT_EQ(map.tolerated_failure_count.path->text, "$.n");
  EXPECT_EQ(map.label, "my-label");
  EXPECT_TRUE(map.item_reader.has_value());
  EXPECT_TRUE(map.item_reader_parameters.has_value());
  EXPECT_EQ(map.processor.start, 0);
  EXPECT_EQ(map.processor.states[0].name, "P");
}

TEST(AslModel, ParallelBranches) {
  auto m = accepted(
      Json::parse(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
    {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}},
    {"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}}]}}})"));
  ASSERT_TRUE(m);
  const auto& p = m->graph.states[0].as<ParallelState>();
  ASSERT_EQ(p.branches.size(), 2u);
  EXPECT_EQ(p.branches[0].states[0].next_index, 1);
  EXPECT_EQ(p.branches[1].start, 0);
}

// The text of a template that is a single expression, or of one member of an object template.
std::string expression_text(const std::optional<JsonataTemplate>& t) {
  const JsonataExpression* e = t ? t->single_expression() : nullptr;
  return e ? e->text : "<not an expression>";
}

std::string member_text(const std::optional<JsonataTemplate>& t, std::string_view key) {
  if (!t) return "<absent>";
  for (const auto& [name, node] : t->root.members) {
    if (name == key && node.expression) return node.expression->text;
  }
  return "<not an expression>";
}

TEST(AslModel, QueryLanguageInheritsFromTheMachineNotTheEnclosingState) {
  // Measured on AWS (floci-io/floci#2968): the states inside a Map or Parallel take the machine's
  // language; the Map's own QueryLanguage does not reach them.
  auto m =
      accepted(Json::parse(R"({"StartAt":"M","States":{"M":{"Type":"Map","QueryLanguage":"JSONata",
    "Items":"{% $states.input.xs %}","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})"),
               with_jsonata());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->query_language, QueryLanguage::JSONPath);
  const State& map = m->graph.states[0];
  EXPECT_EQ(map.query_language, QueryLanguage::JSONata);
  EXPECT_EQ(expression_text(map.as<MapState>().items), "$states.input.xs");
  EXPECT_EQ(map.as<MapState>().processor.states[0].query_language, QueryLanguage::JSONPath);
  EXPECT_EQ(map.as<MapState>().processor.query_language, QueryLanguage::JSONPath);
}

TEST(AslModel, JsonataFieldsAreCompiled) {
  auto m = accepted(Json::parse(R"({"QueryLanguage":"JSONata","StartAt":"T","States":{
    "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"f","Payload":"{% $states.input %}"},
         "Output":"{% $states.result.Payload %}","Assign":{"x":"{% 1 %}"},"TimeoutSeconds":"{% 5 %}","Next":"C",
         "Catch":[{"ErrorEquals":["States.ALL"],"Output":{"e":"{% $states.errorOutput %}"},"Next":"F"}]},
    "C":{"Type":"Choice","Choices":[{"Condition":"{% $x = 1 %}","Next":"W"},{"Condition":true,"Next":"F"}],"Default":"F"},
    "W":{"Type":"Wait","Seconds":"{% 1 %}","Next":"F"},
    "F":{"Type":"Fail","Error":"{% 'E' %}","Cause":"literal"}}})"),
                    with_jsonata());
  ASSERT_TRUE(m);
  const State& t = m->graph.states[0];
  EXPECT_EQ(t.query_language, QueryLanguage::JSONata);
  EXPECT_EQ(member_text(t.arguments_jsonata, "Payload"), "$states.input");
  EXPECT_EQ(expression_text(t.output_jsonata), "$states.result.Payload");
  EXPECT_EQ(member_text(t.assign_jsonata, "x"), "1");
  EXPECT_EQ(expression_text(t.as<TaskState>().timeout_seconds.expression), "5");
  EXPECT_TRUE(t.catchers[0].output_jsonata.has_value());
  const auto& choice = m->graph.states[1].as<ChoiceState>();
  EXPECT_EQ(choice.choices[0].kind, ChoiceRule::Kind::Condition);
  EXPECT_EQ(expression_text(choice.choices[0].condition), "$x = 1");
  ASSERT_TRUE(choice.choices[1].condition && choice.choices[1].condition->is_constant());
  EXPECT_EQ(*choice.choices[1].condition->root.constant, Json(true));
  EXPECT_EQ(expression_text(m->graph.states[2].as<WaitState>().seconds.expression), "1");
  EXPECT_EQ(expression_text(m->graph.states[3].as<FailState>().error.expression), "'E'");
  EXPECT_EQ(m->graph.states[3].as<FailState>().cause.value, "literal");
}

TEST(AslModel, NestedChoiceRules) {
  auto m = accepted(
      Json::parse(R"({"StartAt":"C","States":{"C":{"Type":"Choice","Default":"D","Choices":[
    {"And":[{"Variable":"$.a","StringMatches":"x*"},{"Not":{"Variable":"$.b","TimestampLessThanPath":"$.c"}}],"Next":"D"}]},
    "D":{"Type":"Succeed"}}})"));
  ASSERT_TRUE(m);
  const ChoiceRule& r = m->graph.states[0].as<ChoiceState>().choices[0];
  EXPECT_EQ(r.kind, ChoiceRule::Kind::And);
  ASSERT_EQ(r.children.size(), 2u);
  EXPECT_EQ(r.children[0].op, Comparison::StringMatches);
  EXPECT_EQ(r.children[1].kind, ChoiceRule::Kind::Not);
  EXPECT_EQ(r.children[1].children[0].op, Comparison::TimestampLessThan);
  EXPECT_TRUE(r.children[1].children[0].uses_path);
  EXPECT_EQ(r.children[1].children[0].operand_path.text, "$.c");
}

TEST(AslModel, CompileTakesAParsedDocumentToo) {
  Json d = Json::parse(R"({"StartAt":"S","States":{"S":{"Type":"Succeed"}}})");
  auto m = compile(d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m.value()->graph.start_at, "S");
  ASSERT_EQ(m.value()->graph.states.size(), 1u);
  EXPECT_EQ(m.value()->graph.states[0].type, StateType::Succeed);
}

}  // namespace
}  // namespace sfn::asl
