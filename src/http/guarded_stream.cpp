#include "http/guarded_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pm::http {

namespace {

bool PollFor(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

void AddressOf(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

}  // namespace

void GuardedStream::BeginRequest() {
  in_headers_ = true;
  header_bytes_ = 0;
  body_bytes_ = 0;
  tail_ = 0;
  failure_ = Failure::kNone;
  header_deadline_ = std::chrono::steady_clock::now() + limits_.header_timeout;
}

int GuardedStream::ReadWaitMs() const {
  auto wait = limits_.read_timeout;
  if (in_headers_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        header_deadline_ - std::chrono::steady_clock::now());
    wait = std::min(wait, std::max(left, std::chrono::milliseconds(0)));
  }
  return static_cast<int>(wait.count());
}

bool GuardedStream::WaitForData(std::chrono::milliseconds timeout) {
  if (begin_ < end_) return true;
  return PollFor(fd_, POLLIN, static_cast<int>(timeout.count()));
}

bool GuardedStream::is_readable() const {
  return begin_ < end_ || PollFor(fd_, POLLIN, ReadWaitMs());
}

bool GuardedStream::is_writable() const {
  return PollFor(fd_, POLLOUT, static_cast<int>(limits_.write_timeout.count()));
}

bool GuardedStream::Fill() {
  if (!PollFor(fd_, POLLIN, ReadWaitMs())) {
    failure_ = in_headers_ ? Failure::kHeaderTimeout : Failure::kTimeout;
    return false;
  }
  for (;;) {
    ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failure_ = n == 0 ? Failure::kClosed : Failure::kError;
      return false;
    }
    begin_ = 0;
    end_ = static_cast<size_t>(n);
    return true;
  }
}

// Counts the bytes handed out during the header phase and ends it at the blank
// line ("\r\n\r\n", or "\n\n" from a lenient client).
void GuardedStream::Track(const char* data, size_t n) {
  for (size_t i = 0; i < n && in_headers_; ++i) {
    ++header_bytes_;
    tail_ = (tail_ << 8) | static_cast<unsigned char>(data[i]);
    if (tail_ == 0x0d0a0d0a || (tail_ & 0xffff) == 0x0a0a) in_headers_ = false;
  }
}

ssize_t GuardedStream::read(char* ptr, size_t size) {
  if (failure_ != Failure::kNone) return -1;
  if (begin_ == end_ && !Fill()) return failure_ == Failure::kClosed ? 0 : -1;
  size_t n = std::min(size, end_ - begin_);
  if (in_headers_) {
    // httplib reads headers a byte at a time; hand out no byte past the limit.
    const size_t room =
        limits_.max_header_bytes - std::min(header_bytes_, limits_.max_header_bytes);
    if (room == 0) {
      failure_ = Failure::kHeaderTooLarge;
      return -1;
    }
    n = std::min(n, room);
  } else if (limits_.max_body_bytes > 0) {
    if (body_bytes_ >= limits_.max_body_bytes) {
      failure_ = Failure::kBodyTooLarge;
      return -1;
    }
    n = std::min(n, limits_.max_body_bytes - body_bytes_);
    body_bytes_ += n;
  }
  std::memcpy(ptr, buffer_.data() + begin_, n);
  if (in_headers_) Track(ptr, n);
  begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t GuardedStream::write(const char* ptr, size_t size) {
  if (!is_writable()) {
    failure_ = Failure::kTimeout;
    return -1;
  }
  for (;;) {
    ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) failure_ = Failure::kError;
    return n;
  }
}

bool GuardedStream::WriteAll(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) AddressOf(addr, ip, port);
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) AddressOf(addr, ip, port);
}

}  // namespace pm::http
