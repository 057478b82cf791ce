// Reading one HTTP/1.1 request as the front of `sfnsim serve` accepts it: the limits and
// refusals of docs/server.md ("The endpoint"), the same ones the Python front had.
//
// clang-format off
// | what arrives | answer |
// |---|---|
// | a request line over 64 KiB | 414, connection closed |
// | a request line that is not `METHOD TARGET HTTP/x.y` | 400, closed |
// | HTTP/2 or later; another version | 505; 400, closed |
// | a header line over 64 KiB, or more than 100 of them | 431, closed |
// | a header line without a colon, with a space before it, or folded | 400, closed |
// | `Expect: 100-continue` (HTTP/1.1) | `100 Continue` first, then the request |
// | a body over the limit (Content-Length, or chunks adding up past it) | 413 SerializationException, closed |
// | conflicting or non-numeric Content-Length; a malformed chunk | 400 SerializationException, closed |
// | the stream ending or going silent (the idle timeout) before the request is whole | no answer, closed |
// clang-format on
#pragma once

#include <cstddef>
#include <string>

#include "server/http_message.h"
#include "server/socket_reader.h"

namespace sfn::server {

constexpr std::size_t kMaxLine = 65536;  // http.server's limits
constexpr std::size_t kMaxHeaders = 100;

struct Reading {
  enum class Kind { Whole, Refused, Gone };
  Kind kind = Kind::Whole;
  Reply refusal;  // Refused: sent, then the connection is closed

  static Reading whole() { return {}; }
  static Reading gone() { return {Kind::Gone, {}}; }
  static Reading refused(Reply r) { return {Kind::Refused, std::move(r)}; }
};

// The request line `line` (read already) and the headers after it into `request`. `keep_alive`
// says whether the client asks to keep the connection (HTTP/1.1 unless `Connection: close`;
// HTTP/1.0 only with `Connection: keep-alive`). `fd`: where `100 Continue` is sent.
Reading read_head(SocketReader& in, int fd, std::string_view line, Request& request,
                  bool& keep_alive);

// The body of `request` (Content-Length or chunked), at most `limit` bytes, into request.body.
Reading read_body(SocketReader& in, Request& request, std::size_t limit);

// Whether `text` is whole and sent; false when the connection failed.
bool send_all(int fd, std::string_view text);

}  // namespace sfn::server
