// Differential test against the Java model of the intrinsic functions (tools/intrinsics-oracle/:
// each States.* function written with the JDK and Jackson calls docs/intrinsics.md says AWS's
// behaviour follows). Every line of data/intrinsics_java_random.jsonl is a generated call with its
// already evaluated arguments and the model's answer: a value, or States.IntrinsicFailure with its
// cause, or a shape for random results. sfnsim evaluates the same call, each argument given as a
// path into an input holding the argument's exact text, and must agree exactly: same value (type
// of number, -0.0, key order included), same error and cause.
//
// IntrinsicsJavaLive regenerates a few hundred cases and asks the model itself when Java, Python
// and the oracle's cached classpath are there; tools/intrinsics-oracle/campaign.sh runs long
// campaigns through this test (SFNSIM_INTRINSICS_GOLDEN).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "common/random.h"
#include "intrinsics/intrinsics.h"
#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::intrinsics {
namespace {

const std::filesystem::path kData =
    std::filesystem::path(SFNSIM_SOURCE_DIR) / "cpp" / "tests" / "data";
const std::filesystem::path kTools =
    std::filesystem::path(SFNSIM_SOURCE_DIR) / "tools" / "intrinsics-oracle";

// The same value with the same JSON form: integer against integer (signed or unsigned), decimal
// against decimal bit for bit (-0.0 is not 0.0), objects with their keys in the same order.
bool identical(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) return a == b;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::number_float: {
      const double x = a.get<double>();
      const double y = b.get<double>();
      return x == y && std::signbit(x) == std::signbit(y);
    }
    case Json::value_t::array:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!identical(a[i], b[i])) return false;
      }
      return true;
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto ia = a.begin();
      for (auto ib = b.begin(); ib != b.end(); ++ia, ++ib) {
        if (ia.key() != ib.key() || !identical(ia.value(), ib.value())) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

std::string describe(const Expected<Json>& r) {
  if (r) return "value " + to_text(*r);
  return "failure " + r.error().error + ": " + r.error().cause;
}

// Evaluates the case's call with sfnsim; empty when it agrees with the model, else what differs.
std::string check_case(const Json& c) {
  const std::string fn = c.at("fn").get<std::string>();
  const Json& args = c.at("args");
  Json input = Json::object();
  std::string text = "States." + fn + "(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string key = "a" + std::to_string(i);
    input[key] = args[i];
    text += (i ? ", $." : "$.") + key;
  }
  text += ")";
  auto compiled = compile(text);
  if (!compiled) return "does not compile: " + compiled.error().message;
  const Json context = Json::object();
  const path::VariableLookup lookup = [](std::string_view) -> const Json* { return nullptr; };
  Rng rng(7);
  const auto ours = evaluate(*compiled, path::Scope{&input, &context, &lookup}, rng, "r.$");
  if (c.contains("result")) {
    if (ours && identical(*ours, c.at("result"))) return {};
    return "ours: " + describe(ours) + "\n  Java: value " + to_text(c.at("result"));
  }
  if (c.contains("error")) {
    if (!ours && ours.error().error == c.at("error").get<std::string>() &&
        ours.error().cause == c.at("cause").get<std::string>()) {
      return {};
    }
    return "ours: " + describe(ours) + "\n  Java: failure " + c.at("error").get<std::string>() +
           ": " + c.at("cause").get<std::string>();
  }
  const std::string shape = c.at("shape").get<std::string>();
  if (!ours) return "ours: " + describe(ours) + "\n  Java: a " + shape;
  if (shape == "uuid") {
    static const std::regex kUuid(
        "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    if (ours->is_string() && std::regex_match(ours->get<std::string>(), kUuid)) return {};
    return "ours: " + describe(ours) + "\n  Java: a version 4 UUID";
  }
  // shape "random": an integer in [low, high]
  if (ours->is_number_integer() && *ours >= c.at("low") && *ours <= c.at("high")) return {};
  return "ours: " + describe(ours) + "\n  Java: an integer in [" + to_text(c.at("low")) + ", " +
         to_text(c.at("high")) + "]";
}

struct Tally {
  int cases = 0;
  int skipped = 0;
  int failures = 0;
  std::map<std::string, int> by_function;
};

// Checks every line of `in`, reporting the first 50 disagreements in full.
Tally check_lines(std::istream& in) {
  Tally t;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json c;
    std::string error;
    if (!parse_text(line, c, error)) {
      ADD_FAILURE() << "unreadable line (" << error << "): " << line.substr(0, 200);
      ++t.failures;
      continue;
    }
    ++t.cases;
    if (c.contains("skip")) {
      ++t.skipped;
      continue;
    }
    const std::string what = check_case(c);
    if (what.empty()) continue;
    ++t.by_function[c.at("fn").get<std::string>()];
    if (++t.failures <= 50) {
      ADD_FAILURE() << "case " << c.at("id") << " States." << c.at("fn").get<std::string>()
                    << " args " << to_text(c.at("args")).substr(0, 300) << "\n  " << what;
    }
  }
  return t;
}

