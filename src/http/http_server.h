// HttpServer is project-memory over HTTP: MCP Streamable HTTP on /mcp, the
// REST routes (seed routes, the generic tool route, OpenAPI) registered on its
// router by the functions in rest_api.h, and room for static files
// (AddStaticFile) — all on one port, one WorkerPool and one catalog; over
// HTTPS when HttpOptions::tls is set, with everything below unchanged.
//
// Before any route runs, every request passes the same gate:
//   - methods this server never serves (TRACE, CONNECT) are 501;
//   - on a loopback bind, a Host header naming another machine is 403 (DNS
//     rebinding: a web page whose name resolves to 127.0.0.1 cannot reach it);
//   - an Origin header that is not this server's, a loopback origin on a
//     loopback bind, or one of allowed_origins is 403;
//   - a declared body over max_body_bytes (max_import_bytes on a route that
//     streams its body, RequestBody::kStreamed) is 413 before it is read;
//   - a bearer token is checked (tokens live in the database): missing or
//     wrong is 401 with WWW-Authenticate: Bearer; on a loopback bind with no
//     token defined the server runs open. Public routes skip this step.
// Errors are RFC 9457 problem bodies (problem.h); the JSON-RPC of /mcp keeps
// its own error objects. Bind, then Run on one thread; Stop from any thread
// drains: in-flight requests finish, idle connections close, Run returns.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "http/guarded_server.h"
#include "http/listen_address.h"
#include "http/mcp_endpoint.h"
#include "http/problem.h"
#include "http/router.h"
#include "http/tls_context.h"
#include "http/worker_pool.h"

namespace pm::http {

struct HttpOptions {
  ListenAddress address;
  ConnectionLimits connections;
  size_t max_body_bytes = 4 * 1024 * 1024;  // the stdio line cap
  // The body cap of routes that stream their body (POST /api/import): they
  // spool it to a temporary file instead of holding it in memory.
  size_t max_import_bytes = size_t{1} << 30;
  std::chrono::milliseconds worker_wait{30'000};
  // Origins allowed besides the server's own (e.g. "https://board.example.com").
  std::vector<std::string> allowed_origins;
  // Host names accepted on a loopback bind besides localhost and loopback IPs.
  std::vector<std::string> allowed_hosts;
  // HTTPS with this certificate and key; nullptr: plain HTTP.
  std::shared_ptr<const TlsContext> tls;
};

class HttpServer {
 public:
  HttpServer(HttpOptions options, WorkerPool& pool);

  // The router, for rest_api.h and later additions (a web view's pages).
  // Routes are added before Bind.
  Router& router() { return router_; }

  // Serves `body` at GET `path` to anyone (static assets need no token).
  void AddStaticFile(const std::string& path, const std::string& content_type, std::string body);

  // Binds the listening socket. Returns the port (the chosen one for port 0).
  // Throws std::runtime_error when the address cannot be bound.
  int Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Run();
  // Stops accepting, finishes in-flight requests, closes idle connections.
  // Thread-safe; not async-signal-safe.
  void Stop();

  bool loopback() const { return loopback_; }
  WorkerPool& pool() { return pool_; }
  const HttpOptions& options() const { return options_; }

 private:
  using HandlerResponse = httplib::Server::HandlerResponse;
  HandlerResponse Gate(const httplib::Request& req, httplib::Response& res);
  void Dispatch(const httplib::Request& req, httplib::Response& res);
  // A route with a streamed body: its handler reads the body from `reader`.
  void DispatchStreamed(const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& reader);
  void RunRoute(const Route& route, const PathParams& params, const httplib::Request& req,
                httplib::Response& res, const BodyReader* read_body = nullptr);
  // The route `req` goes to when it streams its body, else nullptr.
  const Route* StreamedRoute(const httplib::Request& req) const;
  // 413 for `req`'s body, with the limit of its route.
  Problem BodyTooLargeFor(const httplib::Request& req, const std::string& declared = "") const;
  bool Authenticate(Worker& worker, const httplib::Request& req, httplib::Response& res,
                    Caller* caller);
  void OnError(const httplib::Request& req, httplib::Response& res);
  bool OriginAllowed(const httplib::Request& req, const std::string& origin) const;
  bool HostAllowed(const std::string& host_header) const;

  HttpOptions options_;
  WorkerPool& pool_;
  std::atomic<bool> stopping_{false}, run_started_{false}, run_done_{false};
  std::set<std::string> streamed_paths_;  // of routes with a streamed body; filled by Bind
  bool loopback_;
  GuardedServer server_;
  Router router_;
  McpEndpoint mcp_;
};

}  // namespace pm::http
