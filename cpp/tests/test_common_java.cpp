// Java's renderings and orders (common/java.h), checked against values printed by OpenJDK 17
// (tools/reference/JavaIntrinsicsReference.java; rerun it to regenerate these expectations).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "common/java.h"

namespace sfn {
namespace {

double from_bits(std::int64_t bits) { return std::bit_cast<double>(bits); }

TEST(CommonJava, DoubleToStringMatchesJava) {
  struct Case {
    std::int64_t bits;
    const char* expected;
  };
  const Case cases[] = {
      {4607182418800017408LL, "1.0"},
      {4607632778762754458LL, "1.1"},
      {4591870180066957722LL, "0.1"},
      {INT64_MIN, "-0.0"},
      {0LL, "0.0"},
      {4636737291354636288LL, "100.0"},
      {4711630319722168320LL, "1.0E7"},
      {4711630319185297408LL, "9999999.0"},
      {4562254508917369340LL, "0.001"},
      {4562249897231350913LL, "9.99E-4"},
      {4547007122018943789LL, "1.0E-4"},
      {4683220299150161609LL, "123456.789"},
      {4921056587992461136LL, "1.0E21"},
      {4936209963552724370LL, "1.0E22"},
      {9097811302482466869LL, "1.5E300"},
      {1LL, "4.9E-324"},
      {9218868437227405311LL, "1.7976931348623157E308"},
      {-4610560118520545280LL, "-2.5"},
      {4599075939470750515LL, "0.3"},
      {4604180019048437077LL, "0.6666666666666666"},
      {4846369599423283200LL, "1.0E16"},
      {4712889646492470477LL, "1.23456789E7"},
      {4563333643445681349LL, "0.001234"},
      {4636772475726725120LL, "100.5"},
      {9221120237041090560LL, "NaN"},
      {9218868437227405312LL, "Infinity"},
      {-4503599627370496LL, "-Infinity"},
  };
  for (const Case& c : cases) EXPECT_EQ(java::double_to_string(from_bits(c.bits)), c.expected);
}

TEST(CommonJava, StringHashCodeMatchesJava) {
  EXPECT_EQ(java::string_hash(""), 0);
  EXPECT_EQ(java::string_hash("a"), 97);
  EXPECT_EQ(java::string_hash("constant_in_literal"), -960535792);
  EXPECT_EQ(java::string_hash("\xc3"
                              "\xa9"
                              "t\xc3"
                              "\xa9"
                              ""),
            227742);
  EXPECT_EQ(java::string_hash("\xf0"
                              "\x9f"
                              "\x98"
                              "\x80"
                              "x"),
            54959989);
  EXPECT_EQ(java::string_hash("Values"), -1739945662);
}

TEST(CommonJava, HashMapOrderMatchesJava) {
  EXPECT_EQ(java::hashmap_order({"Iterations", "Values"}), (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(java::hashmap_order({"encoded", "decoded"}), (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(java::hashmap_order({"mergedJson", "parsedJson", "stringifiedJson"}),
            (std::vector<std::size_t>{1, 0, 2}));
  EXPECT_EQ(java::hashmap_order({"constant_in_literal", "constant_input_field"}),
            (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(
      java::hashmap_order({"key0",  "key1",  "key2",  "key3",  "key4",  "key5",  "key6",  "key7",
                           "key8",  "key9",  "key10", "key11", "key12", "key13", "key14", "key15",
                           "key16", "key17", "key18", "key19", "key20", "key21", "key22", "key23",
                           "key24", "key25", "key26", "key27", "key28", "key29", "key30", "key31",
                           "key32", "key33", "key34", "key35", "key36", "key37", "key38", "key39"}),
      (std::vector<std::size_t>{1,  2,  0,  5,  6,  3,  4,  9,  7,  8,  22, 21, 20, 15,
                                37, 14, 36, 13, 35, 12, 34, 19, 18, 17, 39, 16, 38, 11,
                                33, 10, 32, 31, 30, 26, 25, 24, 23, 29, 28, 27}));
  EXPECT_EQ(java::hashmap_order({"A", "Q", "a", "q",
                                 "\xc2"
                                 "\x81"
                                 "",
                                 "\xc2"
                                 "\x91"
                                 "",
                                 "\xc2"
                                 "\xa1"
                                 "",
                                 "\xc2"
                                 "\xb1"
                                 "",
                                 "\xc3"
                                 "\x81"
                                 "",
                                 "\xc3"
                                 "\x91"
                                 ""}),
            (std::vector<std::size_t>{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}));
  EXPECT_EQ(java::hashmap_order({"\xc3"
                                 "\xa9"
                                 "",
                                 "z",
                                 "\xf0"
                                 "\x9f"
                                 "\x98"
                                 "\x80"
                                 "",
                                 "A", "b"}),
            (std::vector<std::size_t>{3, 4, 2, 0, 1}));
}

TEST(CommonJava, DoubleToStringOfBoundsAndEpochSeconds) {
  // The validator's bounds ("Maximum value is 1.0E9") and the service's epoch seconds.
  struct Case {
    std::int64_t bits;
    const char* expected;
  };
  const Case cases[] = {
      {4741671816366391296LL, "1.0E9"},
      {4741671816370585600LL, "1.0000000005E9"},
      {4744917124794277691LL, "1.700000000123E9"},
      {4744917124793761792LL, "1.7E9"},
      {4726483295817170944LL, "9.9999999E7"},
      {4636737291354636288LL, "100.0"},
      {0LL, "0.0"},
  };
  for (const Case& c : cases) EXPECT_EQ(java::double_to_string(from_bits(c.bits)), c.expected);
}

TEST(CommonJava, StringHashCodeOfSurrogates) {
  // Engine strings are WTF-8: a lone surrogate (ED A0 80 for U+D800) is one char, as in the
  // Java String Jackson reads from the JSON escape of U+D800.
  EXPECT_EQ(java::string_hash("\xED\xA0\x80"), 55296);
  EXPECT_EQ(java::string_hash("a\xED\xB0\x80"
                              "b"),
            1839235);
  EXPECT_EQ(java::string_hash("\xF0\x9F\x98\x80"), 1772899);
  EXPECT_EQ(java::string_hash("\xF0\x90\x80\x80"), 1770496);
  EXPECT_EQ(java::string_hash("\xED\xA0\x80\xED\xB0\x80"), 1770496);  // the pair, in halves
  EXPECT_EQ(java::string_hash("\xEF\xBF\xBF"), 65535);
  EXPECT_EQ(java::string_hash("States"), -1808614878);
}

}  // namespace
}  // namespace sfn
