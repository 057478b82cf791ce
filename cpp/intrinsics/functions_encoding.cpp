// States.Base64Encode, States.Base64Decode, States.Hash and States.UUID.
#include "common/digests.h"
#include "intrinsics/base64.h"
#include "intrinsics/function_support.h"

namespace sfn::intrinsics::detail {

namespace {

// Java decodes bytes to a String replacing malformed UTF-8 with U+FFFD; doing the same keeps every
// string the engine carries valid UTF-8.
std::string utf8_with_replacement(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (b0 < 0x80) {
      out.push_back(static_cast<char>(b0));
      ++i;
      continue;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2;
      min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      min = 0x10000;
    }
    bool valid = len > 0 && i + len <= bytes.size();
    std::uint32_t cp = len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (std::size_t k = 1; valid && k < len; ++k) {
      const auto b = static_cast<unsigned char>(bytes[i + k]);
      if ((b & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (valid && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) valid = false;
    if (valid) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

// The data argument of Base64Encode/Decode and Hash: a string of at most 10,000 characters.
const std::string* limited_string(const Json& v) {
  if (!v.is_string()) return nullptr;
  const std::string& s = v.get_ref<const std::string&>();
  // Bytes bound characters from above, so the UTF-16 count is needed only for long strings.
  if (s.size() > kMaxStringChars && java::utf16_length(s) > kMaxStringChars) return nullptr;
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
  return Json(utf8_with_replacement(*bytes));
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
