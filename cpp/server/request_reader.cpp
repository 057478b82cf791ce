#include "server/request_reader.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <vector>

namespace sfn::server {

namespace {

bool is_header_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_header_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_header_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_header_space(s[i])) ++i;
    std::size_t begin = i;
    while (i < s.size() && !is_header_space(s[i])) ++i;
    if (i > begin) words.push_back(s.substr(begin, i - begin));
  }
  return words;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// HTTP/2.0, HTTP/3.0, HTTP/10.1: a version this server does not speak (505), not a malformed one.
bool is_later_version(std::string_view v) {
  std::string_view rest = v.substr(5);  // after "HTTP/"
  std::size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view major = rest.substr(0, dot);
  std::string_view minor = rest.substr(dot + 1);
  if (!all_digits(major) || !all_digits(minor)) return false;
  return major.size() > 1 || major[0] >= '2';
}

// A short quote of client text for a message: at most `n` bytes, as Python's repr quotes it.
std::string quoted(std::string_view s, std::size_t n) {
  return "'" + std::string(s.substr(0, n)) + "'";
}

Reply plain_error(int status, std::string_view message) {
  return error_reply(status, status == 505 ? "HTTPVersionNotSupported" : "BadRequest", message);
}

Reply bad_framing(std::string_view message) {
  return error_reply(400, "SerializationException", message);
}

Reply too_large(std::size_t limit) {
  std::string digits = std::to_string(limit);
  std::string grouped;  // 8,388,608 as Python's {:,} writes it
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return error_reply(413, "SerializationException",
                     "The request body is larger than the server accepts (" + grouped + " bytes).");
}

std::string_view without_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  return line;
}

Reading chunked_body(SocketReader& in, Request& request, std::size_t limit) {
  std::string body;
  for (;;) {
    std::string line = in.line(1024);
    if (line.empty()) return Reading::gone();
    if (line.back() != '\n') {
      if (in.ended()) return Reading::gone();
      return Reading::refused(bad_framing("A chunk size line is too long."));
    }
    std::string_view digits = strip(std::string_view(line).substr(0, line.find(';')));
    bool hex = !digits.empty() && digits.size() <= 16 &&
               std::all_of(digits.begin(), digits.end(), [](char c) {
                 return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
               });
    if (!hex) {
      return Reading::refused(
          bad_framing("A chunk size is not a hexadecimal number: " + quoted(digits, 40) + "."));
    }
    std::uint64_t length = std::stoull(std::string(digits), nullptr, 16);
    if (length == 0) {
      for (int i = 0; i < 100; ++i) {  // trailers, up to the blank line
        std::string trailer = in.line(8192);
        if (trailer.empty()) return Reading::gone();
        if (strip(trailer).empty()) {
          if (trailer.back() != '\n' && in.ended()) return Reading::gone();
          request.body = std::move(body);
          return Reading::whole();
        }
      }
      return Reading::refused(bad_framing("The chunked body has too many trailer lines."));
    }
    if (length > limit || body.size() + length > limit) return Reading::refused(too_large(limit));
    std::string chunk = in.bytes(static_cast<std::size_t>(length));
    if (chunk.size() < length) return Reading::gone();
    body += chunk;
    std::string end = in.line(8);
    if (end.empty()) return Reading::gone();
    if (!strip(end).empty())
      return Reading::refused(bad_framing("A chunk is longer than its size says."));
    if (end.back() != '\n' && in.ended()) return Reading::gone();
  }
}

}  // namespace

Reading read_head(SocketReader& in, int fd, std::string_view raw_line, Request& request,
                  bool& keep_alive) {
  keep_alive = false;
  if (raw_line.size() > kMaxLine)
    return Reading::refused(plain_error(414, "The request line is too long"));
  if (raw_line.back() != '\n' && in.ended()) return Reading::gone();
  std::string_view line = without_line_end(raw_line);
  std::vector<std::string_view> words = words_of(line);
  if (words.size() != 3 || words[2].substr(0, 5) != "HTTP/") {
    return Reading::refused(plain_error(400, "Bad request line " + quoted(line, 100)));
  }
  request.method = std::string(words[0]);
  request.target = std::string(words[1]);
  std::string_view version = words[2];
  if (version != "HTTP/1.0" && version != "HTTP/1.1") {
    return Reading::refused(
        plain_error(is_later_version(version) ? 505 : 400, std::string(version.substr(0, 40))));
  }
  request.version = std::string(version);
  for (;;) {
    std::string raw = in.line(kMaxLine + 1);
    if (raw.size() > kMaxLine)
      return Reading::refused(plain_error(431, "A header line is too long"));
    if (raw.empty() || (raw.back() != '\n' && in.ended())) return Reading::gone();
    if (raw == "\r\n" || raw == "\n") break;
    if (request.headers.size() >= kMaxHeaders) {
      return Reading::refused(plain_error(431, "Too many headers"));
    }
    std::string_view text = raw;
    std::size_t colon = text.find(':');
    std::string_view name = text.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() || strip(name) != name) {
      return Reading::refused(plain_error(400, "A header line is malformed"));
    }
    request.headers.push_back({lower(name), std::string(strip(text.substr(colon + 1)))});
  }
  std::string connection = lower(request.header("connection") ? *request.header("connection") : "");
  bool close = connection.find("close") != std::string::npos ||
               (version == "HTTP/1.0" && connection.find("keep-alive") == std::string::npos);
  keep_alive = !close;
  const std::string* expect = request.header("expect");
  if (expect && lower(*expect) == "100-continue" && version == "HTTP/1.1") {
    if (!send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n")) return Reading::gone();
  }
  return Reading::whole();
}

Reading read_body(SocketReader& in, Request& request, std::size_t limit) {
  const std::string* encoding = request.header("transfer-encoding");
  if (encoding && lower(*encoding).find("chunked") != std::string::npos) {
    return chunked_body(in, request, limit);
  }
  std::vector<std::string_view> given = request.all("content-length");
  if (std::set<std::string_view>(given.begin(), given.end()).size() > 1) {
    return Reading::refused(bad_framing("The request has conflicting Content-Length headers."));
  }
  std::string_view text = given.empty() ? "0" : strip(given[0]);
  if (!all_digits(text)) {
    return Reading::refused(
        bad_framing("The Content-Length header is not a length: " + quoted(text, 40) + "."));
  }
  std::string_view significant = text.substr(std::min(text.find_first_not_of('0'), text.size()));
  if (significant.size() > 18 || std::stoull(std::string(text)) > limit) {
    return Reading::refused(too_large(limit));
  }
  std::size_t length = std::stoull(std::string(text));
  request.body = in.bytes(length);
  return request.body.size() == length ? Reading::whole() : Reading::gone();
}

bool send_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace sfn::server
