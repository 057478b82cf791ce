#include "common/name_uuid.h"

#include "common/digests.h"

namespace sfn {

namespace {

// 6ba7b811-9dad-11d1-80b4-00c04fd430c8, RFC 4122's namespace for URLs, as bytes.
constexpr char kUrlNamespace[] = "\x6b\xa7\xb8\x11\x9d\xad\x11\xd1\x80\xb4\x00\xc0\x4f\xd4\x30\xc8";

int hex_value(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

}  // namespace

std::string uuid5_url(std::string_view name) {
  std::string data(kUrlNamespace, sizeof kUrlNamespace - 1);
  data.append(name);
  std::string x = digest::sha1_hex(data);
  std::string out;
  out.reserve(36);
  out.append(x, 0, 8).push_back('-');
  out.append(x, 8, 4).push_back('-');
  out.push_back('5');  // the version digit
  out.append(x, 13, 3).push_back('-');
  out.push_back("89ab"[hex_value(x[16]) & 3]);  // the RFC 4122 variant bits
  out.append(x, 17, 3).push_back('-');
  out.append(x, 20, 12);
  return out;
}

}  // namespace sfn
