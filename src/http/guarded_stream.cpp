#include "http/guarded_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
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

bool Retryable(int error) { return error == EINTR || error == EAGAIN || error == EWOULDBLOCK; }

int TlsLength(size_t size) { return static_cast<int>(std::min<size_t>(size, INT_MAX)); }

}  // namespace

GuardedStream::GuardedStream(int fd, StreamLimits limits, SSL* ssl)
    : fd_(fd),
      ssl_(ssl),
      limits_(limits),
      buffer_(16 * 1024),
      max_body_bytes_(limits.max_body_bytes) {
  if (ssl_) {
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    SSL_set_fd(ssl_, fd_);
  }
}

bool GuardedStream::AcceptTls(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    ERR_clear_error();
    const int r = SSL_accept(ssl_);
    if (r == 1) return true;
    const int error = SSL_get_error(ssl_, r);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      const short wait = error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
      if (left.count() > 0 && PollFor(fd_, wait, static_cast<int>(left.count()))) continue;
      failure_ = Failure::kTlsHandshake;
      tls_error_ = "the handshake did not complete in time";
      return false;
    }
    const unsigned long e = ERR_peek_error();
    const int reason = ERR_GET_REASON(e);
    const bool plain = ERR_GET_LIB(e) == ERR_LIB_SSL &&
                       (reason == SSL_R_HTTP_REQUEST || reason == SSL_R_HTTPS_PROXY_REQUEST);
    failure_ = plain ? Failure::kPlainHttp : Failure::kTlsHandshake;
    const char* text = e ? ERR_reason_error_string(e) : nullptr;
    tls_error_ = text ? text : "the peer closed the connection";
    ERR_clear_error();
    return false;
  }
}

void GuardedStream::EndTls() {
  // After a fatal TLS error (kError) OpenSSL forbids a shutdown.
  if (!ssl_ || failure_ == Failure::kError || !SSL_is_init_finished(ssl_)) return;
  ERR_clear_error();
  SSL_shutdown(ssl_);
  ERR_clear_error();
}

void GuardedStream::BeginRequest() {
  in_headers_ = true;
  header_bytes_ = 0;
  body_bytes_ = 0;
  max_body_bytes_ = limits_.max_body_bytes;
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
  if (begin_ < end_ || (ssl_ && SSL_pending(ssl_) > 0)) return true;
  return PollFor(fd_, POLLIN, static_cast<int>(timeout.count()));
}

bool GuardedStream::is_readable() const {
  return begin_ < end_ || (ssl_ && SSL_pending(ssl_) > 0) || PollFor(fd_, POLLIN, ReadWaitMs());
}

bool GuardedStream::is_writable() const {
  return PollFor(fd_, POLLOUT, static_cast<int>(limits_.write_timeout.count()));
}

bool GuardedStream::Fill() {
  short wait = POLLIN;
  for (;;) {
    const bool pending = ssl_ && SSL_pending(ssl_) > 0;
    if (!pending && !PollFor(fd_, wait, ReadWaitMs())) {
      failure_ = in_headers_ ? Failure::kHeaderTimeout : Failure::kTimeout;
      return false;
    }
    const ssize_t n = ReadOnce(buffer_.data(), buffer_.size(), &wait);
    if (n == -1) continue;
    if (n <= 0) {
      failure_ = n == 0 ? Failure::kClosed : Failure::kError;
      return false;
    }
    begin_ = 0;
    end_ = static_cast<size_t>(n);
    return true;
  }
}

ssize_t GuardedStream::ReadOnce(char* ptr, size_t size, short* wait) {
  if (!ssl_) {
    const ssize_t n = ::recv(fd_, ptr, size, 0);
    if (n >= 0) return n;
    return Retryable(errno) ? -1 : -2;
  }
  ERR_clear_error();
  const int n = SSL_read(ssl_, ptr, TlsLength(size));
  if (n > 0) return n;
  switch (SSL_get_error(ssl_, n)) {
    case SSL_ERROR_WANT_READ:
      *wait = POLLIN;
      return -1;
    case SSL_ERROR_WANT_WRITE:
      *wait = POLLOUT;
      return -1;
    case SSL_ERROR_ZERO_RETURN:
      return 0;
    default:
      ERR_clear_error();
      return -2;
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
  } else if (max_body_bytes_ > 0) {
    if (body_bytes_ >= max_body_bytes_) {
      failure_ = Failure::kBodyTooLarge;
      return -1;
    }
    n = std::min(n, max_body_bytes_ - body_bytes_);
    body_bytes_ += n;
  }
  std::memcpy(ptr, buffer_.data() + begin_, n);
  if (in_headers_) Track(ptr, n);
  begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t GuardedStream::write(const char* ptr, size_t size) {
  if (size == 0) return 0;
  short wait = POLLOUT;
  for (;;) {
    if (!PollFor(fd_, wait, static_cast<int>(limits_.write_timeout.count()))) {
      failure_ = Failure::kTimeout;
      return -1;
    }
    if (!ssl_) {
      const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (n >= 0) return n;
      if (Retryable(errno)) continue;
      failure_ = Failure::kError;
      return -1;
    }
    ERR_clear_error();
    const int n = SSL_write(ssl_, ptr, TlsLength(size));
    if (n > 0) return n;
    const int error = SSL_get_error(ssl_, n);
    if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) {
      wait = error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
      continue;
    }
    ERR_clear_error();
    failure_ = Failure::kError;
    return -1;
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
