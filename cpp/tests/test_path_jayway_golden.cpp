// Differential test against Jayway JsonPath: every line of data/jsonpath_jayway.jsonl was produced
// by tools/jayway/ (Jayway 2.10, the configuration AWS uses) and records what Jayway returned or
// threw for a (document, path) pair. Our compile/select must agree exactly: same acceptance, same
// definite/indefinite classification, same value (key order included), same message.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::path {
namespace {

// SFNSIM_JSONPATH_GOLDEN points the test at another oracle output, e.g. a random campaign from
// tools/jayway/random_cases.py (see tools/jayway/README.md).
std::filesystem::path golden_file() {
  if (const char* other = std::getenv("SFNSIM_JSONPATH_GOLDEN")) return other;
  return std::filesystem::path(__FILE__).parent_path() / "data" / "jsonpath_jayway.jsonl";
}

struct Outcome {
  bool ok = true;
  std::string what;
};

// Checks one recorded case; returns a description of the first disagreement.
Outcome check_case(const Json& c) {
  const std::string text = c.at("path").get<std::string>();
  const CompileOptions options;
  auto compiled = compile(text, options);
  const std::string stage = c.value("stage", "");
  if (stage == "compile") {
    if (compiled) return {false, "compiled, Jayway rejected: " + c.at("error").get<std::string>()};
    if (compiled.error().message != c.at("error").get<std::string>()) {
      return {false, "syntax message\n  ours:   " + compiled.error().message +
                         "\n  Jayway: " + c.at("error").get<std::string>()};
    }
    return {};
  }
  if (!compiled) return {false, "rejected: " + compiled.error().message};
  if (compiled->definite != c.at("definite").get<bool>()) return {false, "definite flag differs"};
  const Json& doc = c.at("doc");
  Scope scope;
  scope.input = &doc;
  auto selected = select(*compiled, scope);
  if (c.contains("result")) {
    if (!selected) return {false, "failed: " + selected.error().message};
    if (selected->value() != c.at("result")) {
      return {false, "value\n  ours:   " + to_text(selected->value()) +
                         "\n  Jayway: " + to_text(c.at("result"))};
    }
    if (exists(*compiled, scope) != true) return {false, "exists() disagrees with select()"};
    return {};
  }
  if (selected) return {false, "succeeded with " + to_text(selected->value())};
  if (selected.error().message != c.at("error").get<std::string>()) {
    return {false, "message\n  ours:   " + selected.error().message +
                       "\n  Jayway: " + c.at("error").get<std::string>()};
  }
  if (exists(*compiled, scope)) return {false, "exists() disagrees with select()"};
  return {};
}

TEST(PathJaywayGolden, EveryRecordedCaseMatches) {
  std::ifstream in(golden_file());
  ASSERT_TRUE(in) << "missing " << golden_file();
  std::string line;
  int cases = 0;
  int failures = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = Json::parse(line);
    ++cases;
    const Outcome o = check_case(c);
    if (!o.ok) {
      ++failures;
      ADD_FAILURE() << "path " << c.at("path").get<std::string>() << " on "
                    << to_text(c.at("doc")).substr(0, 200) << ": " << o.what;
    }
  }
  EXPECT_GT(cases, 0);
  RecordProperty("cases", cases);
  EXPECT_EQ(failures, 0) << failures << " of " << cases << " cases differ from Jayway";
}

}  // namespace
}  // namespace sfn::path
