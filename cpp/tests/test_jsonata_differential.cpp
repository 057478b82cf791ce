// Differential test against jsonata-js 2.0.6: every line of data/jsonata_js_random.jsonl is a
// generated (expression, input) pair (tools/jsonata-ref/gen_cases.py, fixed seed) with the answer
// jsonata-js gave (tools/jsonata-ref/golden.js): the result as JSON.stringify prints it,
// undefined, a function, or an error code with its position. sfnsim's JSONata, in plain mode
// (not AWS's dialect), must give the same answer. JsonataJsLive runs a fresh fixed-seed campaign
// through jsonata-js itself when node and the npm package are installed.
// data/jsonata_js_regressions.jsonl holds the campaigns' findings, fixed in the engine
// (tools/jsonata-ref/regressions.jsonl answered by jsonata-js).
//
// Compared modulo the deviations of docs/semantics/jsonata.md: objects are compared in
// JavaScript's key order (integer-like keys first), which sfnsim does not keep; a disagreement
// that a documented deviation explains (differential::deviation) is counted per deviation;
// cases where jsonata-js never returns ("hang") or throws a code-less JavaScript exception are
// counted, not compared.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "json/json.h"
#include "jsonata/jsonata.h"
#include "jsonata/number_text.h"
#include "jsonata_differential.h"

namespace sfn::jsonata {
namespace {

const std::filesystem::path kSource = SFNSIM_SOURCE_DIR;
using differential::our_answer;
using differential::same;

struct Tally {
  int cases = 0;
  int failures = 0;
  int not_compared = 0;                   // jsonata-js hung or threw a code-less exception
  std::map<std::string, int> deviations;  // explained by a row of docs/semantics/jsonata.md
};

Tally check_lines(std::istream& in, std::ostream* diffs) {
  Tally t;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Json c = Json::parse(line);
    ++t.cases;
    const Json& js = c.at("expect");
    if (js.contains("hang") || js.value("code", "") == "JS_ERROR") {
      ++t.not_compared;
      continue;
    }
    const Json ours = our_answer(c);
    if (same(js, ours)) continue;
    const std::string why = differential::deviation(c, js, ours);
    if (!why.empty()) {
      ++t.deviations[why];
      continue;
    }
    if (diffs) {
      Json d = c;
      d["ours"] = ours;
      *diffs << d.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    }
    if (++t.failures <= 30) {
      ADD_FAILURE() << c.at("expr").get<std::string>() << "\n  input: "
                    << (c.contains("input") ? c.at("input").dump().substr(0, 300) : "(none)")
                    << "\n  jsonata-js: " << js.dump() << "\n  sfnsim:     " << ours.dump();
    }
  }
  return t;
}

// SFNSIM_JSONATA_GOLDEN points the test at another golden file (a long campaign of
// tools/jsonata-ref/campaign.sh); SFNSIM_JSONATA_DIFFS names a file that receives every
// disagreement as a JSON line, for triage.
void check_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  ASSERT_TRUE(in) << "missing " << file;
  std::ofstream diffs;
  if (const char* d = std::getenv("SFNSIM_JSONATA_DIFFS")) diffs.open(d);
  const Tally t = check_lines(in, diffs.is_open() ? &diffs : nullptr);
  EXPECT_GT(t.cases, 0) << file;
  std::printf("[jsonata-js differential] %s: %d cases, %d differ, %d not compared\n",
              file.filename().c_str(), t.cases, t.failures, t.not_compared);
  for (const auto& [why, n] : t.deviations) std::printf("  deviation %s: %d\n", why.c_str(), n);
  EXPECT_EQ(t.failures, 0) << t.failures << " of " << t.cases << " cases in " << file
                           << " differ from jsonata-js";
}

TEST(JsonataJsGolden, EveryRecordedCaseMatches) {
  if (const char* other = std::getenv("SFNSIM_JSONATA_GOLDEN")) {
    check_file(other);
    return;
  }
  check_file(kSource / "cpp/tests/data/jsonata_js_regressions.jsonl");
  check_file(kSource / "cpp/tests/data/jsonata_js_random.jsonl");
}

bool on_path(const char* program) {
  const std::string probe = std::string("command -v ") + program + " >/dev/null 2>&1";
  return std::system(probe.c_str()) == 0;
}

// A fixed-seed campaign through jsonata-js itself, a few hundred cases: skipped without node,
// python3 or the npm package (`cd tools/jsonata-ref && npm ci`).
TEST(JsonataJsLive, FixedSeedCampaignMatchesJsonataJs) {
  const std::filesystem::path tools = kSource / "tools/jsonata-ref";
  if (!on_path("node") || !on_path("python3")) GTEST_SKIP() << "node or python3 missing";
  if (!std::filesystem::exists(tools / "node_modules/jsonata/package.json")) {
    GTEST_SKIP() << "jsonata-js not installed (cd tools/jsonata-ref && npm ci)";
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path out =
      std::filesystem::path(tmp ? tmp : "/tmp") /
      ("sfnsim-jsonata-live-" + std::to_string(::getpid()) + ".jsonl");
  const std::string command = "python3 '" + (tools / "gen_cases.py").string() +
                              "' 300 20250101 | python3 '" + (tools / "run_reference.py").string() +
                              "' > '" + out.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out);
  ASSERT_TRUE(in);
  const Tally t = check_lines(in, nullptr);
  std::filesystem::remove(out);
  EXPECT_EQ(t.cases, 300);
  EXPECT_EQ(t.failures, 0) << t.failures << " of " << t.cases
                           << " live cases differ from jsonata-js";
}

}  // namespace
}  // namespace sfn::jsonata
