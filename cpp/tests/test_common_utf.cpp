// The UTF-8/UTF-16 helpers (common/utf.h). Java's String.length and compareTo values were printed
// by OpenJDK 17 (tools/reference/JavaIntrinsicsReference.java); engine strings are WTF-8, so a
// lone surrogate (ED A0 80 is U+D800) stands for the one char Java and JavaScript hold.
#include <gtest/gtest.h>

#include <string>

#include "common/utf.h"

namespace sfn {
namespace {

TEST(CommonUtf, Utf16LengthCountsJavaChars) {
  struct Case {
    const char* utf8;
    std::size_t length;
  };
  const Case cases[] = {
      {"", 0},
      {"abc", 3},
      {"\xED\xA0\x80", 1},  // U+D800 alone
      {"a\xED\xB0\x80"
       "b",
       3},                       // a, U+DC00 alone, b
      {"\xF0\x9F\x98\x80", 2},   // U+1F600
      {"\xF0\x90\x80\x80", 2},   // U+10000
      {"\xC3\xA9t\xC3\xA9", 3},  // "été"
      {"\xEF\xBF\xBF", 1},       // U+FFFF
  };
  for (const Case& c : cases) EXPECT_EQ(utf::utf16_length(c.utf8), c.length) << c.utf8;
}

TEST(CommonUtf, CodePointCountCountsCharacters) {
  EXPECT_EQ(utf::code_point_count(""), 0u);
  EXPECT_EQ(utf::code_point_count("abc"), 3u);
  EXPECT_EQ(utf::code_point_count("\xC3\xA9t\xC3\xA9"), 3u);
  EXPECT_EQ(utf::code_point_count("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(utf::code_point_count("\xED\xA0\x80"
                                  "a"),
            2u);  // U+D800 alone, then a
}

TEST(CommonUtf, CompareOrdersByUtf16Units) {
  struct Case {
    const char* a;
    const char* b;
    int sign;
  };
  const Case cases[] = {
      {"\xF0\x9F\x98\x80", "\xEF\xBF\xBF", -1},  // a pair sorts below U+FFFF
      {"\xED\xA0\x80", "\xF0\x90\x80\x80", -1},  // U+D800 alone is a prefix of U+10000
      {"\xED\xB0\x80", "\xF0\x90\x80\x80", 1},   // U+DC00 alone sorts above its lead D800
      {"\xED\xA0\x80"
       "a",
       "\xF0\x90\x80\x80", -1},  // U+D800 then a, below U+D800 U+DC00
      {"abc", "abd", -1},
      {"ab", "abc", -1},
      {"\xC3\xA9", "z", 1},
      {"same", "same", 0},
  };
  for (const Case& c : cases) {
    const int got = utf::compare_utf16(c.a, c.b);
    EXPECT_EQ((got > 0) - (got < 0), c.sign) << c.a << " vs " << c.b;
    EXPECT_EQ((got > 0) - (got < 0),
              -((utf::compare_utf16(c.b, c.a) > 0) - (utf::compare_utf16(c.b, c.a) < 0)));
  }
}

TEST(CommonUtf, ConvertsBetweenUtf8AndUtf16) {
  EXPECT_EQ(utf::to_utf16("a\xC3\xA9\xF0\x9F\x98\x80"),
            (std::u16string{u'a', 0xE9, 0xD83D, 0xDE00}));
  EXPECT_EQ(utf::to_utf16("\xED\xA0\x80"), std::u16string(1, char16_t{0xD800}));
  EXPECT_EQ(utf::to_utf8(std::u16string{u'a', 0xE9, 0xD83D, 0xDE00}), "a\xC3\xA9\xF0\x9F\x98\x80");
  // Out of UTF-16, a lone surrogate has no UTF-8 form: U+FFFD, as Java's encoder writes it.
  EXPECT_EQ(utf::to_utf8(std::u16string(1, char16_t{0xD800})), "\xEF\xBF\xBD");
  EXPECT_EQ(utf::to_utf8(std::u16string{0xDE00, u'x'}), "\xEF\xBF\xBDx");
}

TEST(CommonUtf, DecodesWtf8AndReplacesWhatIsNoUtf8) {
  // The rule (common/utf.h): a lone surrogate decodes as itself; every byte of a stray
  // continuation, an overlong form, a cut-off sequence or a value past U+10FFFF is one U+FFFD.
  struct Case {
    std::string bytes;
    std::u32string code_points;
  };
  const Case cases[] = {
      {"\xED\xA0\x80", {0xD800}},
      {"\x80x", {0xFFFD, U'x'}},
      {"\xC0\x80", {0xFFFD, 0xFFFD}},
      {"\xE0\x80\x80", {0xFFFD, 0xFFFD, 0xFFFD}},
      {"\xE2\x82", {0xFFFD, 0xFFFD}},
      {"\xF4\x90\x80\x80", {0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}},
      {"\xF8", {0xFFFD}},
      {"\xF4\x8F\xBF\xBF", {0x10FFFF}},
  };
  for (const Case& c : cases) {
    std::u32string got;
    for (std::size_t i = 0; i < c.bytes.size();) got.push_back(utf::next_code_point(c.bytes, i));
    EXPECT_EQ(got, c.code_points) << c.bytes;
  }
  std::string out;
  utf::append_utf8(out, 0xD800);
  EXPECT_EQ(out, "\xED\xA0\x80");  // and encodes back to the same bytes
}

}  // namespace
}  // namespace sfn
