#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>
#include <thread>

#include "common/text.h"
#include "common/user_error.h"
#include "http/problem.h"
#include "http/tool_error_status.h"

namespace pm::http {

namespace {

bool HasBody(const httplib::Request& req) {
  return req.get_header_value<uint64_t>("Content-Length") > 0 ||
         req.has_header("Transfer-Encoding");
}

// "localhost:8080" -> "localhost", "[::1]:8080" -> "::1".
std::string HostOnly(const std::string& host_port) {
  if (!host_port.empty() && host_port[0] == '[') {
    auto close = host_port.find(']');
    return close == std::string::npos ? host_port : host_port.substr(1, close - 1);
  }
  auto colon = host_port.find(':');
  return colon == std::string::npos ? host_port : host_port.substr(0, colon);
}

// "Bearer abc" -> "abc"; anything else (another scheme, none) -> "" unless a
// header was sent, in which case its whole value, so that it fails to match.
std::string BearerOf(const httplib::Request& req) {
  if (!req.has_header("Authorization")) return "";
  std::string value = req.get_header_value("Authorization");
  if (value.size() > 7 && AsciiLower(value.substr(0, 7)) == "bearer ") {
    value = value.substr(7);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && value.back() == ' ') value.pop_back();
  }
  return value.empty() ? std::string("-") : value;
}

// The stream's cap on a body's bytes on the wire for a body limit: the limit
// and room for the framing of a chunked body in chunks of a reasonable size.
size_t WireCap(size_t max_body_bytes) { return max_body_bytes + max_body_bytes / 8 + 4096; }

ConnectionLimits WithBodyCap(ConnectionLimits limits, size_t max_body_bytes) {
  limits.stream.max_body_bytes = WireCap(max_body_bytes);
  return limits;
}

// `text` as a std::regex (ECMAScript) matching exactly it.
std::string RegexQuote(const std::string& text) {
  std::string quoted;
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) quoted += '\\';
    quoted += c;
  }
  return quoted;
}

}  // namespace

HttpServer::HttpServer(HttpOptions options, WorkerPool& pool)
    : options_(std::move(options)),
      pool_(pool),
      loopback_(IsLoopbackHost(options_.address.host)),
      server_(WithBodyCap(options_.connections, options_.max_body_bytes), options_.tls),
      mcp_(rpc::TransportLimits{options_.max_body_bytes, 64}) {
  // httplib checks a declared length only: the Gate holds each route to its own.
  server_.set_payload_max_length(std::max(options_.max_body_bytes, options_.max_import_bytes));
  server_.set_pre_routing_handler(
      [this](const httplib::Request& req, httplib::Response& res) { return Gate(req, res); });
  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        OnError(req, res);
        return HandlerResponse::Handled;
      }));
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("{} {} failed: {}", req.method, req.path, what);
        WriteProblem(res, {500, "internal", "internal error: " + what});
      });
  server_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("{} {} {}", req.method, req.path, res.status);
  });
  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    Dispatch(req, res);
  };
  server_.Get(".*", dispatch);
  server_.Post(".*", dispatch);
  server_.Put(".*", dispatch);
  server_.Patch(".*", dispatch);
  server_.Delete(".*", dispatch);
  server_.Options(".*", dispatch);

  router_.Add("POST", "/mcp", Access::kCaller,
              [this](RouteCall& c) { mcp_.Post(c.req, c.res, *c.worker, c.caller); });
  router_.Add("GET", "/mcp", Access::kPublic,
              [](RouteCall& c) { McpEndpoint::MethodNotAllowed(c.res); });
  router_.Add("DELETE", "/mcp", Access::kPublic,
              [](RouteCall& c) { McpEndpoint::MethodNotAllowed(c.res); });
  router_.Add("GET", "/health", Access::kPublic, [](RouteCall& c) {
    c.res.set_content(nlohmann::json({{"status", "ok"}, {"version", PM_VERSION}}).dump(),
                      "application/json");
  });
}

void HttpServer::AddStaticFile(const std::string& path, const std::string& content_type,
                               std::string body) {
  router_.Add("GET", path, Access::kPublic, [content_type, body = std::move(body)](RouteCall& c) {
    c.res.set_content(body, content_type);
  });
}

int HttpServer::Bind() {
  // Routes that stream their body go to httplib as content-reader handlers,
  // which it calls before reading the body.
  for (const Route& route : router_.routes()) {
    if (route.body != RequestBody::kStreamed || !streamed_paths_.insert(route.pattern).second)
      continue;
    server_.Post(
        RegexQuote(route.pattern),
        [this](const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader& reader) { DispatchStreamed(req, res, reader); });
  }
  const auto& address = options_.address;
  int port = address.port;
  if (port == 0) {
    port = server_.bind_to_any_port(address.host);
  } else if (!server_.bind_to_port(address.host, port)) {
    port = -1;
  }
  if (port < 0) {
    throw std::runtime_error("cannot listen on " + address.HostPort() +
                             ": the address is in use or not this machine's");
  }
  server_.RaiseBacklog(1024);
  return port;
}

