#include "server/socket_reader.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sfn::server {

bool SocketReader::fill() {
  if (ended_) return false;
  if (at_ > 0 && at_ * 2 >= buffer_.size()) {  // keep the buffer from growing with what is read
    buffer_.erase(0, at_);
    at_ = 0;
  }
  char chunk[65536];
  for (;;) {
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    ended_ = true;  // 0: the peer closed; EAGAIN: the idle timeout; anything else: gone
    return false;
  }
}

std::string SocketReader::take(std::size_t n) {
  std::string out = buffer_.substr(at_, n);
  at_ += n;
  return out;
}

std::string SocketReader::line(std::size_t limit) {
  std::size_t searched = 0;
  for (;;) {
    std::size_t window = std::min(buffered(), limit);
    const char* begin = buffer_.data() + at_;
    if (const void* nl = std::memchr(begin + searched, '\n', window - searched)) {
      return take(static_cast<std::size_t>(static_cast<const char*>(nl) - begin) + 1);
    }
    if (window == limit) return take(limit);
    searched = window;
    if (!fill()) return take(buffered());
  }
}

std::string SocketReader::bytes(std::size_t n) {
  while (buffered() < n && fill()) {
  }
  return take(std::min(n, buffered()));
}

}  // namespace sfn::server
