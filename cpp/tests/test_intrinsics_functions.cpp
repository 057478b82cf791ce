// Each intrinsic: results, refused arguments and limits. Arrays and objects come from nested
// States.Array / States.StringToJson calls so these tests need no path.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "intrinsics_test_support.h"

namespace sfn {
namespace {

using testing::run_intrinsic;

Json ok(std::string_view text) {
  auto r = run_intrinsic(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().error + " " + r.error().cause);
  return r.ok() ? r.value() : Json("<failed>");
}

// The call compiles but the function refuses its arguments when evaluated.
void refused(std::string_view text, std::string_view function) {
  auto r = run_intrinsic(text);
  ASSERT_FALSE(r.ok()) << text << " gave " << to_text(r.value());
  EXPECT_EQ(r.error().error, "States.IntrinsicFailure") << text << ": " << r.error().cause;
  EXPECT_EQ(r.error().cause, "Invalid arguments in " + std::string(function)) << text;
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

// Object keys in order, for checks that ordered_json's == would not make.
std::string keys_of(const Json& object) {
  std::string out;
  for (const auto& [key, value] : object.items()) out += key + ",";
  return out;
}

// Issue 13: objects of many keys. ordered_json finds a key by searching its entries, which made
// parsing, comparing and merging wide objects quadratic (50,000 keys: tens of seconds each).
constexpr int kWide = 50000;

Json wide_object(int n, bool reversed = false, int offset = 0) {
  Json out = Json::object();
  auto& members = out.get_ref<Json::object_t&>();
  for (int i = 0; i < n; ++i) {
    int k = reversed ? n - 1 - i : i;
    members.emplace_back("k" + std::to_string(k + offset), k);
  }
  return out;
}

// Runs `text` against `docs`, expecting it to finish within two seconds.
Expected<Json> timed(std::string_view text, const testing::Documents& docs) {
  auto started = std::chrono::steady_clock::now();
  auto out = run_intrinsic(text, docs);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2)) << text;
  return out;
}

// --- States.Format ---------------------------------------------------------------------------

TEST(IntrinsicFormat, InterpolatesInOrder) {
  EXPECT_EQ(ok("States.Format('Hello, my name is {}.', 'Arnav')"), "Hello, my name is Arnav.");
  EXPECT_EQ(ok("States.Format('{}{}-{}', 'a', 'b', 'c')"), "ab-c");
  EXPECT_EQ(ok("States.Format('no placeholders')"), "no placeholders");
  EXPECT_EQ(ok("States.Format('')"), "");
}

TEST(IntrinsicFormat, RendersValuesLikeJavaToString) {
  // Recorded on AWS: 1 -> "1", 1.1 -> "1.1", null -> "null", {"Arg1":1,"Arg2":[]} -> {Arg1=1,
  // Arg2=[]}, strings unquoted.
  EXPECT_EQ(ok("States.Format('{}', 1)"), "1");
  EXPECT_EQ(ok("States.Format('{}', 1.1)"), "1.1");
  EXPECT_EQ(ok("States.Format('{}', null)"), "null");
  EXPECT_EQ(ok("States.Format('{} {}', true, false)"), "true false");
  EXPECT_EQ(ok("States.Format('{}', States.StringToJson('{\"Arg1\": 1, \"Arg2\": []}'))"),
            "{Arg1=1, Arg2=[]}");
  EXPECT_EQ(ok("States.Format('{}', '{\"Arg1\": 1}')"), "{\"Arg1\": 1}");
  EXPECT_EQ(ok("States.Format('{}', States.Array(1, 'a', null, States.Array()))"),
            "[1, a, null, []]");
  EXPECT_EQ(ok("States.Format('{}', States.StringToJson('{\"a\": {\"b\": [\"x y\", 2.5]}}'))"),
            "{a={b=[x y, 2.5]}}");
  // Decimals as Java's Double.toString prints them.
  EXPECT_EQ(ok("States.Format('{}', 1.0)"), "1.0");
  EXPECT_EQ(ok("States.Format('{}', 10000000.0)"), "1.0E7");
  EXPECT_EQ(ok("States.Format('{}', 1e-4)"), "1.0E-4");
  EXPECT_EQ(ok("States.Format('{}', 123456.789)"), "123456.789");
  EXPECT_EQ(ok("States.Format('{}', -0.5)"), "-0.5");
  // Integers keep every digit.
  EXPECT_EQ(ok("States.Format('{}', 12345678901234567)"), "12345678901234567");
  EXPECT_EQ(ok("States.Format('{}', 18446744073709551615)"), "18446744073709551615");
}

TEST(IntrinsicFormat, TemplateFromAValueHasNoEscapes) {
  // A template produced at run time: every {} is a placeholder, counts checked then.
  EXPECT_EQ(ok("States.Format(States.Format('{}{}', '\\{', '\\}'), 7)"), "7");
  refused("States.Format(States.Format('{}{}', '\\{', '\\}'))", "States.Format");
  refused("States.Format(States.Format('{}{}', '\\{', '\\}'), 1, 2)", "States.Format");
  refused("States.Format(States.Array())", "States.Format");
  refused("States.Format(States.StringToJson('null'))", "States.Format");
}

// --- States.StringToJson / JsonToString ---------------------------------------------------------

TEST(IntrinsicStringToJson, ParsesLikeAwsRecorded) {
  // All recorded on AWS.
  EXPECT_EQ(ok("States.StringToJson('')"), Json());
  EXPECT_EQ(ok("States.StringToJson(' ')"), Json());
  EXPECT_EQ(ok("States.StringToJson('null')"), Json());
  EXPECT_EQ(ok("States.StringToJson('-0')"), Json(0));
  EXPECT_EQ(ok("States.StringToJson('1')"), Json(1));
  EXPECT_EQ(ok("States.StringToJson('1.1')"), Json(1.1));
  EXPECT_EQ(ok("States.StringToJson('true')"), Json(true));
  EXPECT_EQ(ok("States.StringToJson('\"HelloWorld\"')"), Json("HelloWorld"));
  EXPECT_EQ(ok("States.StringToJson('[1, 2, \"HelloWorld\"]')"),
            Json::parse(R"([1,2,"HelloWorld"])"));
  EXPECT_EQ(ok("States.StringToJson('{\"Arg1\": 1, \"Arg2\": []}')"),
            Json::parse(R"({"Arg1":1,"Arg2":[]})"));
}

TEST(IntrinsicStringToJson, KeepsKeyOrderAndUnicode) {
  // `\\` in the intrinsic is one backslash, so the JSON text holds the escape \u00e9.
  const Json v = ok(R"(States.StringToJson('{"z": 1, "a": "\\u00e9", "m": "é"}'))");
  EXPECT_EQ(keys_of(v), "z,a,m,");
  EXPECT_EQ(v["a"], "\xc3\xa9");
  EXPECT_EQ(v["m"], "\xc3\xa9");
}

TEST(IntrinsicStringToJson, ReadsTheFirstDocumentLikeJackson) {
  EXPECT_EQ(ok("States.StringToJson('  [1]  ')"), Json::parse("[1]"));
  EXPECT_EQ(ok("States.StringToJson('{} trailing')"), Json::object());
}

TEST(IntrinsicStringToJson, RepeatedKeysKeepTheirPlaceAndTheirLastValue) {
  EXPECT_EQ(keys_of(ok(R"(States.StringToJson('{"a": 1, "b": 2, "a": 3}'))")), "a,b,");
  EXPECT_EQ(ok(R"(States.StringToJson('{"a": 1, "b": 2, "a": 3}'))"),
            Json::parse(R"({"a": 3, "b": 2})"));
  // past the first few keys they are found through an index: the same answer
  std::string text = "{";
  for (int i = 0; i < 40; ++i)
    text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  text += "\"k3\": \"again\", \"k39\": [], \"last\": 0}";
  const Json v = ok("States.StringToJson('" + text + "')");
  std::string keys;
  for (int i = 0; i < 40; ++i) keys += "k" + std::to_string(i) + ",";
  EXPECT_EQ(keys_of(v), keys + "last,");
  EXPECT_EQ(v.at("k3"), "again");
  EXPECT_EQ(v.at("k39"), Json::array());
  EXPECT_EQ(v.at("k4"), 4);
}

TEST(IntrinsicStringToJson, WideObjectsParseInLinearTime) {
  testing::Documents docs;
  docs.input = Json{{"t", to_text(wide_object(kWide))}};
  auto out = timed("States.StringToJson($.t)", docs);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, wide_object(kWide));
}

