// Java behaviours the intrinsics reproduce, checked against values printed by OpenJDK 17
// (tools/reference/JavaIntrinsicsReference.java; rerun it to regenerate these expectations).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "common/digests.h"
#include "intrinsics/base64.h"
#include "intrinsics/java_random.h"
#include "intrinsics/java_semantics.h"

namespace sfn::intrinsics {
namespace {

double from_bits(std::int64_t bits) { return std::bit_cast<double>(bits); }

TEST(JavaRandom, NextIntMatchesJavaUtilRandom) {
  struct Case {
    std::int64_t seed;
    std::int32_t bound;
    std::int32_t expected;
  };
  const Case cases[] = {
      {0LL, 1, 0},
      {0LL, 10, 0},
      {0LL, 16, 11},
      {0LL, 999, 672},
      {0LL, 1000, 360},
      {0LL, 2147483647, 1569741360},
      {0LL, 1073741824, 784870680},
      {1LL, 1, 0},
      {1LL, 10, 5},
      {1LL, 16, 11},
      {1LL, 999, 105},
      {1LL, 1000, 985},
      {1LL, 2147483647, 1569548985},
      {1LL, 1073741824, 784774492},
      {42LL, 1, 0},
      {42LL, 10, 0},
      {42LL, 16, 11},
      {42LL, 999, 125},
      {42LL, 1000, 130},
      {42LL, 2147483647, 1562431130},
      {42LL, 1073741824, 781215565},
      {-7LL, 1, 0},
      {-7LL, 10, 2},
      {-7LL, 16, 4},
      {-7LL, 999, 175},
      {-7LL, 1000, 662},
      {-7LL, 2147483647, 577934662},
      {-7LL, 1073741824, 288967331},
      {123456789012345LL, 1, 0},
      {123456789012345LL, 10, 4},
      {123456789012345LL, 16, 10},
      {123456789012345LL, 999, 592},
      {123456789012345LL, 1000, 174},
      {123456789012345LL, 2147483647, 1436980174},
      {123456789012345LL, 1073741824, 718490087},
      {3LL, 1, 0},
      {3LL, 10, 4},
      {3LL, 16, 11},
      {3LL, 999, 239},
      {3LL, 1000, 734},
      {3LL, 2147483647, 1569933734},
      {3LL, 1073741824, 784966867},
  };
  for (const Case& c : cases) {
    JavaRandom r(c.seed);
    EXPECT_EQ(r.next_int(c.bound), c.expected) << c.seed << " " << c.bound;
  }
}

TEST(JavaRandom, NextLongMatchesJavaUtilRandom) {
  EXPECT_EQ(JavaRandom(0LL).next_long(), -4962768465676381896LL);
  EXPECT_EQ(JavaRandom(1LL).next_long(), -4964420948893066024LL);
  EXPECT_EQ(JavaRandom(42LL).next_long(), -5025562857975149833LL);
  EXPECT_EQ(JavaRandom(-7LL).next_long(), 4964420944606563203LL);
  EXPECT_EQ(JavaRandom(123456789012345LL).next_long(), -6103178366825116599LL);
  EXPECT_EQ(JavaRandom(3LL).next_long(), -4961115986754665064LL);
}

TEST(JavaSemantics, MathRoundMatchesJava) {
  struct Case {
    std::int64_t bits;
    std::int64_t expected;
  };
  const Case cases[] = {
      {4602678819172646912LL, 1LL},
      {4609434218613702656LL, 2LL},
      {4612811918334230528LL, 3LL},
      {-4620693217682128896LL, 0LL},
      {-4613937818241073152LL, -1LL},
      {-4610560118520545280LL, -2LL},
      {-4608308318706860032LL, -3LL},
      {4609389182617428951LL, 1LL},
      {-4613982854237346857LL, -1LL},
      {-4613892782244799447LL, -2LL},
      {4602678819172646911LL, 0LL},
      {-4620693217682128897LL, 0LL},
      {4841369599423283201LL, 4503599627370497LL},
      {4891288408196988160LL, 9223372036854775807LL},
      {-4332083628657787648LL, INT64_MIN},
      {9221120237041090560LL, 0LL},
      {4890909195324358656LL, 9223372036854775807LL},
  };
  for (const Case& c : cases)
    EXPECT_EQ(java::math_round(from_bits(c.bits)), c.expected) << from_bits(c.bits);
}

TEST(Base64, DecodesLikeJavasMimeDecoder) {
  EXPECT_EQ(base64::decode("RGF0YSB0byBlbmNvZGU="),
            std::string("\x44\x61\x74\x61\x20\x74\x6f\x20\x65\x6e\x63\x6f\x64\x65", 14))
      << "RGF0YSB0byBlbmNvZGU=";
  EXPECT_EQ(base64::decode("YQ"), std::string("\x61", 1)) << "YQ";
  EXPECT_FALSE(base64::decode("YQ=").has_value()) << "YQ=";
  EXPECT_EQ(base64::decode("YQ=="), std::string("\x61", 1)) << "YQ==";
  EXPECT_FALSE(base64::decode("Y").has_value()) << "Y";
  EXPECT_EQ(base64::decode("YWJj\x0d"
                           "\x0a"
                           "ZGVm"),
            std::string("\x61\x62\x63\x64\x65\x66", 6))
      << "YWJj\x0d"
         "\x0a"
         "ZGVm";
  EXPECT_FALSE(base64::decode("Y Q = =").has_value()) << "Y Q = =";
  EXPECT_FALSE(base64::decode("YQ==YQ==").has_value()) << "YQ==YQ==";
  EXPECT_EQ(base64::decode("!!!"), std::string("", 0)) << "!!!";
  EXPECT_FALSE(base64::decode("YQ==x").has_value()) << "YQ==x";
  EXPECT_EQ(base64::decode("/w=="), std::string("\xff", 1)) << "/w==";
  EXPECT_EQ(base64::decode("YWI="), std::string("\x61\x62", 2)) << "YWI=";
}

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(base64::encode(""), "");
  EXPECT_EQ(base64::encode("a"), "YQ==");
  EXPECT_EQ(base64::encode("ab"), "YWI=");
  EXPECT_EQ(base64::encode("abc"), "YWJj");
  EXPECT_EQ(base64::encode("Data to encode"), "RGF0YSB0byBlbmNvZGU=");
  EXPECT_EQ(base64::encode(std::string("\xff\x00\xfe", 3)), "/wD+");
  for (std::size_t n = 0; n < 200; ++n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(i * 37 + n));
    EXPECT_EQ(base64::decode(base64::encode(bytes)), bytes) << n;
  }
}

