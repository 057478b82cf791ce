// Extra expressions (number printing, non-ASCII strings, date and number pictures, regexes,
// operators) with the answers jsonata-js 2.0.6 gave for them, recorded by
// tools/jsonata-ref/compare.sh into cpp/tests/data/jsonata_reference_cases.jsonl.
#include <gtest/gtest.h>

#include <fstream>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {
namespace {

TEST(JsonataReference, RecordedJsonataJsAnswers) {
  std::ifstream in(SFNSIM_SOURCE_DIR "/cpp/tests/data/jsonata_reference_cases.jsonl");
  ASSERT_TRUE(in) << "missing reference cases";
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json c = Json::parse(line);
    ++count;
    const std::string expr = c["expr"].get<std::string>();
    const Json& expect = c["expect"];
    auto compiled = compile(expr);
    Options o;
    o.now_millis = 1700000000000;
    if (!compiled) {
      EXPECT_EQ(expect.value("code", ""), compiled.error().code) << expr;
      continue;
    }
    const Json* input = c.contains("input") ? &c["input"] : nullptr;
    auto r = evaluate(*compiled, input, {}, o);
    if (!r) {
      EXPECT_EQ(expect.value("code", ""), r.error().code) << expr << ": " << r.error().message;
      continue;
    }
    if (expect.contains("code")) {
      ADD_FAILURE() << expr << ": expected " << expect["code"] << ", got "
                    << (r->is_undefined() ? "undefined" : r->value.dump());
    } else if (expect.contains("undefined")) {
      EXPECT_TRUE(r->is_undefined()) << expr << " gave " << r->value.dump();
    } else {
      ASSERT_FALSE(r->is_undefined()) << expr;
      // compare as JSON text after a numeric round trip (1 vs 1.0)
      EXPECT_EQ(Json::parse(r->value.dump()), Json::parse(expect["result"].dump())) << expr;
    }
  }
  EXPECT_GT(count, 300);
}

}  // namespace
}  // namespace sfn::jsonata