TEST(IntrinsicStringToJson, RefusesBadTextAndNonStrings) {
  refused("States.StringToJson('{')", "States.StringToJson");
  refused("States.StringToJson('nope')", "States.StringToJson");
  refused("States.StringToJson('[1,]')", "States.StringToJson");
  refused("States.StringToJson(States.Array())", "States.StringToJson");
  refused("States.StringToJson(States.StringToJson('5'))", "States.StringToJson");
}

TEST(IntrinsicStringToJson, NestingIsBounded) {
  EXPECT_TRUE(
      ok("States.StringToJson('" + repeat("[", 1000) + repeat("]", 1000) + "')").is_array());
  refused("States.StringToJson('" + repeat("[", 1001) + repeat("]", 1001) + "')",
          "States.StringToJson");
  refused("States.StringToJson('" + repeat("[", 100000) + "')", "States.StringToJson");
}

// --- States.Array ------------------------------------------------------------------------------

TEST(IntrinsicArray, CollectsArgumentsInOrder) {
  EXPECT_EQ(ok("States.Array()"), Json::array());
  EXPECT_EQ(ok("States.Array(1, 'a', null, true, States.Array(2))"),
            Json::parse(R"([1,"a",null,true,[2]])"));
}

// --- States.ArrayPartition -------------------------------------------------------------------

