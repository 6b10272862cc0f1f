// A real HttpServer on a free loopback port, over a fresh database file in a
// temporary directory, with the REST API registered, served on its own thread
// until the fixture goes. Requests go through httplib's client.
#pragma once

#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "http/http_server.h"
#include "test_support.h"

namespace pm::testing {

class HttpFixture {
 public:
  struct Options {
    size_t workers = 2;
    size_t max_body_bytes = 64 * 1024;
    size_t max_header_bytes = 4096;
    size_t max_connections = 16;
    int header_timeout_ms = 10'000;
    int worker_wait_ms = 30'000;  // how long a request waits for a free worker
    std::string files_root;       // empty: no server-side paths
  };
  HttpFixture() : HttpFixture(Options{}) {}
  explicit HttpFixture(Options options);
  ~HttpFixture();

  int port() const { return port_; }
  httplib::Client Client() const;
  const TempDir& dir() const { return dir_; }
  std::string db_path() const { return dir_.File("memory.db"); }
  // The server's workers, e.g. to lease them all from a test.
  http::WorkerPool& pool() { return *pool_; }

  // Makes a token in the server's database; returns the secret.
  std::string CreateToken(const std::string& name, bool read_only = false);

  // POST /mcp with one JSON-RPC message; the parsed response (null for 202).
  httplib::Result Mcp(const nlohmann::json& message, const httplib::Headers& headers = {});

 private:
  TempDir dir_;
  std::unique_ptr<http::WorkerPool> pool_;
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

// The response body parsed as JSON (null when empty).
nlohmann::json JsonBody(const httplib::Result& result);

}  // namespace pm::testing
