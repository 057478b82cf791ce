#include "server/connection.h"

#include <sys/socket.h>

#include <chrono>
#include <exception>

#include "server/aws_protocol.h"
#include "server/request_reader.h"
#include "server/socket_reader.h"

namespace sfn::server {

bool ConnectionGate::begin() {
  std::lock_guard<std::mutex> guard(lock);
  if (shut) return false;
  busy = true;
  return true;
}

void ConnectionGate::end() {
  std::lock_guard<std::mutex> guard(lock);
  busy = false;
}

bool ConnectionGate::shut_if_idle() {
  std::lock_guard<std::mutex> guard(lock);
  if (busy) return false;
  if (!shut) ::shutdown(fd, SHUT_RDWR);  // the thread's blocking recv returns at once
  shut = true;
  return true;
}

namespace {

constexpr std::string_view kContentType = "application/x-amz-json-1.0";

bool has_header(const Reply& reply, std::string_view lower_name) {
  for (const Header& h : reply.headers) {
    if (h.name.size() != lower_name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < h.name.size() && same; ++i) {
      char c = h.name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == lower_name[i];
    }
    if (same) return true;
  }
  return false;
}

// The API answer to a whole POST request (its body read).
Reply answer_post(const Request& request, std::string body, std::string_view operation,
                  const std::string& client, const ConnectionSetup& setup) {
  if (operation.empty()) {
    const std::string* target = request.header("x-amz-target");
    return error_reply(400, "UnknownOperationException",
                       "Unknown operation: '" + (target ? *target : std::string()) + "'");
  }
  const std::string* authorization = request.header("authorization");
  std::string_view region = authorization ? region_of_signature(*authorization) : "";
  if (region.empty()) region = setup.options.default_region;
  try {
    return setup.handlers.answer(operation, region, std::move(body));
  } catch (const std::exception& e) {
    setup.failures.fetch_add(1);
    if (setup.handlers.failed) setup.handlers.failed(client, e.what());
  } catch (...) {
    setup.failures.fetch_add(1);
    if (setup.handlers.failed)
      setup.handlers.failed(client, "an exception that is no std::exception");
  }
  return error_reply(500, "InternalFailure", "The request failed inside sfnsim.");
}

// A connection ending with unread bytes in its receive queue would be reset by close(), and
// the reset can overtake the answer just sent (a 413 refused before its body was read): the
// sending side is shut first and the rest read away for a moment, so that the client reads
// the answer.
void linger(int fd) {
  ::shutdown(fd, SHUT_WR);
  timeval brief{0, 200000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &brief, sizeof brief);
  char sink[65536];
  for (std::size_t total = 0; total < (std::size_t{1} << 20);) {
    ssize_t n = ::recv(fd, sink, sizeof sink, 0);
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
  }
}

}  // namespace

void serve_connection(ConnectionGate& gate, const std::string& client,
                      const ConnectionSetup& setup) {
  const int fd = gate.fd;
  SocketReader in(fd);
  RequestIds ids;
  for (;;) {
    std::string line = in.line(kMaxLine + 1);
    if (line.empty()) return;  // closed, or idle past the timeout, between requests
    if (!gate.begin()) return;
    auto started = std::chrono::steady_clock::now();
    Request request;
    bool keep_alive = false;
    Reading head = read_head(in, fd, line, request, keep_alive);
    if (head.kind == Reading::Kind::Gone) return;
    if (head.kind == Reading::Kind::Refused) {
      send_all(fd, render(head.refusal, true));
      linger(fd);
      return;
    }
    Reply reply;
    bool logged = false;
    std::string_view operation;
    const std::string* target = request.header("x-amz-target");
    if (request.method == "POST") {
      operation = operation_of(target ? std::string_view(*target) : std::string_view());
      Reading body = read_body(in, request, setup.options.max_body_bytes);
      if (body.kind == Reading::Kind::Gone) return;  // nothing to answer, nor to log
      logged = true;
      if (body.kind == Reading::Kind::Refused) {
        reply = std::move(body.refusal);
        keep_alive = false;  // where the next request starts is unknown
      } else {
        std::string text = std::move(request.body);
        if (text.empty()) text = "{}";
        reply = answer_post(request, std::move(text), operation, client, setup);
      }
    } else if (request.method == "GET") {
      // A GET's body is not read: where the next request starts is lost.
      if (request.header("content-length") || request.header("transfer-encoding")) {
        keep_alive = false;
      }
      std::string_view path = std::string_view(request.target).substr(0, request.target.find('?'));
      if (path == "/health") {
        reply.headers.push_back({"Content-Type", "application/json"});
        reply.body = R"({"status":"ok"})";
      } else {
        reply =
            error_reply(404, "UnknownOperationException", "Step Functions answers POST requests");
      }
    } else {
      reply = error_reply(501, "UnknownOperationException",
                          "Unsupported method ('" + request.method.substr(0, 40) + "')");
      keep_alive = false;
    }
    if (!has_header(reply, "content-type"))
      reply.headers.push_back({"Content-Type", std::string(kContentType)});
    if (!has_header(reply, "x-amzn-requestid"))
      reply.headers.push_back({"x-amzn-RequestId", ids.next()});
    if (setup.draining.load()) keep_alive = false;
    bool sent = send_all(fd, render(reply, !keep_alive));
    if (logged && setup.handlers.log) {
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      setup.handlers.log(LogRecord{client, operation, reply.status, ms});
    }
    gate.end();
    if (!sent) return;
    if (!keep_alive) {
      linger(fd);
      return;
    }
  }
}

}  // namespace sfn::server