TEST(IntrinsicArrayPartition, SplitsIntoChunks) {
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(1,2,3,4,5,6,7,8,9), 4)"),
            Json::parse("[[1,2,3,4],[5,6,7,8],[9]]"));
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(0,1,2,3), 2)"), Json::parse("[[0,1],[2,3]]"));
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(0,1,2), 5)"), Json::parse("[[0,1,2]]"));
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(), 3)"), Json::array());
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(0,1,2), 1.6)"), Json::parse("[[0,1],[2]]"));
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(0,1), 0.5)"), Json::parse("[[0],[1]]"));
  EXPECT_EQ(ok("States.ArrayPartition(States.Array(0,1), 9223372036854775807)"),
            Json::parse("[[0,1]]"));
}

TEST(IntrinsicArrayPartition, RefusesBadArguments) {
  refused("States.ArrayPartition(States.Array(1), 0)", "States.ArrayPartition");
  refused("States.ArrayPartition(States.Array(1), -1)", "States.ArrayPartition");
  refused("States.ArrayPartition(States.Array(1), 0.4)", "States.ArrayPartition");
  refused("States.ArrayPartition(States.StringToJson('{}'), 1)", "States.ArrayPartition");
  refused("States.ArrayPartition(States.Array(1), States.UUID())", "States.ArrayPartition");
}

// AWS: "The input array can't exceed Step Functions' payload size limit of 256 KB." A path
// selects from a payload within it; a nested call can build a larger array.
TEST(IntrinsicArrayPartition, RefusesInputsPastThePayloadLimit) {
  testing::Documents docs;
  docs.input = Json{{"s", std::string(100000, 'x')}};
  // ["x…x","x…x"] is 200,007 bytes of JSON text; with a third string, 300,010
  auto two = run_intrinsic("States.ArrayPartition(States.Array($.s, $.s), 1)", docs);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  auto three = run_intrinsic("States.ArrayPartition(States.Array($.s, $.s, $.s), 1)", docs);
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.error().cause, "Invalid arguments in States.ArrayPartition");
}

// --- States.ArrayContains ----------------------------------------------------------------------

