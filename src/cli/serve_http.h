// `project-memory serve --http [ADDR:]PORT`: the HTTP server (src/http) on
// this process's database, one connection per worker. See README "Serve a
// team over HTTP".
#pragma once

#include <string>
#include <vector>

#include "cli/global_options.h"

namespace pm::cli {

struct HttpServeOptions {
  std::string listen;  // [ADDR:]PORT
  size_t threads = 4;  // database connections (workers)
  size_t max_connections = 64;
  size_t max_body_bytes = 4 * 1024 * 1024;
  size_t max_import_bytes = size_t{1} << 30;  // POST /api/import, spooled to a temporary file
  size_t max_header_bytes = 8 * 1024;
  int header_timeout_ms = 10'000;
  int read_timeout_ms = 30'000;
  std::string files_root;  // empty: no server-side paths over HTTP
  std::vector<std::string> allowed_origins;
  std::vector<std::string> allowed_hosts;
  std::string tls_cert;  // PEM certificate (chain); with tls_key: serve HTTPS
  std::string tls_key;   // PEM private key matching tls_cert
};

// Runs until SIGTERM or SIGINT, then drains and returns 0. Throws
// std::runtime_error (exit 1) when it cannot start: a bad address, a port in
// use, a certificate or key that cannot be used, or a non-loopback address
// with no token defined.
int ServeHttp(const GlobalOptions& global, const HttpServeOptions& options);

}  // namespace pm::cli
