// GuardedStream is the httplib::Stream of one accepted TCP connection, with
// the limits httplib does not enforce by itself:
//   - a request's line and headers together must fit in max_header_bytes and
//     must arrive within header_timeout of the request's first byte, so a
//     client sending an endless header line, or one byte every few seconds
//     (slowloris), is cut off instead of holding a thread and memory;
//   - a body (after the headers) may not exceed max_body_bytes on the wire,
//     whatever its framing: httplib bounds Content-Length bodies but not
//     chunked ones;
//   - every read and write times out after read_timeout / write_timeout.
// Over TLS (an SSL session given) the same limits apply to the decrypted
// bytes; the socket is switched to non-blocking so that a partial TLS record
// cannot block a read past its deadline, and AcceptTls bounds the handshake.
// Reads are buffered. It never closes the socket nor frees the SSL; the
// connection loop that owns them does. Not thread-safe: one connection, one
// thread.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <chrono>
#include <string>
#include <vector>

namespace pm::http {

struct StreamLimits {
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 0;  // 0: no limit here
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
};

class GuardedStream : public httplib::Stream {
 public:
  enum class Failure {
    kNone,
    kHeaderTooLarge,  // the request line and headers exceeded max_header_bytes
    kHeaderTimeout,   // they did not arrive within header_timeout
    kBodyTooLarge,    // the body went past max_body_bytes
    kTimeout,         // a body read or a write timed out
    kClosed,          // the peer closed the connection
    kError,           // a socket error
    kTlsHandshake,    // the TLS handshake failed or timed out
    kPlainHttp,       // plain HTTP came where a TLS handshake was expected
  };

  // With `ssl` (a session not yet attached to a socket), the stream speaks TLS
  // once AcceptTls succeeds.
  GuardedStream(int fd, StreamLimits limits, SSL* ssl = nullptr);

  // Runs the server side of the TLS handshake within `timeout`; false when it
  // fails (failure() says kTlsHandshake or kPlainHttp, tls_error() why).
  // REQUIRES: constructed with an SSL session.
  bool AcceptTls(std::chrono::milliseconds timeout);
  // Sends TLS close_notify, without waiting for the peer's. No-op without TLS
  // or after a TLS error.
  void EndTls();
  const std::string& tls_error() const { return tls_error_; }

  // Starts the header phase of the next request on this connection, with the
  // body limit of the stream's limits.
  void BeginRequest();
  // Sets the current request's body limit (0: none); the next BeginRequest
  // restores the stream's own. For a route that takes larger bodies, decided
  // once the headers are read.
  void set_max_body_bytes(size_t max_body_bytes) { max_body_bytes_ = max_body_bytes; }
  // Whether the header phase has seen any byte of the current request.
  bool request_started() const { return header_bytes_ > 0; }
  Failure failure() const { return failure_; }

  // Waits up to `timeout` for the next request's first byte (keep-alive);
  // false when none came or the peer closed.
  bool WaitForData(std::chrono::milliseconds timeout);

  // Writes `data` whole, within the write timeout; false on failure.
  bool WriteAll(const std::string& data);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  // Milliseconds a read may wait now: the read timeout, shortened in the
  // header phase to what is left of the header deadline.
  int ReadWaitMs() const;
  bool Fill();
  // One read of up to `size` bytes: >0 bytes read, 0 the peer closed, -1 no
  // data yet (`*wait` says which poll event to wait for), -2 an error.
  ssize_t ReadOnce(char* ptr, size_t size, short* wait);
  void Track(const char* data, size_t n);

  int fd_;
  SSL* ssl_;
  std::string tls_error_;
  StreamLimits limits_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;
  bool in_headers_ = true;
  size_t header_bytes_ = 0;
  size_t body_bytes_ = 0;
  size_t max_body_bytes_;  // the current request's body limit
  unsigned tail_ = 0;      // the last bytes of the header phase, to find its blank line
  std::chrono::steady_clock::time_point header_deadline_;
  Failure failure_ = Failure::kNone;
};

}  // namespace pm::http
