#include "server/aws_protocol.h"

namespace sfn::server {

std::string_view operation_of(std::string_view target) {
  constexpr std::string_view prefix = "AWSStepFunctions.";
  if (target.substr(0, prefix.size()) != prefix) return {};
  return target.substr(prefix.size());
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_region_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }

// The region of a scope starting at `at` (just after "Credential="), or empty: the regular
// expression `[^/,\s]+/\d{8}/([a-z0-9-]+)/` of the Python endpoint.
std::string_view scope_region(std::string_view text, std::size_t at) {
  std::size_t i = at;
  while (i < text.size() && text[i] != '/' && text[i] != ',' && !is_space(text[i])) ++i;
  if (i == at || i >= text.size() || text[i] != '/') return {};
  ++i;
  for (int d = 0; d < 8; ++d, ++i) {
    if (i >= text.size() || !is_digit(text[i])) return {};
  }
  if (i >= text.size() || text[i] != '/') return {};
  std::size_t begin = ++i;
  while (i < text.size() && is_region_char(text[i])) ++i;
  if (i == begin || i >= text.size() || text[i] != '/') return {};
  return text.substr(begin, i - begin);
}

}  // namespace

std::string_view region_of_signature(std::string_view authorization) {
  constexpr std::string_view key = "Credential=";
  for (std::size_t at = authorization.find(key); at != std::string_view::npos;
       at = authorization.find(key, at + 1)) {
    std::string_view region = scope_region(authorization, at + key.size());
    if (!region.empty()) return region;
  }
  return {};
}

RequestIds::RequestIds() {
  std::random_device device;
  random_.seed((std::uint64_t{device()} << 32) | device());
}

std::string RequestIds::next() {
  std::uint64_t high = random_();
  std::uint64_t low = random_();
  high = (high & ~0xF000ULL) | 0x4000ULL;                // version 4
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // the RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t bits, int nibbles) {
    for (int n = nibbles - 1; n >= 0; --n) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = hex[(bits >> (4 * n)) & 0xF];
    }
  };
  put(high, 16);
  put(low, 16);
  return out;
}

}  // namespace sfn::server
