// A connection's incoming bytes through a buffer, as a blocking socket with a receive timeout
// gives them: lines up to a bound and bodies of a known length. The end of the stream, a
// timeout (the connection's idle limit) and an error all end it alike: nothing more comes.
#pragma once

#include <cstddef>
#include <string>

namespace sfn::server {

class SocketReader {
 public:
  explicit SocketReader(int fd) : fd_(fd) {}

  // Bytes up to and including the next '\n', at most `limit` of them (Python's readline):
  // shorter and without the '\n' when the stream ended first, `limit` bytes without it when
  // the line is longer. Empty when the stream ended before any byte.
  std::string line(std::size_t limit);
  // `n` bytes, or fewer when the stream ended first.
  std::string bytes(std::size_t n);
  bool ended() const { return ended_; }

 private:
  bool fill();  // one recv onto the buffer; false when the stream ended
  std::size_t buffered() const { return buffer_.size() - at_; }
  std::string take(std::size_t n);

  int fd_;
  std::string buffer_;
  std::size_t at_ = 0;  // where the unread part of buffer_ starts
  bool ended_ = false;
};

}  // namespace sfn::server
