// Lone surrogates in JSON text (docs/semantics/execution.md E20, E21), checked against Jackson:
// data/jackson_lone_surrogates.jsonl holds, for every spelling of a surrogate in every place a
// string takes (tools/jackson-strings/gen_cases.py), whether Jackson 2.17.2 reads the text, the
// UTF-16 units of each key and string it reads, and the text writeValueAsBytes writes back
// (tools/jackson-strings/run.sh). Both of sfnsim's readers (payloads, definitions) and its writer
// must agree with every line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "asl/json_reader.h"
#include "common/utf.h"
#include "json/json.h"

namespace sfn {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(SFNSIM_SOURCE_DIR) / "cpp" / "tests" /
                                      "data" / "jackson_lone_surrogates.jsonl";

// The engine's text for UTF-16 units: pairs joined, a lone surrogate as its WTF-8 form (what the
// bindings make of a Python str holding one).
std::string wtf8(const std::vector<char32_t>& units) {
  std::string out;
  for (std::size_t i = 0; i < units.size(); ++i) {
    char32_t u = units[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      utf::append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (units[++i] - 0xDC00));
    } else {
      utf::append_utf8(out, u);
    }
  }
  return out;
}

// Every key and string value, depth first in document order, as UTF-16 units.
void collect(const Json& v, std::vector<std::vector<int>>& out) {
  auto units = [](const std::string& s) {
    std::vector<int> u;
    for (char16_t c : utf::to_utf16(s)) u.push_back(c);
    return u;
  };
  if (v.is_string()) {
    out.push_back(units(v.get_ref<const std::string&>()));
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      out.push_back(units(it.key()));
      collect(it.value(), out);
    }
  } else if (v.is_array()) {
    for (const Json& c : v) collect(c, out);
  }
}

// Json's own printer (dump) throws on WTF-8: failures show to_text's form.
testing::AssertionResult same(const Json& a, const Json& b) {
  if (a == b) return testing::AssertionSuccess();
  return testing::AssertionFailure() << to_text(a) << " != " << to_text(b);
}

// Whether the text holds a surrogate as itself, not spelled as an escape, outside a pair.
bool has_raw_lone_surrogate(const std::vector<char32_t>& units) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    char32_t u = units[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] <= 0xDFFF) {
      ++i;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      return true;
    }
  }
  return false;
}

TEST(JsonLoneSurrogates, ReadAndWrittenAsJacksonDoes) {
  std::ifstream in(kGolden);
  ASSERT_TRUE(in) << kGolden;
  int cases = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++cases;
    const Json c = Json::parse(line);
    std::vector<char32_t> units;
    for (const Json& u : c["text"]) units.push_back(u.get<char32_t>());
    const std::string text = wtf8(units);
    SCOPED_TRACE("case " + c["id"].dump() + ": " + text);
    const bool ok = c["ok"].get<bool>();

    Json value;
    std::string error;
    ASSERT_EQ(parse_text(text, value, error), ok) << error;

    // The definition reader takes the same escapes; raw surrogate bytes it refuses (E20).
    auto doc = asl::read_json(text);
    if (!ok || has_raw_lone_surrogate(units)) {
      EXPECT_FALSE(doc.ok());
    } else {
      ASSERT_TRUE(doc.ok()) << doc.error().message;
      EXPECT_TRUE(same(doc.value().value, value));
    }
    if (!ok) continue;

    std::vector<std::vector<int>> strings;
    collect(value, strings);
    EXPECT_TRUE(same(Json(strings), c["strings"]));

    // Written: Jackson's text exactly, except that sfnsim keeps a valid pair as raw UTF-8 where
    // Jackson's UTF-8 generator escapes it (E21); those compare as read back.
    const std::string written = to_text(value);
    const std::string& expected = c["written"].get_ref<const std::string&>();
    bool pair = false;
    for (char ch : written) pair = pair || static_cast<unsigned char>(ch) >= 0xF0;
    if (pair) {
      Json again;
      ASSERT_TRUE(parse_text(expected, again, error)) << error;
      EXPECT_TRUE(same(again, value));
    } else {
      EXPECT_EQ(written, expected);
    }
    EXPECT_EQ(text_size(value), written.size());
    Json back;
    ASSERT_TRUE(parse_text(written, back, error)) << error;
    EXPECT_TRUE(same(back, value));
  }
  EXPECT_GE(cases, 70);
}

// The stand-in the reader swaps lone surrogates for (json/indexed_parse.cpp) is a noncharacter
// the text does not hold; text holding the first ones still reads, the stand-ins it holds kept.
TEST(JsonLoneSurrogates, StandInsTheTextHoldsAreKept) {
  std::string text = "[\"";
  for (int k = 0; k < 31; ++k) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\u%04X", 0xFDD0 + k);
    text += hex;
  }
  text += "\\ud800\", \"\xEF\xB7\xAF\"]";  // the last one (U+FDEF) raw
  Json value;
  std::string error;
  // All 32 are in the text: the reader has no stand-in left and refuses, as before (a limit).
  EXPECT_FALSE(parse_text(text, value, error));
  text.replace(text.find("\xEF\xB7\xAF"), 3, "x");
  ASSERT_TRUE(parse_text(text, value, error)) << error;
  std::u16string first = utf::to_utf16(value[0].get<std::string>());
  ASSERT_EQ(first.size(), 32u);
  EXPECT_EQ(first[0], u'\uFDD0');
  EXPECT_EQ(first[31], 0xD800);
  EXPECT_EQ(to_text(value[1]), "\"x\"");
}

// Error positions are the lexer's own: the swap keeps every byte where it was.
TEST(JsonLoneSurrogates, ErrorsKeepTheirPositions) {
  Json value;
  std::string plain;
  std::string swapped;
  EXPECT_FALSE(parse_text("[\"\\u0041\", tru]", value, plain));
  EXPECT_FALSE(parse_text("[\"\\ud800\", tru]", value, swapped));
  EXPECT_EQ(swapped.substr(0, swapped.find("last read")), plain.substr(0, plain.find("last read")));
}

}  // namespace
}  // namespace sfn
