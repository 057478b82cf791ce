// Randomized robustness: generated and mutated intrinsic calls and payload templates must compile
// or be refused, and evaluate or fail with an ASL error, without exceptions, crashes or hangs.
// Deterministic (fixed seeds) so a failure reproduces.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "intrinsics_test_support.h"
#include "payload/payload_template.h"

namespace sfn {
namespace {

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

  std::string call(int depth) {
    struct Fn {
      const char* name;
      std::size_t min;
      std::size_t max;
    };
    static const std::vector<Fn> kFunctions = {
        {"Format", 1, 4},      {"StringToJson", 1, 1},   {"JsonToString", 1, 1},
        {"Array", 0, 4},       {"ArrayPartition", 2, 2}, {"ArrayContains", 2, 2},
        {"ArrayRange", 3, 3},  {"ArrayGetItem", 2, 2},   {"ArrayLength", 1, 1},
        {"ArrayUnique", 1, 1}, {"Base64Encode", 1, 1},   {"Base64Decode", 1, 1},
        {"Hash", 2, 2},        {"JsonMerge", 3, 3},      {"MathRandom", 2, 3},
        {"MathAdd", 2, 2},     {"StringSplit", 2, 2},    {"UUID", 0, 0},
        {"Nope", 0, 2},        {"array", 0, 1}};
    const Fn& fn = kFunctions[pick(kFunctions.size())];
    std::string out = std::string("States.") + fn.name + "(";
    // Mostly the right number of arguments, so most calls get as far as evaluation.
    const std::size_t n = chance(85) ? fn.min + pick(fn.max - fn.min + 1) : pick(5);
    for (std::size_t i = 0; i < n; ++i) {
      if (i) out += chance(98) ? ", " : " ";
      out += argument(depth);
    }
    return out + (chance(98) ? ")" : "");
  }

  std::string argument(int depth) {
    switch (pick(depth < 4 ? 9 : 8)) {
      case 0:
        return string_literal();
      case 1:
        return std::to_string(static_cast<int>(pick(2001)) - 1000);
      case 2: {
        static const std::vector<std::string> kNumbers = {
            "0", "-0", "1.5", "-2.5", "1e3", "2147483648", "1e400", "0.0001", "9e18", "-1"};
        return kNumbers[pick(kNumbers.size())];
      }
      case 3: {
        static const std::vector<std::string> kWords = {"true", "false", "null"};
        return kWords[pick(kWords.size())];
      }
      case 4:
      case 5:
      case 6: {
        static const std::vector<std::string> kPaths = {"$",
                                                        "$.s",
                                                        "$.n",
                                                        "$.f",
                                                        "$.arr",
                                                        "$.obj",
                                                        "$.nested.list[0]",
                                                        "$.missing",
                                                        "$$",
                                                        "$$.Execution.Name",
                                                        "$var",
                                                        "$var.k",
                                                        "$.arr[*]",
                                                        "$..k",
                                                        "$['s']",
                                                        "$.json",
                                                        "$.b64",
                                                        "$.big"};
        return kPaths[pick(kPaths.size())];
      }
      case 7:
        return garbage();
      default:
        return call(depth + 1);
    }
  }

  std::string string_literal() {
    static const std::vector<std::string> kPieces = {
        "a",          "{}",    "\\{",     "\\}", "\\'",  "\\\\", " ",  ",", "é", "\xF0\x9F\x98\x80",
        "{\"k\": 1}", "[1,2]", "SHA-256", "MD5", "YQ==", "\\n",  "\n", ")", "(", "$.s",
        "null"};
    std::string out = "'";
    const std::size_t n = pick(6);
    for (std::size_t i = 0; i < n; ++i) out += kPieces[pick(kPieces.size())];
    return out + (chance(97) ? "'" : "");
  }

  std::string garbage() {
    static const std::string kChars = "$.'(),{}[]\\ \"?@*-+e0123456789States.aZ\t\n";
    std::string out;
    const std::size_t n = 1 + pick(6);
    for (std::size_t i = 0; i < n; ++i) out += kChars[pick(kChars.size())];
    return out;
  }

  std::string mutate(std::string s) {
    const std::size_t edits = 1 + pick(4);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = s.empty() ? 0 : pick(s.size() + 1);
      switch (pick(4)) {
        case 0:
          if (at < s.size()) s.erase(at, 1 + pick(3));
          break;
        case 1:
          s.insert(at, garbage());
          break;
        case 2:
          if (at < s.size()) s[at] = static_cast<char>(pick(256));
          break;
        default:
          s = s.substr(0, at);
          break;
      }
    }
    return s;
  }

  Json template_value(int depth) {
    switch (pick(depth < 4 ? 6 : 4)) {
      case 0:
        return Json(static_cast<int>(pick(100)));
      case 1:
        return Json(string_literal());
      case 2:
        return Json(nullptr);
      case 3:
        return Json(argument(3));
      case 4: {
        Json array = Json::array();
        for (std::size_t i = pick(4); i > 0; --i) array.push_back(template_value(depth + 1));
        return array;
      }
      default:
        return template_object(depth + 1);
    }
  }

