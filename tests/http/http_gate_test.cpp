#include <doctest/doctest.h>

#include "http/http_fixture.h"
#include "store/token_repository.h"

namespace pm::testing {

using nlohmann::json;

namespace {

const char* const kPing = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";

}  // namespace

TEST_CASE("with tokens defined, every request needs one; revoking one takes effect at once") {
  HttpFixture server;
  auto client = server.Client();
  CHECK(client.Get("/health")->status == 200);  // public
  // No token yet on a loopback server: open.
  CHECK(client.Post("/mcp", kPing, "application/json")->status == 200);

  const std::string token = server.CreateToken("alice");
  auto missing = client.Post("/mcp", kPing, "application/json");
  CHECK(missing->status == 401);
  CHECK(missing->get_header_value("WWW-Authenticate") == "Bearer realm=\"project-memory\"");
  CHECK(JsonBody(missing)["code"] == "token_required");

  auto wrong =
      client.Post("/mcp", {{"Authorization", "Bearer pm_wrong"}}, kPing, "application/json");
  CHECK(wrong->status == 401);
  CHECK(wrong->get_header_value("WWW-Authenticate").find("invalid_token") != std::string::npos);

  auto other_scheme =
      client.Post("/mcp", {{"Authorization", "Basic YWxpY2U6eA=="}}, kPing, "application/json");
  CHECK(other_scheme->status == 401);

  auto ok = client.Post("/mcp", {{"Authorization", "Bearer " + token}}, kPing, "application/json");
  CHECK(ok->status == 200);
  const std::string second = server.CreateToken("bob");
  {
    store::DatabaseOptions options;
    options.path = server.db_path();
    store::Database db(options);
    store::TokenRepository(db).Revoke("alice");
  }
  auto revoked =
      client.Post("/mcp", {{"Authorization", "Bearer " + token}}, kPing, "application/json");
  CHECK(revoked->status == 401);
  CHECK(client.Post("/mcp", {{"Authorization", "Bearer " + second}}, kPing, "application/json")
            ->status == 200);
}

TEST_CASE("foreign Host and Origin headers are refused on a loopback server") {
  HttpFixture server;
  auto client = server.Client();
  auto evil_host = client.Post("/mcp", {{"Host", "evil.example.com"}}, kPing, "application/json");
  CHECK(evil_host->status == 403);
  CHECK(JsonBody(evil_host)["code"] == "host_not_allowed");

  auto evil_origin =
      client.Post("/mcp", {{"Origin", "http://evil.example.com"}}, kPing, "application/json");
  CHECK(evil_origin->status == 403);
  CHECK(JsonBody(evil_origin)["code"] == "origin_not_allowed");

  auto local =
      client.Post("/mcp", {{"Origin", "http://localhost:3000"}}, kPing, "application/json");
  CHECK(local->status == 200);
  CHECK(local->get_header_value("Access-Control-Allow-Origin") == "http://localhost:3000");
}

TEST_CASE("bodies over the limit are 413, unknown routes 404, other methods 405, all as problems") {
  HttpFixture::Options options;
  options.max_body_bytes = 1024;
  HttpFixture server(options);
  auto client = server.Client();
  auto big = client.Post("/mcp", std::string(4096, ' '), "application/json");
  REQUIRE(big);
  CHECK(big->status == 413);
  CHECK(big->get_header_value("Content-Type") == "application/problem+json");
  CHECK(JsonBody(big)["limit"] == 1024);

  auto none = client.Get("/no/such/route");
  CHECK(none->status == 404);
  CHECK(JsonBody(none)["title"] == "Not Found");

  auto put = client.Put("/health", "", "application/json");
  CHECK(put->status == 405);
  CHECK(put->get_header_value("Allow") == "GET");

  auto traversal = client.Get("/repos/%2e%2e/tracks");
  CHECK(traversal->status == 400);
  CHECK(JsonBody(traversal)["code"] == "path_not_allowed");
}

TEST_CASE("with every database connection busy past the wait, a request is 503 with Retry-After") {
  HttpFixture::Options options;
  options.workers = 1;
  options.worker_wait_ms = 200;
  HttpFixture server(options);
  auto client = server.Client();
  CHECK(client.Post("/mcp", kPing, "application/json")->status == 200);
  {
    http::WorkerPool::Lease held = server.pool().Acquire(std::chrono::milliseconds(1000));
    const auto start = std::chrono::steady_clock::now();
    auto busy = client.Post("/mcp", kPing, "application/json");
    const auto waited = std::chrono::steady_clock::now() - start;
    REQUIRE(busy);
    CHECK(busy->status == 503);
    CHECK(busy->get_header_value("Retry-After") == "1");
    CHECK(busy->get_header_value("Content-Type") == "application/problem+json");
    CHECK(JsonBody(busy)["code"] == "busy");
    CHECK(JsonBody(busy)["detail"].get<std::string>().find("stayed busy for 200 ms") !=
          std::string::npos);
    CHECK(waited >= std::chrono::milliseconds(200));
    CHECK(client.Get("/api/tools/memory_workspace/list")->status == 503);
    CHECK(client.Get("/health")->status == 200);  // needs no database connection
  }
  CHECK(client.Post("/mcp", kPing, "application/json")->status == 200);
}

}  // namespace pm::testing