TEST(Digests, MatchJavaMessageDigest) {
  auto text = [](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));
    return s;
  };
  EXPECT_EQ(digest::md5_hex(text(0)), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(digest::md5_hex(text(3)), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(digest::md5_hex(text(55)), "0d7ae056b2f015cd7dc67494efd658f1");
  EXPECT_EQ(digest::md5_hex(text(56)), "31fcfb5165169eb55898e7e4cf34d19a");
  EXPECT_EQ(digest::md5_hex(text(63)), "1b30c0670c15e7da3c2ba7bce77ebe99");
  EXPECT_EQ(digest::md5_hex(text(64)), "a2eaf6295c32adc403865fd96a2f182b");
  EXPECT_EQ(digest::md5_hex(text(111)), "476e3ea2d442e99a17c0ea197686a3c5");
  EXPECT_EQ(digest::md5_hex(text(112)), "8b2440f973022830d439a97aadfbc74c");
  EXPECT_EQ(digest::md5_hex(text(127)), "f41f37f8b5a7782d5cfeafc43e3d3c1c");
  EXPECT_EQ(digest::md5_hex(text(128)), "3e8c1ccbd71838ef3df4b72e57fb9bf6");
  EXPECT_EQ(digest::md5_hex(text(1000)), "303fb697b589019cb3edba04b794e575");
  EXPECT_EQ(digest::sha1_hex(text(0)), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(digest::sha1_hex(text(3)), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(digest::sha1_hex(text(55)), "a617d006d1ca12671785098a19a87fe58443bde9");
  EXPECT_EQ(digest::sha1_hex(text(56)), "4ad5bb7ae3c4024768d364b77c52128ea3cffebe");
  EXPECT_EQ(digest::sha1_hex(text(63)), "fc8a5ab77259625085ead3ec96515b3b8d933fad");
  EXPECT_EQ(digest::sha1_hex(text(64)), "93249d4c2f8903ebf41ac358473148ae6ddd7042");
  EXPECT_EQ(digest::sha1_hex(text(111)), "40d677ec1e0e859d20978f5cccce70a2dd3bd819");
  EXPECT_EQ(digest::sha1_hex(text(112)), "971e9c5cc10c743a0882bbd8ff41b97ea13c8ae3");
  EXPECT_EQ(digest::sha1_hex(text(127)), "4add81c7de2e43d621cdb34132bbb23178f4c500");
  EXPECT_EQ(digest::sha1_hex(text(128)), "3698f9beb7cdf5b1e1ce786672fb234143d4df89");
  EXPECT_EQ(digest::sha1_hex(text(1000)), "0c1e754ad8a0130e18bf2d3b0a57e29ad95e75cd");
  EXPECT_EQ(digest::sha256_hex(text(0)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(digest::sha256_hex(text(3)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(digest::sha256_hex(text(55)),
            "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005");
  EXPECT_EQ(digest::sha256_hex(text(56)),
            "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51");
  EXPECT_EQ(digest::sha256_hex(text(63)),
            "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c");
  EXPECT_EQ(digest::sha256_hex(text(64)),
            "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e");
  EXPECT_EQ(digest::sha256_hex(text(111)),
            "11166d480c33d5cf2023d33251a2e024a4e9436cb3f061d99a1908fd1111c829");
  EXPECT_EQ(digest::sha256_hex(text(112)),
            "43b9d01284b7170bc99bce5d032307646c76361e98da0f82360cc81884893852");
  EXPECT_EQ(digest::sha256_hex(text(127)),
            "1b9907986f18ddc2b37e18be502d82d69d6e18bb9dff9e16f2aceea7d88cb933");
  EXPECT_EQ(digest::sha256_hex(text(128)),
            "6c05be2c4268843ae47e68e611277ce62c02153f2f4d2e1e2a1a4b44f766cf74");
  EXPECT_EQ(digest::sha256_hex(text(1000)),
            "915e53a44c18b19bb06ba5b3f5fcaf1dc4651e8404c63425cfc6174e74659d87");
  EXPECT_EQ(digest::sha384_hex(text(0)),
            "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2"
            "f14898b95b");
  EXPECT_EQ(digest::sha384_hex(text(3)),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baec"
            "a134c825a7");
  EXPECT_EQ(digest::sha384_hex(text(55)),
            "c43c2f147c861c4d062c5875a1f270339fe44fd93d45b1d0a06ca4650c796cb0d5193b64d1e40f51ab9d21"
            "6e237b2fe4");
  EXPECT_EQ(digest::sha384_hex(text(56)),
            "39ba0be242cc0522431da9b1b9a33409beb54de6ca261a28fdd0874e9adc11496c510c91b7b7f4ef1676df"
            "c7824238e0");
  EXPECT_EQ(digest::sha384_hex(text(63)),
            "c625b33243c083c02248d110080dbc2955f1b39bc4d35edd227bcc01411fb75608410b3ad342d96519facf"
            "de36cd0005");
  EXPECT_EQ(digest::sha384_hex(text(64)),
            "d5e32c2bc13209ae109192511493feb92a96264813f56a10b233d8ca89f4637f8a51b7d4f790bce3719d7e"
            "aa4bef299b");
  EXPECT_EQ(digest::sha384_hex(text(111)),
            "b075a2f3b7d768e18f586f1f19586a4f7109ca72ba0120947e7813d25f499f92470d819a4d6e42d3b19be8"
            "141627c51d");
  EXPECT_EQ(digest::sha384_hex(text(112)),
            "5523cfb77f9c55e0ccafec5b87d79cde643012283b71188e408c5aeae919a3f29337574d5c729b339d9553"
            "984ab0014e");
  EXPECT_EQ(digest::sha384_hex(text(127)),
            "fb908cfc02679017ab44a8e1008dec239ea36a381a5c7a75bc6d64f70df306f7df0fcf94cd62a45a15685b"
            "5bb93c70d7");
  EXPECT_EQ(digest::sha384_hex(text(128)),
            "674b2e80ff8d94008de7409c7b1f878f9fae3a0a6dae2f982cca7e3aaef91bf325d3eb568263a2e1e6856a"
            "c75070062a");
  EXPECT_EQ(digest::sha384_hex(text(1000)),
            "8c7a911d5555a45b1a1ffac92be72815d6b681645ce5d511e77ab119940a9d9c1876d5fc6dd38f7c2b4481"
            "3fd0203276");
  EXPECT_EQ(digest::sha512_hex(text(0)),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318"
            "d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(digest::sha512_hex(text(3)),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
            "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(digest::sha512_hex(text(55)),
            "9e50039c6597302efab3d4390664894b7adc7039ee61f22d752148f8c5d1924573278186434c21874a7502"
            "ef2bd76f3d2902c41a4ac5d6668c9146520f62ffa8");
  EXPECT_EQ(digest::sha512_hex(text(56)),
            "9b9d6a750ece4b006491a375fc467024bd1e77a84f416b0de602ec75129a743ea5f880804481e91cd9231a"
            "58d01d26cf4a3a02e8f8c77b5f81b3fa40f2be395a");
  EXPECT_EQ(digest::sha512_hex(text(63)),
            "455561e15e7c42a73191e90b2c03fe0c569c9e6cd570ed0351f84063525cd68ca92c02948eb178cfc53300"
            "c94e21e5816ddfb020d98a74e0b09ebdd6650ee99b");
  EXPECT_EQ(digest::sha512_hex(text(64)),
            "1cdcbebccccaed3fa2acc8bcd1835c67514bd29657a348de629aedb0d5503377285b78656a3a794f4cef88"
            "708916d23f78ead08d710101e3c9ba6a823ffc6067");
  EXPECT_EQ(digest::sha512_hex(text(111)),
            "a467698069eae8ed1e0c6dbfd1b4a247a9f1e7ff4e3af62145ed26f4468bc094610878b7644091141370a4"
            "7a7638bddc95dbfe8971c34d13c4815d4bb1b3e7f2");
  EXPECT_EQ(digest::sha512_hex(text(112)),
            "a473c93732eef627d02e86d19047a422b586110848ec17dcea13af282a152f7654b0c711e277fd42c1d94b"
            "ea8b7fed615c52bb0f849227e16240afffc7c56e29");
  EXPECT_EQ(digest::sha512_hex(text(127)),
            "c6ce82cb15c8d7040ef3704b1cb161ae3a7f0ac430433e6d52e3f37bf561271bfd014328660d29ee733a9f"
            "7f178671390eb0f80231603c8360246753e6406b8d");
  EXPECT_EQ(digest::sha512_hex(text(128)),
            "217d3d9c0952c3e4907f06d4fbf34460ee852c6af591b07c2fa1c5e16455836374c95ae33e184227913f8a"
            "2e227e3bbd5187ce57aa1bad11a80f622412eb0884");
  EXPECT_EQ(digest::sha512_hex(text(1000)),
            "c6017363f579f50a015ce5e21b966a94ecd72a32f624b648263b891df07a2780533400778bd6a71a350773"
            "3ddfc4a81454a17859cf4f68571fbaeb73bd70b09d");
}

}  // namespace
}  // namespace sfn::intrinsics