TEST(IntrinsicArrayContains, ComparesDeeply) {
  // The bindings LocalStack recorded on AWS.
  EXPECT_EQ(ok("States.ArrayContains(States.Array(), null)"), false);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(), States.Array())"), false);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(), 1)"), false);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(States.Array(1,2,3), 2), null)"), false);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(States.Array(1,2,3), 2), States.Array(1,2,3))"),
            true);
  EXPECT_EQ(ok("States.ArrayContains(States.StringToJson('[{\"1\": 2, \"2\": []}]'), "
               "States.Array())"),
            false);
  EXPECT_EQ(ok("States.ArrayContains(States.StringToJson('[{\"1\": 2, \"2\": []}]'), "
               "States.StringToJson('{\"1\": 2, \"2\": []}'))"),
            true);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(true, false), true)"), true);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(true, false), false)"), true);
  // Objects compare as maps; integers and decimals do not mix (Java's Integer vs Double).
  EXPECT_EQ(ok("States.ArrayContains(States.StringToJson('[{\"a\": 1, \"b\": 2}]'), "
               "States.StringToJson('{\"b\": 2, \"a\": 1}'))"),
            true);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(1), 1.0)"), false);
  EXPECT_EQ(ok("States.ArrayContains(States.Array(1.0), 1.0)"), true);
  EXPECT_EQ(ok("States.ArrayContains(States.Array('1'), 1)"), false);
}

TEST(IntrinsicArrayContains, RefusesNonArrays) {
  refused("States.ArrayContains(States.StringToJson('{}'), 1)", "States.ArrayContains");
  refused("States.ArrayContains(States.StringToJson('\"abc\"'), 'a')", "States.ArrayContains");
}

TEST(IntrinsicArrayContains, WideObjectsCompareInLinearTime) {
  testing::Documents docs;
  docs.input = Json{{"a", Json::array({wide_object(kWide)})},
                    {"same", wide_object(kWide, /*reversed=*/true)},
                    {"other", wide_object(kWide, /*reversed=*/true, /*offset=*/1)}};
  EXPECT_EQ(timed("States.ArrayContains($.a, $.same)", docs).value(), true);
  EXPECT_EQ(timed("States.ArrayContains($.a, $.other)", docs).value(), false);
  EXPECT_EQ(timed("States.ArrayContains($.a, $.a[0])", docs).value(), true);
}

// --- States.ArrayRange -------------------------------------------------------------------------

TEST(IntrinsicArrayRange, CountsInclusively) {
  // Recorded on AWS.
  EXPECT_EQ(ok("States.ArrayRange(0, 9, 3)"), Json::parse("[0,3,6,9]"));
  EXPECT_EQ(ok("States.ArrayRange(0, 10, 3)"), Json::parse("[0,3,6,9]"));
  EXPECT_EQ(ok("States.ArrayRange(1, 9, 9)"), Json::parse("[1]"));
  EXPECT_EQ(ok("States.ArrayRange(1, 9, 2)"), Json::parse("[1,3,5,7,9]"));
  EXPECT_EQ(ok("States.ArrayRange(0, 3, 1)"), Json::parse("[0,1,2,3]"));
  // Downwards, away from the end, and rounded like Math.round.
  EXPECT_EQ(ok("States.ArrayRange(9, 1, -2)"), Json::parse("[9,7,5,3,1]"));
  EXPECT_EQ(ok("States.ArrayRange(1, 9, -1)"), Json::array());
  EXPECT_EQ(ok("States.ArrayRange(0.5, 2.4, 1)"), Json::parse("[1,2]"));
  EXPECT_EQ(ok("States.ArrayRange(5, 5, 1)"), Json::parse("[5]"));
}

TEST(IntrinsicArrayRange, LimitsTheResultToAThousandItems) {
  EXPECT_EQ(ok("States.ArrayRange(1, 1000, 1)").size(), 1000u);
  EXPECT_EQ(ok("States.ArrayRange(1000, 1, -1)").size(), 1000u);
  refused("States.ArrayRange(0, 1000, 1)", "States.ArrayRange");
  refused("States.ArrayRange(-2147483648, 2147483647, 1)", "States.ArrayRange");  // not built
}

TEST(IntrinsicArrayRange, RefusesBadArguments) {
  refused("States.ArrayRange(1, 5, 0)", "States.ArrayRange");
  refused("States.ArrayRange(1, 5, 0.4)", "States.ArrayRange");
  refused("States.ArrayRange(1, 2147483648, 1)", "States.ArrayRange");
  refused("States.ArrayRange(States.UUID(), 5, 1)", "States.ArrayRange");
}

// --- States.ArrayGetItem -----------------------------------------------------------------------

