// The service's cache of compiled definitions: what makes two compiles the same (the key table
// in service/compile_cache.h), its bounds, and that the operations using it answer as before.
#include <thread>
#include <vector>

#include "service/compile_cache.h"
#include "service_test_support.h"

namespace sfn::testing {
namespace {

using service::CompileCache;
using service::CompileKey;
using service::Service;

std::string chain(int n) {
  std::string states;
  for (int i = 0; i < n; ++i) {
    if (i) states += ",";
    states += "\"S" + std::to_string(i) + "\":{\"Type\":\"Pass\",";
    states += i + 1 < n ? "\"Next\":\"S" + std::to_string(i + 1) + "\"}" : "\"End\":true}";
  }
  return R"({"StartAt":"S0","States":{)" + states + "}}";
}

CompileKey key_of(const std::string& text) {
  CompileKey key;
  key.text = text;
  return key;
}

TEST(ServiceCompileCache, EveryKeyFieldSeparatesEntries) {
  CompileCache cache;
  std::string text = kPassMachine;
  std::string other = chain(2);
  auto base = cache.parse(key_of(text));
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(cache.parse(key_of(text)).value(), base.value()) << "same key: the same machine";

  // Each row changes one field of the key: a new entry, never the cached machine.
  std::vector<CompileKey> rows(5, key_of(text));
  rows[0].text = other;
  rows[1].express = true;
  rows[2].allow_jsonata = false;
  rows[3].whole_machine = false;
  rows[4].whole_machine = false;
  rows[4].state_name = "P";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto compiled = cache.parse(rows[i]);
    ASSERT_TRUE(compiled.ok()) << i;
    EXPECT_NE(compiled.value(), base.value()) << "row " << i;
  }
  EXPECT_EQ(cache.size(), 1 + rows.size());
}

TEST(ServiceCompileCache, RefusedDefinitionsAreNotKept) {
  CompileCache cache;
  std::string bad = R"({"StartAt":"Nowhere","States":{"P":{"Type":"Pass","End":true}}})";
  auto first = cache.parse(key_of(bad));
  ASSERT_FALSE(first.ok());
  auto second = cache.parse(key_of(bad));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(first.error().size(), second.error().size());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ServiceCompileCache, BoundedLeastRecentlyUsedFirstOut) {
  CompileCache cache;
  std::vector<std::string> texts;
  for (std::size_t i = 0; i <= CompileCache::kMaxEntries; ++i) texts.push_back(chain(1 + i));
  auto first = cache.parse(key_of(texts[0])).value();
  for (std::size_t i = 1; i < CompileCache::kMaxEntries; ++i) cache.parse(key_of(texts[i]));
  EXPECT_EQ(cache.find(key_of(texts[0])), first);  // now the most recently used
  cache.parse(key_of(texts.back()));               // one past the bound: texts[1] goes
  EXPECT_EQ(cache.size(), CompileCache::kMaxEntries);
  EXPECT_EQ(cache.find(key_of(texts[0])), first);
  EXPECT_EQ(cache.find(key_of(texts[1])), nullptr);

  // A definition larger than a quarter of the byte bound is compiled, not kept.
  std::string large = chain(30000);
  ASSERT_GT(large.size(), CompileCache::kMaxTextBytes / 4);
  EXPECT_TRUE(cache.parse(key_of(large)).ok());
  EXPECT_EQ(cache.find(key_of(large)), nullptr);
}

TEST(ServiceCompileCache, ManyThreadsShareOneEntry) {
  CompileCache cache;
  std::string text = chain(50);
  std::vector<asl::StateMachinePtr> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) seen[t] = cache.parse(key_of(text)).value();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(cache.size(), 1u);
  for (const auto& machine : seen) EXPECT_EQ(machine, cache.find(key_of(text)));
}

TEST(ServiceCompileCache, ServiceCompileAndOperationsShareIt) {
  Service s;
  std::string text = chain(3);
  auto a = s.compile(text, false);
  auto b = s.compile(text, false);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value(), b.value());
  EXPECT_NE(s.compile(text, true).value(), a.value());

  // Recreating a machine, and TestState of the same text twice, answer as the first time.
  std::string arn = create_machine(s, "one", text);
  ok(s, "DeleteStateMachine", {{"stateMachineArn", arn}});
  EXPECT_EQ(create_machine(s, "one", text), arn);
  Json request = {{"definition", R"({"Type":"Pass","Result":1,"End":true})"}};
  EXPECT_EQ(ok(s, "TestState", request)["output"], "1");
  EXPECT_EQ(ok(s, "TestState", request)["output"], "1");
  auto refused = fails(s, "CreateStateMachine",
                       {{"name", "bad"}, {"roleArn", kRole}, {"definition", "{\"StartAt\":1}"}});
  EXPECT_EQ(refused.code, "InvalidDefinition");
}

}  // namespace
}  // namespace sfn::testing
