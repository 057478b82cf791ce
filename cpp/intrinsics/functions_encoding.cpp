// States.Base64Encode, States.Base64Decode, States.Hash and States.UUID.
#include "common/digests.h"
#include "common/utf.h"
#include "intrinsics/base64.h"
#include "intrinsics/function_support.h"

namespace sfn::intrinsics::detail {

namespace {

// new String(bytes, UTF_8) as OpenJDK 17 decodes it (String.decodeUTF8_UTF16), each malformed
// sequence replaced with U+FFFD, so every string the engine carries stays valid UTF-8. How many
// bytes one U+FFFD stands for is Java's choice, not Unicode's "maximal subpart": an encoded
// surrogate (ED A0 80) is one replacement, a 3-byte lead followed by one continuation byte and a
// bad byte is one, and a sequence cut short by the end of the input swallows what is left of it.
// Checked against Java by tools/intrinsics-oracle (cpp/tests/data/intrinsics_java_random.jsonl).
std::string java_utf8_decode(std::string_view bytes) {
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  auto cont = [](unsigned b) { return (b & 0xC0) == 0x80; };
  std::string out;
  out.reserve(bytes.size());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned b1 = at(i++);
    if (b1 < 0x80) {
      out.push_back(static_cast<char>(b1));
    } else if (b1 >= 0xC2 && b1 <= 0xDF) {  // two bytes
      if (i < n) {
        const unsigned b2 = at(i++);
        if (!cont(b2)) {
          out += kReplacement;
          --i;
        } else {
          utf::append_utf8(out, ((b1 & 0x1F) << 6) | (b2 & 0x3F));
        }
        continue;
      }
      out += kReplacement;
      break;
    } else if (b1 >= 0xE0 && b1 <= 0xEF) {  // three bytes
      const auto malformed_2 = [&](unsigned b2) {
        return (b1 == 0xE0 && (b2 & 0xE0) == 0x80) || !cont(b2);
      };
      if (i + 1 < n) {
        const unsigned b2 = at(i);
        const unsigned b3 = at(i + 1);
        i += 2;
        if (malformed_2(b2) || !cont(b3)) {
          out += kReplacement;
          i -= 2;
          i += malformed_2(b2) ? 0 : 1;  // the lead alone, or the lead and b2
        } else {
          const std::uint32_t cp = ((b1 & 0x0F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            out += kReplacement;
          } else {
            utf::append_utf8(out, cp);
          }
        }
        continue;
      }
      if (i < n && malformed_2(at(i))) {
        out += kReplacement;
        continue;
      }
      out += kReplacement;
      break;
    } else if (b1 >= 0xF0 && b1 <= 0xF7) {  // four bytes
      const auto malformed_2 = [&](unsigned b2) {
        return (b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF)) || (b1 == 0xF4 && (b2 & 0xF0) != 0x80) ||
               !cont(b2);
      };
      if (i + 2 < n) {
        const unsigned b2 = at(i);
        const unsigned b3 = at(i + 1);
        const unsigned b4 = at(i + 2);
        const std::uint32_t cp =
            ((b1 & 0x07) << 18) | ((b2 & 0x3F) << 12) | ((b3 & 0x3F) << 6) | (b4 & 0x3F);
        if (!cont(b2) || !cont(b3) || !cont(b4) || cp < 0x10000 || cp > 0x10FFFF) {
          out += kReplacement;
          if (b1 > 0xF4 || malformed_2(b2)) {
            // the lead alone
          } else if (!cont(b3)) {
            i += 1;
          } else {
            i += 2;
          }
        } else {
          utf::append_utf8(out, cp);
          i += 3;
        }
        continue;
      }
      if (b1 > 0xF4 || (i < n && malformed_2(at(i)))) {
        out += kReplacement;
        continue;
      }
      ++i;
      out += kReplacement;
      if (i < n && !cont(at(i))) continue;
      break;
    } else {
      out += kReplacement;
    }
  }
  return out;
}

// The data argument of Base64Encode/Decode and Hash: a string of at most 10,000 characters.
const std::string* limited_string(const Json& v) {
  if (!v.is_string()) return nullptr;
  const std::string& s = v.get_ref<const std::string&>();
  // Bytes bound characters from above, so the UTF-16 count is needed only for long strings.
  if (s.size() > kMaxStringChars && utf::utf16_length(s) > kMaxStringChars) return nullptr;
  return &s;
}

}  // namespace

Expected<Json> fn_base64_encode(std::span<path::Selection> args, Evaluation& ev) {
  const std::string* s = limited_string(args[0].value());
  if (!s) return refuse(ev);
  return Json(base64::encode(*s));
}

Expected<Json> fn_base64_decode(std::span<path::Selection> args, Evaluation& ev) {
  const std::string* s = limited_string(args[0].value());
  if (!s) return refuse(ev);
  auto bytes = base64::decode(*s);
  if (!bytes) return refuse(ev);
  return Json(java_utf8_decode(*bytes));
}

Expected<Json> fn_hash(std::span<path::Selection> args, Evaluation& ev) {
  const std::string* data = limited_string(args[0].value());
  const Json& algorithm = args[1].value();
  if (!data || !algorithm.is_string()) return refuse(ev);
  const std::string& name = algorithm.get_ref<const std::string&>();
  if (!is_hash_algorithm(name)) return refuse(ev);
  if (name == "MD5") return Json(digest::md5_hex(*data));
  if (name == "SHA-1") return Json(digest::sha1_hex(*data));
  if (name == "SHA-256") return Json(digest::sha256_hex(*data));
  if (name == "SHA-384") return Json(digest::sha384_hex(*data));
  return Json(digest::sha512_hex(*data));
}

bool is_hash_algorithm(std::string_view name) {
  return name == "MD5" || name == "SHA-1" || name == "SHA-256" || name == "SHA-384" ||
         name == "SHA-512";
}

Expected<Json> fn_uuid(std::span<path::Selection>, Evaluation& ev) { return Json(ev.rng.uuid4()); }

}  // namespace sfn::intrinsics::detail