TEST(IntrinsicArrayGetItem, ReturnsTheItem) {
  EXPECT_EQ(ok("States.ArrayGetItem(States.Array(1,2,3,4,5,6,7,8,9), 5)"), 6);
  EXPECT_EQ(ok("States.ArrayGetItem(States.Array('a', States.Array(1)), 1)"), Json::parse("[1]"));
  EXPECT_EQ(ok("States.ArrayGetItem(States.Array('a', 'b'), 1.0)"), "b");
}

TEST(IntrinsicArrayGetItem, RefusesBadIndexes) {
  refused("States.ArrayGetItem(States.Array(1,2,3), 3)", "States.ArrayGetItem");
  refused("States.ArrayGetItem(States.Array(1,2,3), -1)", "States.ArrayGetItem");
  refused("States.ArrayGetItem(States.Array(1,2,3), 1.5)", "States.ArrayGetItem");
  refused("States.ArrayGetItem(States.Array(), 0)", "States.ArrayGetItem");
  refused("States.ArrayGetItem(States.StringToJson('{\"0\": 1}'), 0)", "States.ArrayGetItem");
}

// --- States.ArrayLength ------------------------------------------------------------------------

TEST(IntrinsicArrayLength, CountsItems) {
  EXPECT_EQ(ok("States.ArrayLength(States.Array(1,2,3,4,5,6,7,8,9))"), 9);
  EXPECT_EQ(ok("States.ArrayLength(States.Array())"), 0);
  refused("States.ArrayLength(States.StringToJson('\"abc\"'))", "States.ArrayLength");
}

// --- States.ArrayUnique ------------------------------------------------------------------------

TEST(IntrinsicArrayUnique, KeepsFirstOccurrencesInOrder) {
  EXPECT_EQ(ok("States.ArrayUnique(States.StringToJson('[null, null, true, true, false, false, 1, "
               "1, 1.1, 0, 0, \"HelloWorld\", \"HelloWorld\", [], [], [null], [null], "
               "{\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 2}, {\"a\": 1, \"b\": 1}]'))"),
            Json::parse(R"([null,true,false,1,1.1,0,"HelloWorld",[],[null],{"a":1,"b":2},)"
                        R"({"a":1,"b":1}])"));
  EXPECT_EQ(ok("States.ArrayUnique(States.Array(3, 1, 3, 2, 1))"), Json::parse("[3,1,2]"));
  EXPECT_EQ(ok("States.ArrayUnique(States.Array(1, 1.0, 1))"), Json::parse("[1,1.0]"));
  EXPECT_EQ(ok("States.ArrayUnique(States.StringToJson('[{\"a\": 1, \"b\": 2}, "
               "{\"b\": 2, \"a\": 1}]'))")
                .size(),
            1u);
  EXPECT_EQ(ok("States.ArrayUnique(States.Array())"), Json::array());
  refused("States.ArrayUnique(States.StringToJson('{}'))", "States.ArrayUnique");
}

TEST(IntrinsicArrayUnique, IsFastOnLargeArrays) {
  // 20,000 items, half duplicates: quadratic comparison would take seconds in Debug.
  std::string items;
  for (int i = 0; i < 20000; ++i) items += (i ? "," : "") + std::to_string(i % 10000);
  EXPECT_EQ(ok("States.ArrayUnique(States.StringToJson('[" + items + "]'))").size(), 10000u);
}

// --- States.Base64Encode / Base64Decode ----------------------------------------------------------