void HttpServer::Run() {
  run_started_ = true;
  if (!stopping_) server_.listen_after_bind();
  run_done_ = true;
}

void HttpServer::Stop() {
  stopping_ = true;
  server_.BeginDrain();
  // httplib's stop() does nothing until its accept loop runs: wait for it
  // when Run has begun (stopping_ keeps a Run that has not from starting).
  while (run_started_ && !run_done_ && !server_.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  server_.stop();
}

bool HttpServer::HostAllowed(const std::string& host_header) const {
  const std::string host = HostOnly(host_header);
  if (IsLoopbackHost(host)) return true;
  return std::any_of(options_.allowed_hosts.begin(), options_.allowed_hosts.end(),
                     [&](const std::string& h) { return AsciiLower(h) == AsciiLower(host); });
}

bool HttpServer::OriginAllowed(const httplib::Request& req, const std::string& origin) const {
  const std::string lower = AsciiLower(origin);
  for (const auto& allowed : options_.allowed_origins) {
    if (AsciiLower(allowed) == lower) return true;
  }
  auto scheme_end = lower.find("://");
  if (scheme_end == std::string::npos) return false;  // "null" and the like
  const std::string host_port = lower.substr(scheme_end + 3);
  if (loopback_ && IsLoopbackHost(HostOnly(host_port))) return true;
  // The server's own pages (same origin as the Host the request names).
  return req.has_header("Host") && host_port == AsciiLower(req.get_header_value("Host"));
}

HttpServer::HandlerResponse HttpServer::Gate(const httplib::Request& req, httplib::Response& res) {
  auto refuse = [&](const Problem& problem) {
    WriteProblem(res, problem);
    // The body, if any, was not read: the connection cannot carry another request.
    if (HasBody(req)) {
      res.set_header("Connection", "close");
      GuardedServer::CloseAfterResponse();
    }
    return HandlerResponse::Handled;
  };
  if (req.method == "TRACE" || req.method == "CONNECT" || req.method == "PRI") {
    return refuse({501, "method_not_implemented", req.method + " is not served here"});
  }
  if (loopback_ && req.has_header("Host") && !HostAllowed(req.get_header_value("Host"))) {
    return refuse({403, "host_not_allowed",
                   "Host " + Abbreviate(req.get_header_value("Host")) +
                       " is not this server's: a server bound to a loopback address answers "
                       "only to localhost, 127.0.0.1 and [::1] (DNS rebinding protection; "
                       "--allow-host adds a name)"});
  }
  if (req.has_header("Origin")) {
    const std::string origin = req.get_header_value("Origin");
    if (!OriginAllowed(req, origin)) {
      return refuse(
          {403, "origin_not_allowed",
           "Origin " + Abbreviate(origin) + " may not call this server (--allow-origin adds one)"});
    }
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  }
  const bool streamed = StreamedRoute(req) != nullptr;
  const size_t body_limit = streamed ? options_.max_import_bytes : options_.max_body_bytes;
  if (req.get_header_value<uint64_t>("Content-Length") > body_limit) {
    return refuse(BodyTooLargeFor(req, req.get_header_value("Content-Length")));
  }
  GuardedStream* stream = GuardedServer::CurrentStream();
  if (streamed && stream) stream->set_max_body_bytes(WireCap(body_limit));
  if (req.method == "OPTIONS") {
    auto match = router_.Find("OPTIONS", req.path);
    std::string allow = "OPTIONS";
    for (const auto& m : match.allowed) allow += ", " + m;
    res.status = 204;
    res.set_header("Allow", allow);
    res.set_header("Access-Control-Allow-Methods", allow);
    res.set_header("Access-Control-Allow-Headers",
                   "Authorization, Content-Type, Accept, MCP-Protocol-Version, Mcp-Session-Id");
    res.set_header("Access-Control-Max-Age", "600");
    return HandlerResponse::Handled;
  }
  return HandlerResponse::Unhandled;
}

void HttpServer::Dispatch(const httplib::Request& req, httplib::Response& res) {
  if (req.body.size() > options_.max_body_bytes) {  // a chunked body, counted once read
    res.status = 413;
    OnError(req, res);
    return;
  }
  Router::Match match = router_.Find(req.method, req.path);
  if (match.route) {
    RunRoute(*match.route, match.params, req, res);
    return;
  }
  if (Router::IsSuspectPath(req.path)) {
    WriteProblem(res, {400, "path_not_allowed",
                       "paths may not contain . or .. segments, backslashes or NUL bytes"});
  } else if (!match.allowed.empty()) {
    std::string allow;
    for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
    res.set_header("Allow", allow);
    WriteProblem(res,
                 {405,
                  "method_not_allowed",
                  req.method + " " + Abbreviate(req.path) + " is not served; allowed: " + allow,
                  {{"allowed", match.allowed}}});
  } else {
    WriteProblem(res, {404, "no_route",
                       "no route " + req.method + " " + Abbreviate(req.path) +
                           "; GET /openapi.json lists every route"});
  }
}

void HttpServer::DispatchStreamed(const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& reader) {
  bool asked = false, whole = false;
  const BodyReader read_body = [&](const httplib::ContentReceiver& receive) {
    if (asked) return false;
    asked = true;
    whole = reader(receive);
    return whole;
  };
  Router::Match match = router_.Find(req.method, req.path);
  if (match.route) {
    RunRoute(*match.route, match.params, req, res, &read_body);
  } else {
    WriteProblem(res, {404, "no_route", "no route " + req.method + " " + Abbreviate(req.path)});
  }
  if (!whole) {
    // The body was refused or cut short: the connection cannot carry another request.
    res.set_header("Connection", "close");
    GuardedServer::CloseAfterResponse();
  }
}

const Route* HttpServer::StreamedRoute(const httplib::Request& req) const {
  if (req.method != "POST" || !streamed_paths_.count(req.path)) return nullptr;
  return router_.Find(req.method, req.path).route;
}

Problem HttpServer::BodyTooLargeFor(const httplib::Request& req,
                                    const std::string& declared) const {
  if (StreamedRoute(req)) {
    return BodyTooLarge(options_.max_import_bytes, "--max-import-bytes", declared);
  }
  return BodyTooLarge(options_.max_body_bytes, "--max-body-bytes", declared);
}

bool HttpServer::Authenticate(Worker& worker, const httplib::Request& req, httplib::Response& res,
                              Caller* caller) {
  const std::string bearer = BearerOf(req);
  TokenCheck check = worker.CheckToken(bearer);
  if (check.matched) {
    *caller = *check.matched;
    return true;
  }
  if (!check.any_defined && loopback_) {
    *caller = Caller{"http", false};
    return true;
  }
  res.set_header("WWW-Authenticate",
                 bearer.empty() ? "Bearer realm=\"project-memory\""
                                : "Bearer realm=\"project-memory\", error=\"invalid_token\"");
  std::string detail;
  if (!bearer.empty()) {
    detail = "the bearer token is not valid: revoked, or not one of this database's tokens";
  } else if (check.any_defined) {
    detail =
        "this server needs a token: send Authorization: Bearer <token> (make one with "
        "project-memory token create --name NAME)";
  } else {
    detail =
        "this server is not bound to a loopback address and its database holds no token: "
        "make one with project-memory token create --name NAME";
  }
  WriteProblem(res, {401, bearer.empty() ? "token_required" : "invalid_token", detail});
  return false;
}

void HttpServer::RunRoute(const Route& route, const PathParams& params, const httplib::Request& req,
                          httplib::Response& res, const BodyReader* read_body) {
  try {
    if (route.access == Access::kPublic) {
      const Caller anonymous{"anonymous", true};
      RouteCall call{req, res, params, nullptr, anonymous, read_body};
      route.handler(call);
      return;
    }
    Caller caller;
    if (read_body) {
      // The body may take long to arrive: the handler leases a worker once it
      // has it, instead of holding one meanwhile.
      {
        WorkerPool::Lease worker = pool_.Acquire(options_.worker_wait);
        if (!Authenticate(*worker, req, res, &caller)) return;
      }
      RouteCall call{req, res, params, nullptr, caller, read_body};
      route.handler(call);
      return;
    }
    WorkerPool::Lease worker = pool_.Acquire(options_.worker_wait);
    if (!Authenticate(*worker, req, res, &caller)) return;
    worker->BeginRequest(caller);
    RouteCall call{req, res, params, &*worker, caller};
    route.handler(call);
  } catch (const PoolBusy& e) {
    res.set_header("Retry-After", "1");
    WriteProblem(res, {503, "busy", e.what()});
  } catch (const UserError& e) {
    ToolErrorKind kind = ClassifyToolError(e.what());
    WriteProblem(res, {kind.status, kind.code, e.what()});
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", req.method, req.path, e.what());
    WriteProblem(res, {500, "internal", std::string("internal error: ") + e.what()});
  }
}

void HttpServer::OnError(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;  // a route's own problem body stands
  Problem problem{res.status, "", StatusTitle(res.status)};
  GuardedStream* stream = GuardedServer::CurrentStream();
  if (stream && stream->failure() == GuardedStream::Failure::kHeaderTooLarge) {
    problem = {431, "headers_too_large", "the request line and headers are too large"};
    GuardedServer::CloseAfterResponse();
  } else if (stream && stream->failure() == GuardedStream::Failure::kHeaderTimeout) {
    problem = {408, "header_timeout", "the request headers did not arrive in time"};
    GuardedServer::CloseAfterResponse();
  } else if (res.status == 413 ||
             (stream && stream->failure() == GuardedStream::Failure::kBodyTooLarge)) {
    problem = BodyTooLargeFor(req);
    GuardedServer::CloseAfterResponse();
  } else if (res.status == 414) {
    problem = {414, "uri_too_long", "the request line is too long"};
  } else if (res.status == 400) {
    problem = {400, "malformed_request",
               "the request is not well-formed HTTP/1.1 (" + Abbreviate(req.method, 16) + ")"};
    GuardedServer::CloseAfterResponse();
  }
  WriteProblem(res, problem);
}

}  // namespace pm::http
