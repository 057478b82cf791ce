// The HTTP front of `sfnsim serve` (docs/server.md): HTTP/1.1 with keep-alive, one thread per
// connection, the Step Functions awsJson1_0 protocol around the body (the operation from
// X-Amz-Target, the region from the signature, x-amzn-RequestId, AWS's error shapes), GET
// /health, the request limits of server/request_reader.h, one log record per request and a
// drain that lets the requests in flight finish.
//
// Why a thread per connection: a connection carries one request at a time (no pipelining
// from the SDKs), and a request may take long (StartSyncExecution waits for its execution on
// the real clock, GetActivityTask polls for a minute, a task may call a slow endpoint): a
// thread of its own blocks without holding up anyone else, with no pool to size. The front
// knows nothing of Python; the answer and log hooks are what a binding gives it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "server/http_message.h"

namespace sfn::server {

struct FrontOptions {
  std::string host = "127.0.0.1";
  int port = 8083;                           // 0: a free one
  std::string default_region = "us-east-1";  // of a request signed for none
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  double idle_timeout_s = 120.0;  // a connection silent this long is closed
};

struct LogRecord {
  std::string_view client;     // the peer's address
  std::string_view operation;  // empty when the target named none
  int status;
  double milliseconds;
};

struct Handlers {
  // An API request's answer (the awsJson body and its status). An exception is a failure
  // inside: answered 500 InternalFailure, counted and reported to `failed`.
  std::function<Reply(std::string_view operation, std::string_view region, std::string body)>
      answer;
  std::function<void(const LogRecord&)> log;  // empty: no log records
  std::function<void(std::string_view client, std::string_view what)> failed;
};

struct FrontState;  // front.cpp

class Front {
 public:
  // Binds and listens (std::system_error when it cannot).
  Front(FrontOptions options, Handlers handlers);
  ~Front();
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  std::string host() const;  // the address bound, numeric
  int port() const;

  // Accepts connections until shutdown() or drain().
  void serve();
  // Stops accepting; returns once serve() has returned.
  void shutdown();
  // Stops accepting, closes the connections idle between requests, and waits up to `seconds`
  // for the requests in flight to be answered (their connections are then closed). True when
  // every connection ended in time.
  bool drain(double seconds);
  std::uint64_t failures() const;  // requests whose answer failed inside

 private:
  std::shared_ptr<FrontState> state_;
};

}  // namespace sfn::server