TEST(IntrinsicBase64, EncodesAndDecodes) {
  EXPECT_EQ(ok("States.Base64Encode('Data to encode')"), "RGF0YSB0byBlbmNvZGU=");
  EXPECT_EQ(ok("States.Base64Encode('')"), "");
  EXPECT_EQ(ok("States.Base64Encode('Hello World')"), "SGVsbG8gV29ybGQ=");
  EXPECT_EQ(ok("States.Base64Encode('é')"), "w6k=");  // UTF-8 bytes
  EXPECT_EQ(ok("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), "Data to encode");
  EXPECT_EQ(ok("States.Base64Decode('')"), "");
  EXPECT_EQ(ok("States.Base64Decode('w6k=')"), "é");
  // Bytes that are not UTF-8 become U+FFFD, as Java's String decoding does.
  EXPECT_EQ(ok("States.Base64Decode('/w==')"), "\xEF\xBF\xBD");
}

TEST(IntrinsicBase64, RefusesBadInput) {
  refused("States.Base64Decode('Y')", "States.Base64Decode");
  refused("States.Base64Decode('YQ=')", "States.Base64Decode");
  refused("States.Base64Encode(States.Array())", "States.Base64Encode");
  refused("States.Base64Decode(States.StringToJson('1'))", "States.Base64Decode");
}

TEST(IntrinsicBase64, LimitsInputToTenThousandCharacters) {
  EXPECT_EQ(ok("States.Base64Encode('" + repeat("a", 10000) + "')").get<std::string>().size(),
            13336u);
  refused("States.Base64Encode('" + repeat("a", 10001) + "')", "States.Base64Encode");
  // Characters, not bytes: 10,000 two-byte characters pass, 5,001 astral ones (10,002 UTF-16
  // units) do not.
  EXPECT_TRUE(ok("States.Base64Encode('" + repeat("é", 10000) + "')").is_string());
  refused("States.Base64Encode('" + repeat("\xF0\x9F\x98\x80", 5001) + "')", "States.Base64Encode");
  refused("States.Base64Decode('" + repeat("QUJD", 2501) + "')", "States.Base64Decode");
}

// --- States.Hash -------------------------------------------------------------------------------

TEST(IntrinsicHash, ComputesEachAlgorithm) {
  // Recorded on AWS.
  EXPECT_EQ(ok("States.Hash('Hash this string', 'SHA-256')"),
            "1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e");
  // AWS's documentation example (whose printed value drops a digit).
  EXPECT_EQ(ok("States.Hash('input data', 'SHA-1')"), "aaff4a450a104cd177d28d18d74485e8cae074b7");
  EXPECT_EQ(ok("States.Hash('abc', 'MD5')"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(
      ok("States.Hash('abc', 'SHA-384')"),
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca1"
      "34c825a7");
  EXPECT_EQ(
      ok("States.Hash('abc', 'SHA-512')"),
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c2"
      "3a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(ok("States.Hash('é', 'MD5')"), "66ddcd97cfdeabb2f6fb8a999b4bc76f");
}

TEST(IntrinsicHash, RefusesUnknownAlgorithmsAndLongInput) {
  refused("States.Hash('a', 'SHA256')", "States.Hash");
  refused("States.Hash('a', 'md5')", "States.Hash");
  refused("States.Hash('a', States.StringToJson('1'))", "States.Hash");
  refused("States.Hash(States.Array(), 'MD5')", "States.Hash");
  EXPECT_TRUE(ok("States.Hash('" + repeat("x", 10000) + "', 'MD5')").is_string());
  refused("States.Hash('" + repeat("x", 10001) + "', 'MD5')", "States.Hash");
}

// --- States.JsonMerge --------------------------------------------------------------------------

TEST(IntrinsicJsonMerge, MergesShallowlyInHashMapOrder) {
  // Recorded on AWS, key order included.
  const Json merged = ok(
      "States.JsonMerge(States.StringToJson('{\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2, \"d\": "
      "3}'), States.StringToJson('{\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3, \"d\": 4}'), false)");
  EXPECT_EQ(merged, Json::parse(R"({"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4})"));
  EXPECT_EQ(keys_of(merged), "a,b,c,d,");
  const Json escaped =
      ok("States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), "
         "States.StringToJson('{\"constant_input_field\": \"constant_value\"}'), false)");
  EXPECT_EQ(keys_of(escaped), "constant_input_field,constant_in_literal,");
  EXPECT_EQ(ok("States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), false)"),
            Json::object());
}

TEST(IntrinsicJsonMerge, RefusesDeepMergeAndNonObjects) {
  refused("States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), true)",
          "States.JsonMerge");
  refused("States.JsonMerge(States.Array(), States.StringToJson('{}'), false)", "States.JsonMerge");
  refused("States.JsonMerge(States.StringToJson('{}'), States.StringToJson('1'), false)",
          "States.JsonMerge");
  refused(
      "States.JsonMerge(States.StringToJson('{}'), States.StringToJson('{}'), "
      "States.StringToJson('\"false\"'))",
      "States.JsonMerge");
}

TEST(IntrinsicJsonMerge, WideObjectsMergeInLinearTime) {
  testing::Documents docs;
  docs.input = Json{{"a", wide_object(kWide)}, {"b", wide_object(kWide, false, kWide / 2)}};
  auto out = timed("States.JsonMerge($.a, $.b, false)", docs);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), static_cast<std::size_t>(kWide + kWide / 2));
  EXPECT_EQ((*out)["k0"], 0);
  EXPECT_EQ((*out)["k" + std::to_string(kWide)], kWide / 2);  // b's value wins
}

// --- States.MathAdd ----------------------------------------------------------------------------

TEST(IntrinsicMathAdd, AddsRoundingLikeJava) {
  // Every pair LocalStack recorded on AWS.
  struct Case {
    const char* a;
    const char* b;
    int sum;
  };
  for (const Case& c :
       {Case{"-9", "3", -6},   {"1.49", "1.5", 3}, {"1.5", "1.51", 4},   {"-1.49", "-1.5", -2},
        {"-1.5", "-1.51", -3}, {"1.49", "0", 1},   {"1.49", "-1.49", 0}, {"1.5", "0", 2},
        {"1.51", "0", 2},      {"-1.49", "0", -1}, {"-1.5", "0", -1},    {"-1.51", "0", -2},
        {"0.5", "0", 1},       {"2.5", "0", 3},    {"3.5", "0", 4},      {"-0.5", "0.5", 1},
        {"-0.5", "0", 0},      {"-2.5", "0", -2},  {"-3.5", "0", -3},    {"111", "-1", 110}}) {
    EXPECT_EQ(ok(std::string("States.MathAdd(") + c.a + ", " + c.b + ")"), c.sum)
        << c.a << " + " << c.b;
  }
  EXPECT_TRUE(ok("States.MathAdd(1.5, 1)").is_number_integer());
}

TEST(IntrinsicMathAdd, TakesThirtyTwoBitIntegers) {
  EXPECT_EQ(ok("States.MathAdd(2147483647, -2147483648)"), -1);
  EXPECT_EQ(ok("States.MathAdd(2147483647, 1)"), 2147483648LL);
  refused("States.MathAdd(2147483648, 0)", "States.MathAdd");
  refused("States.MathAdd(0, -2147483649)", "States.MathAdd");
  refused("States.MathAdd(States.UUID(), 1)", "States.MathAdd");
  refused("States.MathAdd(1, States.StringToJson('\"1\"'))", "States.MathAdd");
}

// --- States.MathRandom -------------------------------------------------------------------------

TEST(IntrinsicMathRandom, StaysInRange) {
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    auto r = testing::run_intrinsic("States.MathRandom(1, 10)", {}, seed);
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r.value().get<int>(), 1);
    EXPECT_LE(r.value().get<int>(), 10);
  }
  EXPECT_EQ(ok("States.MathRandom(5, 5)"), 5);
  const int rounded = ok("States.MathRandom(12.5, 44.51)").get<int>();  // rounds to 13..45
  EXPECT_GE(rounded, 13);
  EXPECT_LE(rounded, 45);
}

TEST(IntrinsicMathRandom, UsesTheExecutionGenerator) {
  EXPECT_EQ(testing::run_intrinsic("States.MathRandom(0, 1000000)", {}, 7).value(),
            testing::run_intrinsic("States.MathRandom(0, 1000000)", {}, 7).value());
}

TEST(IntrinsicMathRandom, SeedMakesItRepeatable) {
  // Same seed, same value whatever the execution's generator; java.util.Random's sequence.
  const Json a = testing::run_intrinsic("States.MathRandom(0, 999, 3)", {}, 1).value();
  const Json b = testing::run_intrinsic("States.MathRandom(0, 999, 3)", {}, 2).value();
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, 734);  // new java.util.Random(3).nextInt(1000)
  EXPECT_EQ(ok("States.MathRandom(-2147483648, 2147483647, 42)").is_number_integer(), true);
}