std::string summary(const Tally& t) {
  std::string s;
  for (const auto& [fn, n] : t.by_function) s += " " + fn + "=" + std::to_string(n);
  return s;
}

std::filesystem::path golden_file() {
  if (const char* other = std::getenv("SFNSIM_INTRINSICS_GOLDEN")) return other;
  return kData / "intrinsics_java_random.jsonl";
}

TEST(IntrinsicsJavaGolden, EveryModelledCaseMatches) {
  std::ifstream in(golden_file());
  ASSERT_TRUE(in) << "missing " << golden_file();
  const Tally t = check_lines(in);
  EXPECT_GT(t.cases, 0);
  RecordProperty("cases", t.cases);
  RecordProperty("skipped", t.skipped);
  EXPECT_EQ(t.failures, 0) << t.failures << " of " << t.cases << " cases (" << t.skipped
                           << " skipped) differ from the Java model:" << summary(t);
}

bool on_path(const char* program) {
  const std::string probe = std::string("command -v ") + program + " >/dev/null 2>&1";
  return std::system(probe.c_str()) == 0;
}

// The classpath run.sh caches, when every jar on it is there.
bool classpath_cached(const std::filesystem::path& work) {
  std::ifstream in(work / "classpath.txt");
  std::string cp;
  if (!in || !std::getline(in, cp) || cp.empty()) return false;
  std::stringstream parts(cp);
  std::string jar;
  while (std::getline(parts, jar, ':')) {
    if (!std::filesystem::exists(jar)) return false;
  }
  return true;
}

// A fixed-seed campaign through the Java model itself: skipped without Java, Python or the
// classpath run.sh caches (run `tools/intrinsics-oracle/run.sh < /dev/null` once to cache it).
TEST(IntrinsicsJavaLive, FixedSeedCampaignMatchesTheJavaModel) {
  const char* tmp = std::getenv("TMPDIR");
  const char* dir = std::getenv("INTRINSICS_ORACLE_WORK_DIR");
  const std::filesystem::path work =
      dir ? std::filesystem::path(dir)
          : std::filesystem::path(tmp ? tmp : "/tmp") / "sfnsim-intrinsics-oracle";
  if (!on_path("java") || !on_path("javac") || !on_path("python3")) {
    GTEST_SKIP() << "java, javac or python3 missing";
  }
  if (!classpath_cached(work)) {
    GTEST_SKIP() << "no cached Jackson classpath in " << work
                 << " (run tools/intrinsics-oracle/run.sh < /dev/null once)";
  }
  const std::filesystem::path out = work / "live-campaign.jsonl";
  const std::string command = "python3 '" + (kTools / "gen_cases.py").string() +
                              "' 300 20261207 | INTRINSICS_ORACLE_WORK_DIR='" + work.string() +
                              "' '" + (kTools / "run.sh").string() + "' > '" + out.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out);
  ASSERT_TRUE(in);
  const Tally t = check_lines(in);
  EXPECT_EQ(t.cases, 300);
  EXPECT_EQ(t.failures, 0) << t.failures << " of " << t.cases
                           << " live cases differ from the Java model:" << summary(t);
}

}  // namespace
}  // namespace sfn::intrinsics
