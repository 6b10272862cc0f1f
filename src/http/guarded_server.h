// GuardedServer is httplib's server with connections served our way: each
// connection runs on a ConnectionQueue thread over a GuardedStream (header size
// and time limits, read and write timeouts), past the connection cap it is
// answered 503 at once, and BeginDrain() makes every connection close after
// the request it is serving (its answer says "Connection: close"), so a stop
// finishes in-flight requests and drops idle keep-alive connections. Parsing and routing stay
// httplib's.
//
// With a TlsContext every connection is HTTPS: the TLS handshake runs on the
// connection's thread within the header timeout, then the same GuardedStream
// limits apply to the decrypted bytes. A failed handshake frees the thread at
// once; a plain-HTTP request OpenSSL recognizes (GET, HEAD, POST, PUT) is
// answered 400 in plain text, anything else is dropped.
//
// Limits broken before httplib can answer — a request line or header block
// over the size limit, headers that do not arrive in time — are answered here
// with a problem body (431, 408). Handlers may call CloseAfterResponse() to end
// the connection after their answer (e.g. a refused request whose body was
// never read).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>

#include "http/guarded_stream.h"
#include "http/tls_context.h"

namespace pm::http {

struct ConnectionLimits {
  StreamLimits stream;
  size_t max_connections = 64;
  std::chrono::milliseconds keep_alive_timeout{5'000};
  size_t keep_alive_max_requests = 1000;
};

class GuardedServer : public httplib::Server {
 public:
  // `tls`: serve HTTPS with it; nullptr: plain HTTP.
  explicit GuardedServer(ConnectionLimits limits, std::shared_ptr<const TlsContext> tls = nullptr);

  // Sets the listen backlog (httplib's own is 5, too few for a burst of
  // clients). REQUIRES: the socket is bound.
  void RaiseBacklog(int backlog);

  // From now on every connection closes after its current request.
  void BeginDrain() { draining_ = true; }

  // The stream of the request the calling thread serves, or nullptr.
  static GuardedStream* CurrentStream();
  // The calling thread's connection closes after the response being written.
  static void CloseAfterResponse();

 protected:
  bool process_and_close_socket(socket_t sock) override;

 private:
  void ServeConnection(int fd, SSL* ssl);
  // Answers a connection whose TLS handshake failed, and closes it.
  void EndFailedHandshake(int fd, const GuardedStream& stream);

  ConnectionLimits limits_;
  std::shared_ptr<const TlsContext> tls_;
  std::atomic<bool> draining_{false};
};

}  // namespace pm::http