TEST(IntrinsicMathRandom, RefusesBadArguments) {
  refused("States.MathRandom(10, 1)", "States.MathRandom");
  refused("States.MathRandom(States.UUID(), 1)", "States.MathRandom");
  refused("States.MathRandom(1, 10, States.UUID())", "States.MathRandom");
  refused("States.MathRandom(0, 2147483648)", "States.MathRandom");
}

// --- States.StringSplit ------------------------------------------------------------------------

TEST(IntrinsicStringSplit, SplitsOnEachDelimiterCharacterDroppingEmptyParts) {
  // Recorded on AWS.
  EXPECT_EQ(ok("States.StringSplit('1,2,3,4,5', ',')"), Json::parse(R"(["1","2","3","4","5"])"));
  EXPECT_EQ(ok("States.StringSplit('This.is+a,test=string', '.+,=')"),
            Json::parse(R"(["This","is","a","test","string"])"));
  EXPECT_EQ(ok("States.StringSplit(' ', ',')"), Json::parse(R"([" "])"));
  EXPECT_EQ(ok("States.StringSplit(' , ', ',')"), Json::parse(R"([" "," "])"));
  EXPECT_EQ(ok("States.StringSplit(', , ,', ',')"), Json::parse(R"([" "," "])"));
  EXPECT_EQ(ok("States.StringSplit(',,,,', ',')"), Json::array());
  EXPECT_EQ(ok("States.StringSplit('split on T and \nnew line', 'T\n')"),
            Json::parse(R"(["split on "," and ","new line"])"));
  // java.util.StringTokenizer, run on OpenJDK 17.
  EXPECT_EQ(ok("States.StringSplit('a,b,,c,', ',')"), Json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(ok("States.StringSplit('', ',')"), Json::array());
  EXPECT_EQ(ok("States.StringSplit('abc', '')"), Json::parse(R"(["abc"])"));
  EXPECT_EQ(ok("States.StringSplit('x\xF0\x9F\x98\x80y', '\xF0\x9F\x98\x80')"),
            Json::parse(R"(["x","y"])"));
  EXPECT_EQ(ok("States.StringSplit('aébéc', 'é')"), Json::parse(R"(["a","b","c"])"));
}

// Issue 13: a 100 KB string split on 100 KB of delimiters took over 20 s (each character was
// compared with every delimiter). A delimiter is now found in constant time.
TEST(IntrinsicStringSplit, LongDelimiterListsStayLinear) {
  testing::Documents docs;
  std::string text, delimiters;
  for (int i = 0; i < 100000; ++i) text += static_cast<char>('a' + i % 26);
  for (int i = 0; i < 100000; ++i) delimiters += i % 2 ? "\xc3\xa9" : "\xe2\x82\xac";
  delimiters += "q";
  docs.input = Json{{"s", text}, {"d", delimiters}};
  auto started = std::chrono::steady_clock::now();
  auto out = testing::run_intrinsic("States.StringSplit($.s, $.d)", docs);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->size(), 100000u / 26 + 1);
}

