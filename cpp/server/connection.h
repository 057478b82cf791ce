// One client connection of the front: its requests read, answered and logged in turn, until
// the client closes it, goes silent past the idle timeout, asks to close, sends what cannot be
// framed, or a drain ends it.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "server/front.h"

namespace sfn::server {

// What the drain and the connection's thread share. `busy` from the first byte of a request
// to its answer; a drain shuts down a connection only while it is not busy, so that a request
// is either answered or never begun.
struct ConnectionGate {
  std::mutex lock;
  bool busy = false;
  bool shut = false;  // by a drain: the thread is to end
  int fd = -1;

  bool begin();  // a request has begun; false when a drain shut the connection first
  void end();
  bool shut_if_idle();  // the drain's part: true when the connection was idle and is now shut
};

struct ConnectionSetup {
  const FrontOptions& options;
  const Handlers& handlers;
  std::atomic<bool>& draining;
  std::atomic<std::uint64_t>& failures;
};

// Serves the connection until it ends; the caller closes `gate.fd` afterwards.
void serve_connection(ConnectionGate& gate, const std::string& client,
                      const ConnectionSetup& setup);

}  // namespace sfn::server
