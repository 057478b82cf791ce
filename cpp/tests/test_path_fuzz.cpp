// Robustness: thousands of mutated and generated paths and documents must compile or fail
// cleanly, evaluate or fail cleanly, never crash, hang or throw past the API.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/random.h"
#include "path/jsonpath.h"

namespace sfn::path {
namespace {

const std::vector<std::string> kSeeds = {
    "$",
    "$.a",
    "$['a b']",
    "$[\"q\"]",
    "$.a[0]",
    "$.a[-1]",
    "$.*",
    "$[*]",
    "$..a",
    "$..*",
    "$.a[1:3]",
    "$.a[:2]",
    "$.a[2:]",
    "$.a[0,2]",
    "$['a','b']",
    "$.a[?(@.b > 1)]",
    "$.a[?(@.b == 'x' && @.c)]",
    "$.a[?(@.n =~ /x.*/i)]",
    "$.a[?(@.t in ['a','b'])]",
    "$.a[?(!(@.x < $.y) || @.z size 2)]",
    "$$.Execution.Id",
    "$var.a",
    "$.a[?(@ empty true)]",
    "$..[?(@.k)].k",
    "$.a['\\u0041']",
    "$.a[?(@.l subsetof [1,2])]",
    "$.a[?(@.r == {'k':1})]",
};

const std::string kAlphabet = "$@.[]()?*:,'\"\\/=<>!~&| -_0123456789abcxyzEe\t{}";

std::string mutate(std::string s, Rng& rng) {
  const int edits = 1 + static_cast<int>(rng.next_u64() % 4);
  for (int i = 0; i < edits; ++i) {
    const auto pick = rng.next_u64() % 4;
    const std::size_t pos = s.empty() ? 0 : rng.next_u64() % (s.size() + 1);
    const char c = kAlphabet[rng.next_u64() % kAlphabet.size()];
    if (pick == 0 && !s.empty() && pos < s.size()) {
      s.erase(pos, 1);
    } else if (pick == 1) {
      s.insert(pos, 1, c);
    } else if (pick == 2 && !s.empty() && pos < s.size()) {
      s[pos] = c;
    } else {
      const std::string& other = kSeeds[rng.next_u64() % kSeeds.size()];
      s.insert(pos, other.substr(1 + rng.next_u64() % other.size() / 2));
    }
  }
  return s;
}

Json random_json(Rng& rng, int depth) {
  const auto kind = rng.next_u64() % (depth > 4 ? 6 : 8);
  switch (kind) {
    case 0:
      return nullptr;
    case 1:
      return rng.next_u64() % 2 == 0;
    case 2:
      return static_cast<int>(rng.next_u64() % 7) - 2;
    case 3:
      return static_cast<double>(rng.next_u64() % 100) / 8.0;
    case 4:
    case 5: {
      static const char* kStrings[] = {"a", "b", "x", "", "1", "1.0", "A", "xy"};
      return kStrings[rng.next_u64() % 8];
    }
    case 6: {
      Json arr = Json::array();
      const auto n = rng.next_u64() % 4;
      for (std::uint64_t i = 0; i < n; ++i) arr.push_back(random_json(rng, depth + 1));
      return arr;
    }
    default: {
      static const char* kKeys[] = {"a", "b", "c", "k", "l", "n", "r", "t", "x", "y", "z"};
      Json obj = Json::object();
      const auto n = rng.next_u64() % 5;
      for (std::uint64_t i = 0; i < n; ++i)
        obj[kKeys[rng.next_u64() % 11]] = random_json(rng, depth + 1);
      return obj;
    }
  }
}

TEST(PathFuzz, MutatedPathsOnRandomDocumentsNeverCrash) {
  Rng rng(20240611);
  const Json context = Json::parse(R"({"Execution": {"Id": "x"}})");
  const Json var = Json::parse(R"({"a": [1, 2]})");
  VariableLookup lookup = [&](std::string_view) { return &var; };
  const auto start = std::chrono::steady_clock::now();
  int compiled = 0;
  int selected = 0;
  for (int i = 0; i < 6000; ++i) {
    std::string text = kSeeds[rng.next_u64() % kSeeds.size()];
    if (i % 5 != 0) text = mutate(text, rng);
    const Json doc = random_json(rng, 0);
    auto p = compile(text);
    if (!p.ok()) {
      EXPECT_FALSE(p.error().message.empty()) << text;
      continue;
    }
    ++compiled;
    Scope scope;
    scope.input = &doc;
    scope.context = &context;
    scope.variables = &lookup;
    auto s = select(*p, scope);
    if (s.ok()) {
      ++selected;
      if (!p->definite) {
        EXPECT_TRUE(s->value().is_array()) << text;
      }
    } else {
      EXPECT_FALSE(s.error().message.empty()) << text;
    }
    EXPECT_EQ(exists(*p, scope), s.ok()) << text;
    if (is_reference_path(*p) && p->root == Root::Input) {
      auto w = write(*p, doc, Json("v"));
      if (w.ok()) {
        auto back = select(*p, Scope{&*w, nullptr, nullptr});
        EXPECT_TRUE(back.ok() && back->value() == "v") << text;
      }
    }
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(compiled, 1000);
  EXPECT_GT(selected, 500);
  EXPECT_LT(seconds, 10.0);
}

TEST(PathFuzz, HostileInputsFailCleanly) {
  // Very long and very nested paths and documents.
  std::string long_path = "$";
  for (int i = 0; i < 5000; ++i) long_path += ".a";
  EXPECT_FALSE(compile(long_path).ok());
  std::string nested_filter = "$";
  for (int i = 0; i < 100; ++i) nested_filter += "[?(@";
  for (int i = 0; i < 100; ++i) nested_filter += ")]";
  EXPECT_FALSE(compile(nested_filter).ok());
  std::string parens = "$[?(";
  for (int i = 0; i < 5000; ++i) parens += "(";
  parens += "@.a";
  for (int i = 0; i < 5000; ++i) parens += ")";
  parens += ")]";
  EXPECT_FALSE(compile(parens).ok());
  // Invalid UTF-8 and NUL bytes in names are just characters.
  EXPECT_TRUE(compile(std::string("$['\xff\xfe\0']", 9)).ok());

  Json deep = Json::object();
  for (int i = 0; i < 5000; ++i) deep = Json{{"a", std::move(deep)}};
  Scope scope;
  scope.input = &deep;
  auto scan = select(*compile("$..a[?(@.a)]"), scope);
  EXPECT_FALSE(scan.ok());
  auto filter = select(*compile("$[?(@..a)]"), scope);
  EXPECT_TRUE(filter.ok() || !filter.error().message.empty());
}

}  // namespace
}  // namespace sfn::path