  Json template_object(int depth) {
    Json object = Json::object();
    for (std::size_t i = pick(5); i > 0; --i) {
      std::string key = "k" + std::to_string(pick(6));
      if (chance(50)) {
        key += ".$";
        object[key] = chance(50)   ? Json(call(1))
                      : chance(80) ? Json(argument(4))
                                   : template_value(depth);
      } else {
        object[key] = template_value(depth);
      }
    }
    return object;
  }

 private:
  std::mt19937 rng_;
};

testing::Documents fuzz_documents() {
  testing::Documents d;
  d.input = Json::parse(R"({"s": "a,b,c", "n": 7, "f": 2.5, "arr": [1, "x", null, [2], {"k": 1}],
    "obj": {"k": "v", "z": [true]}, "nested": {"list": ["q"]}, "json": "{\"a\": [1, 2]}",
    "b64": "SGk=", "big": 18446744073709551615})");
  d.context = Json::parse(R"({"Execution": {"Name": "e", "Input": {}}})");
  d.lookup = [](std::string_view name) -> const Json* {
    static const Json kVar = Json::parse(R"({"k": [1, 2, 3]})");
    return name == "var" ? &kVar : nullptr;
  };
  return d;
}

void expect_asl_failure(const Failure& f, const std::string& text) {
  EXPECT_TRUE(f.error == "States.Runtime" || f.error == "States.IntrinsicFailure")
      << text << " -> " << f.error << ": " << f.cause;
  EXPECT_FALSE(f.cause.empty()) << text;
}

TEST(IntrinsicsFuzz, GeneratedAndMutatedCallsNeverThrow) {
  const auto start = std::chrono::steady_clock::now();
  Generator gen(20240611);
  const testing::Documents docs = fuzz_documents();
  std::vector<std::string> corpus = {"States.Format('{} and {}', $.s, States.Array(1, 2))",
                                     "States.JsonMerge(States.StringToJson($.json), $.obj, false)",
                                     "States.ArrayPartition(States.ArrayRange(1, 50, 3), 4)",
                                     "States.Hash(States.Base64Decode($.b64), 'SHA-512')",
                                     "States.StringSplit($.s, ',')",
                                     "States.MathRandom($.n, 100, 5)"};
  constexpr int kCalls = 30000;
  int compiled = 0;
  int evaluated_ok = 0;
  for (int i = 0; i < kCalls; ++i) {
    std::string text = i % 3 == 0 ? gen.mutate(corpus[gen.pick(corpus.size())]) : gen.call(1);
    try {
      auto expr = intrinsics::compile(text);
      if (!expr) continue;
      ++compiled;
      if (corpus.size() < 200 && gen.chance(5)) corpus.push_back(text);
      Rng rng1(3);
      Rng rng2(3);
      auto a = intrinsics::evaluate(*expr, docs.scope(), rng1, "f.$");
      auto b = intrinsics::evaluate(*expr, docs.scope(), rng2, "f.$");
      ASSERT_EQ(a.ok(), b.ok()) << text;
      if (a.ok()) {
        ++evaluated_ok;
        EXPECT_EQ(to_text(a.value()), to_text(b.value())) << text;  // deterministic per seed
      } else {
        expect_asl_failure(a.error(), text);
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "exception for " << text << ": " << e.what();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ fuzz ] " << kCalls << " calls: " << compiled << " compiled, " << evaluated_ok
            << " evaluated to a value, " << seconds << " s\n";
  EXPECT_GT(compiled, 5000);
  EXPECT_GT(evaluated_ok, 1500);
}

TEST(IntrinsicsFuzz, RandomBytesNeverThrow) {
  std::mt19937 rng(77);
  for (int i = 0; i < 5000; ++i) {
    std::string text = "States.";
    const std::size_t n = rng() % 40;
    for (std::size_t k = 0; k < n; ++k) text.push_back(static_cast<char>(rng() % 256));
    EXPECT_NO_THROW({
      auto expr = intrinsics::compile(text);
      (void)expr;
    });
  }
}

TEST(PayloadFuzz, GeneratedTemplatesNeverThrow) {
  Generator gen(99);
  const testing::Documents docs = fuzz_documents();
  int compiled = 0;
  for (int i = 0; i < 3000; ++i) {
    const Json tpl = gen.template_object(0);
    try {
      auto t = payload::compile(tpl, "/Parameters");
      if (!t) {
        for (const payload::Problem& p : t.error()) {
          EXPECT_TRUE(p.pointer.starts_with("/Parameters")) << p.pointer;
          EXPECT_FALSE(p.message.empty());
        }
        continue;
      }
      ++compiled;
      Rng rng(5);
      auto out = payload::evaluate(*t, docs.scope(), rng);
      if (out.ok()) {
        EXPECT_TRUE(out.value().is_object()) << to_text(tpl);
        EXPECT_LE(out.value().size(), tpl.size()) << to_text(tpl);
      } else {
        expect_asl_failure(out.error(), to_text(tpl));
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "exception for " << to_text(tpl) << ": " << e.what();
    }
  }
  EXPECT_GT(compiled, 300);
}

}  // namespace
}  // namespace sfn
