#include "server/front.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>

#include "server/connection.h"

namespace sfn::server {

struct FrontState {
  FrontOptions options;
  Handlers handlers;
  int listener = -1;
  int wake[2] = {-1, -1};  // a byte on wake[1] stops serve()
  std::string host;
  int port = 0;
  std::atomic<bool> draining{false};
  std::atomic<std::uint64_t> failures{0};

  std::mutex lock;  // guards what follows
  std::condition_variable changed;
  bool serving = false;
  bool stopped = false;
  std::list<std::shared_ptr<ConnectionGate>> connections;

  ~FrontState() {
    if (listener >= 0) ::close(listener);
    for (int fd : wake) {
      if (fd >= 0) ::close(fd);
    }
  }
};

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::string address_of(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text,
              sizeof text);
  }
  return text;
}

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
}

// A listening socket on `host`:`port`, IPv4 first as Python's http.server binds (a host name
// such as localhost resolves to its IPv4 address), else IPv6.
int listen_on(FrontState& state) {
  const std::string service = std::to_string(state.options.port);
  for (int family : {AF_INET, AF_INET6}) {
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const char* node = state.options.host.empty() ? nullptr : state.options.host.c_str();
    if (getaddrinfo(node, service.c_str(), &hints, &found) != 0) continue;
    for (addrinfo* a = found; a; a = a->ai_next) {
      int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
        freeaddrinfo(found);
        return fd;
      }
      int saved = errno;
      ::close(fd);
      errno = saved;
    }
    freeaddrinfo(found);
  }
  if (errno == 0) errno = EADDRNOTAVAIL;
  fail("cannot listen on " + state.options.host + ":" + service);
}

void set_timeouts(int fd, double seconds) {
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(seconds);
  limit.tv_usec = static_cast<suseconds_t>((seconds - static_cast<double>(limit.tv_sec)) * 1e6);
  if (limit.tv_sec == 0 && limit.tv_usec == 0) limit.tv_usec = 1;  // 0 would be no limit
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
}

void run_connection(const std::shared_ptr<FrontState>& state,
                    const std::shared_ptr<ConnectionGate>& gate, const std::string& client) {
  ConnectionSetup setup{state->options, state->handlers, state->draining, state->failures};
  serve_connection(*gate, client, setup);
  {
    std::lock_guard<std::mutex> guard(state->lock);
    state->connections.remove(gate);
  }
  // Closed once out of the list: a drain never shuts down a descriptor reused meanwhile.
  ::close(gate->fd);
  state->changed.notify_all();
}

void accept_one(const std::shared_ptr<FrontState>& state) {
  sockaddr_storage peer{};
  socklen_t size = sizeof peer;
  int fd = ::accept4(state->listener, reinterpret_cast<sockaddr*>(&peer), &size, SOCK_CLOEXEC);
  if (fd < 0) {
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // let connections end
    }
    return;
  }
  int one = 1;
  // Answers are small and go out whole: no Nagle delay waiting for the client's ACK.
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  set_timeouts(fd, state->options.idle_timeout_s);
  auto gate = std::make_shared<ConnectionGate>();
  gate->fd = fd;
  {
    std::lock_guard<std::mutex> guard(state->lock);
    state->connections.push_back(gate);
  }
  try {
    std::thread(run_connection, state, gate, address_of(peer)).detach();
  } catch (const std::system_error&) {  // no thread to be had: the client is let go
    std::lock_guard<std::mutex> guard(state->lock);
    state->connections.remove(gate);
    ::close(fd);
  }
}

}  // namespace

Front::Front(FrontOptions options, Handlers handlers) : state_(std::make_shared<FrontState>()) {
  state_->options = std::move(options);
  state_->handlers = std::move(handlers);
  state_->listener = listen_on(*state_);
  if (::pipe2(state_->wake, O_CLOEXEC) != 0) fail("cannot make a pipe");
  sockaddr_storage bound{};
  socklen_t size = sizeof bound;
  ::getsockname(state_->listener, reinterpret_cast<sockaddr*>(&bound), &size);
  state_->host = address_of(bound);
  state_->port = port_of(bound);
}

Front::~Front() {
  shutdown();
  // Connections still open keep the state (their threads hold it) until they end.
}

std::string Front::host() const { return state_->host; }
int Front::port() const { return state_->port; }
std::uint64_t Front::failures() const { return state_->failures.load(); }

void Front::serve() {
  {
    std::lock_guard<std::mutex> guard(state_->lock);
    if (state_->stopped) return;
    state_->serving = true;
  }
  pollfd watched[2] = {{state_->listener, POLLIN, 0}, {state_->wake[0], POLLIN, 0}};
  for (;;) {
    int n = ::poll(watched, 2, -1);
    if (n < 0 && errno != EINTR) break;
    if (watched[1].revents != 0) break;
    if (n > 0 && (watched[0].revents & POLLIN)) accept_one(state_);
  }
  std::lock_guard<std::mutex> guard(state_->lock);
  state_->serving = false;
  state_->changed.notify_all();
}

void Front::shutdown() {
  std::unique_lock<std::mutex> guard(state_->lock);
  if (!state_->stopped) {
    state_->stopped = true;
    char byte = 1;
    [[maybe_unused]] ssize_t written = ::write(state_->wake[1], &byte, 1);
  }
  state_->changed.wait(guard, [&] { return !state_->serving; });
}

bool Front::drain(double seconds) {
  state_->draining.store(true);
  shutdown();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::unique_lock<std::mutex> guard(state_->lock);
  if (state_->listener >= 0) {
    ::close(state_->listener);  // clients connecting now are refused, not left waiting
    state_->listener = -1;
  }
  for (;;) {
    for (const auto& gate : state_->connections) gate->shut_if_idle();
    if (state_->connections.empty()) return true;
    // A busy connection becomes idle when its answer is sent: look again soon.
    state_->changed.wait_for(guard, std::chrono::milliseconds(10));
    if (std::chrono::steady_clock::now() > deadline) return state_->connections.empty();
  }
}

}  // namespace sfn::server
