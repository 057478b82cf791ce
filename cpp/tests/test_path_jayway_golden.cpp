// Differential test against Jayway JsonPath: every line of data/jsonpath_jayway*.jsonl was produced
// by tools/jayway/ (Jayway 2.10, the configuration AWS uses) and records what Jayway returned or
// threw for a (document, path) pair. Our compile/select must agree exactly: same acceptance, same
// definite/indefinite classification, same value (key order included), same message.
//
// jsonpath_jayway.jsonl holds the curated cases (tools/jayway/cases.py); jsonpath_jayway_random
// .jsonl several thousand generated ones (tools/jayway/gen_cases.py, fixed seed). A case may name
// an `sfnsim_path`: the text sfnsim evaluates where it deliberately reads a path otherwise than
// Jayway 2.10 (path functions, see tools/jayway/README.md); Jayway was then asked for the reading
// sfnsim gives it. PathJaywayLive runs a fresh generated campaign through Jayway itself when Java
// and the oracle's cached classpath are there.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::path {
namespace {

const std::filesystem::path kData =
    std::filesystem::path(SFNSIM_SOURCE_DIR) / "cpp" / "tests" / "data";

// SFNSIM_JSONPATH_GOLDEN points the test at another oracle output, e.g. a long campaign from
// tools/jayway/campaign.sh (see tools/jayway/README.md).
std::vector<std::filesystem::path> golden_files() {
  if (const char* other = std::getenv("SFNSIM_JSONPATH_GOLDEN")) return {other};
  return {kData / "jsonpath_jayway.jsonl", kData / "jsonpath_jayway_random.jsonl"};
}

struct Outcome {
  bool ok = true;
  std::string what;
};

// Checks one recorded case; returns a description of the first disagreement.
Outcome check_case(const Json& c) {
  const std::string text = c.value("sfnsim_path", c.at("path").get<std::string>());
  const CompileOptions options;
  auto compiled = compile(text, options);
  const std::string stage = c.value("stage", "");
  if (stage == "compile") {
    if (compiled) return {false, "compiled, Jayway rejected: " + c.at("error").get<std::string>()};
    // Where the texts differ (a path function spelled as a member for Jayway), a syntax error
    // elsewhere in the path is reported at another index or with the other text, or met at
    // another point of the parse: rejection is what both readings share.
    if (c.contains("sfnsim_path")) return {};
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

struct Tally {
  int cases = 0;
  int failures = 0;
};

// Checks every line of `in`; reports each disagreement (the first 50 in full).
Tally check_lines(std::istream& in) {
  Tally t;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = Json::parse(line);
    ++t.cases;
    const Outcome o = check_case(c);
    if (o.ok) continue;
    if (++t.failures <= 50) {
      ADD_FAILURE() << "path " << c.value("sfnsim_path", c.at("path").get<std::string>()) << " on "
                    << to_text(c.at("doc")).substr(0, 200) << ": " << o.what;
    }
  }
  return t;
}

TEST(PathJaywayGolden, EveryRecordedCaseMatches) {
  for (const auto& file : golden_files()) {
    std::ifstream in(file);
    ASSERT_TRUE(in) << "missing " << file;
    const Tally t = check_lines(in);
    EXPECT_GT(t.cases, 0) << file;
    RecordProperty(file.filename().string(), t.cases);
    EXPECT_EQ(t.failures, 0) << t.failures << " of " << t.cases << " cases in " << file
                             << " differ from Jayway";
  }
}

// The oracle's classpath as tools/jayway/run.sh caches it, when every jar on it is there.
std::string cached_classpath(const std::filesystem::path& work) {
  std::ifstream in(work / "classpath.txt");
  std::string cp;
  if (!in || !std::getline(in, cp) || cp.empty()) return {};
  std::stringstream parts(cp);
  std::string jar;
  while (std::getline(parts, jar, ':')) {
    if (!std::filesystem::exists(jar)) return {};
  }
  return cp;
}

bool on_path(const char* program) {
  const std::string probe = std::string("command -v ") + program + " >/dev/null 2>&1";
  return std::system(probe.c_str()) == 0;
}

// A fixed-seed campaign through Jayway itself, a few hundred cases: skipped without Java, Python
// or the classpath run.sh caches (run `tools/jayway/run.sh < /dev/null` once to cache it).
TEST(PathJaywayLive, FixedSeedCampaignMatchesJayway) {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path work =
      std::getenv("JAYWAY_WORK_DIR") ? std::filesystem::path(std::getenv("JAYWAY_WORK_DIR"))
                                     : std::filesystem::path(tmp ? tmp : "/tmp") / "sfnsim-jayway";
  if (!on_path("java") || !on_path("javac") || !on_path("python3")) {
    GTEST_SKIP() << "java, javac or python3 missing";
  }
  if (cached_classpath(work).empty()) {
    GTEST_SKIP() << "no cached Jayway classpath in " << work << " (run tools/jayway/run.sh once)";
  }
  const std::filesystem::path tools = std::filesystem::path(SFNSIM_SOURCE_DIR) / "tools" / "jayway";
  const std::filesystem::path out = work / "live-campaign.jsonl";
  const std::string command = "python3 '" + (tools / "gen_cases.py").string() +
                              "' 400 20240917 | JAYWAY_WORK_DIR='" + work.string() + "' '" +
                              (tools / "run.sh").string() + "' > '" + out.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out);
  ASSERT_TRUE(in);
  const Tally t = check_lines(in);
  EXPECT_EQ(t.cases, 400);
  EXPECT_EQ(t.failures, 0) << t.failures << " of " << t.cases << " live cases differ from Jayway";
}

}  // namespace
}  // namespace sfn::path
