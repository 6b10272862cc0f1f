#include "http/guarded_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/connection_queue.h"
#include "http/problem.h"

namespace pm::http {

namespace {

thread_local GuardedStream* t_stream = nullptr;
thread_local bool t_close_after = false;

// Half-closes after the last response and reads what the client still sends
// (a refused body still arriving) for up to a second and 8 MiB, so it receives
// the response instead of a reset that can discard it.
void CloseGently(int fd, bool drain) {
  if (drain) {
    ::shutdown(fd, SHUT_WR);
    char sink[16384];
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    size_t read = 0;
    while (read < 8 * 1024 * 1024 && std::chrono::steady_clock::now() < until) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) break;
      const ssize_t n = ::recv(fd, sink, sizeof sink, 0);
      if (n <= 0) break;
      read += static_cast<size_t>(n);
    }
  }
  ::close(fd);
}

}  // namespace

GuardedServer::GuardedServer(ConnectionLimits limits, std::shared_ptr<const TlsContext> tls)
    : limits_(limits), tls_(std::move(tls)) {
  new_task_queue = [this] {
    return new ConnectionQueue(limits_.max_connections, limits_.max_connections);
  };
  const auto keep_alive_s =
      std::chrono::duration_cast<std::chrono::seconds>(limits_.keep_alive_timeout);
  set_keep_alive_timeout(std::max<time_t>(1, static_cast<time_t>(keep_alive_s.count())));
  set_keep_alive_max_count(limits_.keep_alive_max_requests);
  // A drain that began while a request was served closes its connection after
  // the answer: say so, so the client does not send another on it.
  set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
    if (draining_ && res.get_header_value("Connection") != "close") {
      res.headers.erase("Keep-Alive");
      res.set_header("Connection", "close");
    }
  });
}

void GuardedServer::RaiseBacklog(int backlog) {
  // Linux lets listen() on a listening socket change its backlog.
  ::listen(svr_sock_, backlog);
}

GuardedStream* GuardedServer::CurrentStream() { return t_stream; }

void GuardedServer::CloseAfterResponse() { t_close_after = true; }

bool GuardedServer::process_and_close_socket(socket_t sock) {
  SslPtr ssl;
  if (tls_) {
    ssl.reset(tls_->NewSession());
    if (!ssl) {
      ::close(sock);
      return true;
    }
  }
  if (ConnectionQueue::IsRefusing()) {
    // One thread answers every refusal: a handshake may hold it a second at most.
    GuardedStream stream(sock, limits_.stream, ssl.get());
    if (!ssl || stream.AcceptTls(std::min<std::chrono::milliseconds>(limits_.stream.header_timeout,
                                                                     std::chrono::seconds(1)))) {
      stream.WriteAll(RawProblemResponse({503, "too_many_connections",
                                          "the server is serving its maximum of " +
                                              std::to_string(limits_.max_connections) +
                                              " connections; retry shortly"}));
      stream.EndTls();
    }
    CloseGently(sock, true);
    return true;
  }
  ServeConnection(sock, ssl.get());
  return true;
}

void GuardedServer::EndFailedHandshake(int fd, const GuardedStream& stream) {
  std::string ip;
  int port = 0;
  stream.get_remote_ip_and_port(ip, port);
  spdlog::debug("TLS handshake with {}:{} failed: {}", ip, port, stream.tls_error());
  if (stream.failure() != GuardedStream::Failure::kPlainHttp) {
    ::close(fd);
    return;
  }
  GuardedStream plain(fd, limits_.stream);
  plain.WriteAll(RawProblemResponse(
      {400, "https_required",
       "this port serves HTTPS only: send the request to https:// instead of http://"}));
  CloseGently(fd, true);
}

void GuardedServer::ServeConnection(int fd, SSL* ssl) {
  // An answer leaves in two writes (head, then body): without TCP_NODELAY the
  // body waits for the client's delayed ACK of the head, some 40 ms a request.
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  GuardedStream stream(fd, limits_.stream, ssl);
  if (ssl && !stream.AcceptTls(limits_.stream.header_timeout)) {
    EndFailedHandshake(fd, stream);
    return;
  }
  t_stream = &stream;
  bool drain = false;
  for (size_t served = 0;; ++served) {
    if (served > 0) {
      // Keep-alive: wait for the next request in short slices, so a drain
      // does not wait for idle clients.
      bool data = false;
      const auto until = std::chrono::steady_clock::now() + limits_.keep_alive_timeout;
      while (!draining_ && std::chrono::steady_clock::now() < until) {
        if ((data = stream.WaitForData(std::chrono::milliseconds(100)))) break;
      }
      if (!data) break;
    }
    stream.BeginRequest();
    t_close_after = false;
    const bool last = draining_ || served + 1 >= limits_.keep_alive_max_requests;
    bool client_closes = false;
    const bool answered = process_request(stream, last, client_closes, nullptr);
    if (!answered && stream.request_started()) {
      if (stream.failure() == GuardedStream::Failure::kHeaderTooLarge) {
        stream.WriteAll(
            RawProblemResponse({431, "headers_too_large",
                                "the request line and headers exceed " +
                                    std::to_string(limits_.stream.max_header_bytes) + " bytes"}));
        drain = true;
      } else if (stream.failure() == GuardedStream::Failure::kHeaderTimeout) {
        stream.WriteAll(RawProblemResponse(
            {408, "header_timeout", "the request headers did not arrive in time"}));
        drain = true;  // a slow client may still be sending: let the 408 reach it
      }
    }
    if (t_close_after) drain = true;
    if (!answered || client_closes || last || t_close_after ||
        stream.failure() != GuardedStream::Failure::kNone) {
      break;
    }
  }
  t_stream = nullptr;
  stream.EndTls();
  CloseGently(fd, drain);
}

}  // namespace pm::http