TEST(IntrinsicStringSplit, RefusesNonStrings) {
  refused("States.StringSplit(States.Array(), ',')", "States.StringSplit");
  refused("States.StringSplit('a', States.StringToJson('1'))", "States.StringSplit");
}

// --- States.UUID -------------------------------------------------------------------------------

TEST(IntrinsicUuid, IsAVersion4Uuid) {
  const std::string id = ok("States.UUID()").get<std::string>();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
  EXPECT_NE(testing::run_intrinsic("States.UUID()", {}, 1).value(),
            testing::run_intrinsic("States.UUID()", {}, 2).value());
}

// --- nesting -----------------------------------------------------------------------------------

TEST(IntrinsicNesting, TenLevelsEvaluate) {
  EXPECT_EQ(ok("States.ArrayLength(States.Array(States.Array(States.Array(States.Array("
               "States.Array(States.Array(States.Array(States.Array(States.Array(1))))))))))"),
            1);
  EXPECT_EQ(ok("States.MathAdd(States.MathAdd(States.MathAdd(1, 2), 3), States.ArrayLength("
               "States.StringSplit(States.Format('{}-{}', 'a', 'b'), '-')))"),
            8);
}

TEST(IntrinsicNesting, AnInnerFailureStopsTheCall) {
  refused("States.Array(1, States.MathAdd(States.UUID(), 1))", "States.MathAdd");
}

}  // namespace
}  // namespace sfn
