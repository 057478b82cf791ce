#include "server/http_message.h"

#include <ctime>

#include "json/json.h"

namespace sfn::server {

const std::string* Request::header(std::string_view lower_name) const {
  for (const Header& h : headers) {
    if (h.name == lower_name) return &h.value;
  }
  return nullptr;
}

std::vector<std::string_view> Request::all(std::string_view lower_name) const {
  std::vector<std::string_view> values;
  for (const Header& h : headers) {
    if (h.name == lower_name) values.emplace_back(h.value);
  }
  return values;
}

std::string_view reason_of(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 413:
      return "Request Entity Too Large";
    case 414:
      return "Request-URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

namespace {

// RFC 7231's IMF-fixdate, as http.server's date_time_string writes it.
std::string http_date() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[40];
  std::size_t n = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, n);
}

}  // namespace

std::string render(const Reply& reply, bool closing) {
  std::string out;
  out.reserve(256 + reply.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(reply.status);
  out += ' ';
  out += reason_of(reply.status);
  out += "\r\nServer: sfnsim\r\nDate: ";
  out += http_date();
  out += "\r\n";
  for (const Header& h : reply.headers) {
    out += h.name;
    out += ": ";
    out += h.value;
    out += "\r\n";
  }
  out += "Content-Length: ";
  out += std::to_string(reply.body.size());
  out += "\r\n";
  if (closing) out += "Connection: close\r\n";
  out += "\r\n";
  out += reply.body;
  return out;
}

Reply error_reply(int status, std::string_view kind, std::string_view message) {
  Json body = Json::object();
  body["__type"] = std::string(kind);
  body["message"] = std::string(message);
  Reply reply;
  reply.status = status;
  reply.headers.push_back({"Content-Type", "application/x-amz-json-1.0"});
  // Invalid UTF-8 in a message (an echoed header) is replaced, not an exception.
  reply.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return reply;
}

}  // namespace sfn::server
