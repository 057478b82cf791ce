#include "service/pagination.h"

#include <algorithm>
#include <cstdint>

#include "service/errors.h"

namespace sfn::service {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

std::optional<std::string> unbase64(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// A short checksum so a mangled token is refused rather than silently misread.
std::uint32_t checksum(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

constexpr std::string_view kMagic = "sfnsim1";

std::string encode(std::string_view list, std::string_view key) {
  std::string body = std::string(kMagic) + '\n' + std::string(list) + '\n' + std::string(key);
  return base64(body + '\n' + std::to_string(checksum(body)));
}

std::optional<std::string> decode(std::string_view token, std::string_view list) {
  auto text = unbase64(token);
  if (!text) return std::nullopt;
  auto last = text->rfind('\n');
  if (last == std::string::npos) return std::nullopt;
  std::string body = text->substr(0, last);
  if (std::to_string(checksum(body)) != text->substr(last + 1)) return std::nullopt;
  std::string expected_head = std::string(kMagic) + '\n' + std::string(list) + '\n';
  if (!body.starts_with(expected_head)) return std::nullopt;
  return body.substr(expected_head.size());
}

}  // namespace

std::size_t page_size(const Json& request) {
  auto it = request.find("maxResults");
  if (it == request.end() || !it->is_number()) return 100;
  auto n = it->get<long long>();
  return n <= 0 ? 100 : static_cast<std::size_t>(n);
}

Expected<Page, ServiceError> paginate(const std::vector<std::string>& keys, const Json& request,
                                      std::string_view list) {
  Page page;
  auto token = request.find("nextToken");
  if (token != request.end() && token->is_string()) {
    auto key = decode(token->get<std::string>(), list);
    if (!key) return invalid_token();
    page.begin =
        static_cast<std::size_t>(std::lower_bound(keys.begin(), keys.end(), *key) - keys.begin());
  }
  std::size_t size = page_size(request);
  page.end = std::min(keys.size(), page.begin + size);
  if (page.end < keys.size()) page.next_token = encode(list, keys[page.end]);
  return page;
}

std::string numeric_key(std::uint64_t value, bool descending) {
  if (descending) value = UINT64_MAX - value;
  std::string digits = std::to_string(value);
  return std::string(20 - digits.size(), '0') + digits;
}

std::optional<std::uint64_t> numeric_key_value(std::string_view key, bool descending) {
  if (key.size() != 20 ||
      !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : key) {
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return descending ? UINT64_MAX - value : value;
}

Expected<std::optional<std::string>, ServiceError> page_start(const Json& request,
                                                              std::string_view list) {
  auto token = request.find("nextToken");
  if (token == request.end() || !token->is_string()) return std::optional<std::string>();
  auto key = decode(token->get<std::string>(), list);
  if (!key) return invalid_token();
  return std::optional<std::string>(std::move(*key));
}

std::string page_token(std::string_view list, std::string_view key) { return encode(list, key); }

}  // namespace sfn::service

namespace sfn::service {

Expected<Page, ServiceError> paginate_positions(std::size_t count, const Json& request,
                                                std::string_view list) {
  Page page;
  auto token = request.find("nextToken");
  if (token != request.end() && token->is_string()) {
    auto key = decode(token->get<std::string>(), list);
    if (!key || key->empty() || key->size() > 19 ||
        !std::all_of(key->begin(), key->end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return invalid_token();
    }
    page.begin = std::min<std::size_t>(count, std::stoull(*key));
  }
  page.end = std::min(count, page.begin + page_size(request));
  if (page.end < count) page.next_token = encode(list, std::to_string(page.end));
  return page;
}

}  // namespace sfn::service
