// HTTP/1.1 messages as the front of `sfnsim serve` reads and writes them: a request's line,
// headers and body, and a reply rendered as one buffer (one send: a client's delayed ACK cannot
// stall a second write).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::server {

struct Header {
  std::string name;  // lower-cased in a request; as given in a reply
  std::string value;
};

struct Request {
  std::string method;
  std::string target;   // the path and query, as sent
  std::string version;  // "HTTP/1.0" or "HTTP/1.1"
  std::vector<Header> headers;
  std::string body;

  // The first value of the header `lower_name`, or nullptr.
  const std::string* header(std::string_view lower_name) const;
  std::vector<std::string_view> all(std::string_view lower_name) const;
};

struct Reply {
  int status = 200;
  std::vector<Header> headers;  // besides Content-Length, Server, Date and Connection
  std::string body;
};

// The reason phrase of a status (http.server's wording), "Unknown" for one it has none for.
std::string_view reason_of(int status);

// Status line, `reply`'s headers, Server, Date, Content-Length, `Connection: close` when
// `closing`, and the body, in one buffer.
std::string render(const Reply& reply, bool closing);

// An error reply in the awsJson1_0 shape: `{"__type": kind, "message": message}`.
Reply error_reply(int status, std::string_view kind, std::string_view message);

}  // namespace sfn::server
