#include "http/mcp_endpoint.h"

#include <doctest/doctest.h>

#include "http/http_fixture.h"

namespace pm::testing {

using nlohmann::json;

namespace {

const httplib::Headers kV1125 = {{"MCP-Protocol-Version", "2025-11-25"}};

json Initialize(int id = 1) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", "initialize"},
          {"params",
           {{"protocolVersion", "2025-11-25"},
            {"capabilities", json::object()},
            {"clientInfo", {{"name", "test"}, {"version", "1"}}}}}};
}

json Call(int id, const std::string& tool, const json& arguments) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", "tools/call"},
          {"params", {{"name", tool}, {"arguments", arguments}}}};
}

}  // namespace

TEST_CASE("/mcp answers a request with JSON and a notification with 202") {
  HttpFixture server;
  auto init = server.Mcp(Initialize());
  REQUIRE(init);
  CHECK(init->status == 200);
  CHECK(init->get_header_value("Content-Type") == "application/json");
  CHECK_FALSE(init->has_header("Mcp-Session-Id"));
  json body = JsonBody(init);
  CHECK(body["result"]["protocolVersion"] == "2025-11-25");

  auto note = server.Mcp({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, kV1125);
  REQUIRE(note);
  CHECK(note->status == 202);
  CHECK(note->body.empty());

  // Each POST stands alone: no session, the header carries the version.
  auto reg = server.Mcp(
      Call(2, "memory_workspace",
           {{"action", "register"}, {"name", "shop"}, {"path", server.dir().path().string()}}),
      kV1125);
  REQUIRE(reg);
  CHECK(reg->status == 200);
  CHECK(JsonBody(reg)["result"]["structuredContent"]["workspace"]["code"] == "shop");

  // The same validation as stdio, word for word.
  auto bad = server.Mcp(Call(3, "memory_plan", {{"action", "get"}, {"plan", "P1"}, {"titel", "x"}}),
                        kV1125);
  json result = JsonBody(bad)["result"];
  CHECK(result["isError"] == true);
  CHECK(ResultText(result) ==
        "memory_plan.get: unknown parameter \"titel\" (at arguments.titel). Accepted: "
        "workspace, plan.");

  auto unknown = server.Mcp({{"jsonrpc", "2.0"}, {"id", 4}, {"method", "tasks/next"}}, kV1125);
  CHECK(unknown->status == 200);
  CHECK(JsonBody(unknown)["error"]["code"] == -32601);
}

TEST_CASE("/mcp checks the protocol version header on everything but initialize") {
  HttpFixture server;
  auto odd = server.Mcp({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}},
                        {{"MCP-Protocol-Version", "1999-01-01"}});
  CHECK(odd->status == 400);
  CHECK(JsonBody(odd)["error"]["message"].get<std::string>().find("Unsupported") == 0);
  CHECK(JsonBody(odd)["id"] == 1);

  // Without the header: 2025-03-26, which allows batches.
  auto batch = server.Client().Post(
      "/mcp",
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])",
      "application/json");
  CHECK(batch->status == 200);
  CHECK(JsonBody(batch).size() == 2);
  auto no_batch =
      server.Client().Post("/mcp", {{"MCP-Protocol-Version", "2025-11-25"}},
                           R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])", "application/json");
  CHECK(no_batch->status == 400);

  // initialize ignores a stale header and negotiates.
  auto init = server.Mcp(Initialize(), {{"MCP-Protocol-Version", "1999-01-01"}});
  CHECK(init->status == 200);
}

TEST_CASE("/mcp refuses what is not one JSON-RPC message over POST") {
  HttpFixture server;
  auto client = server.Client();
  auto parse = client.Post("/mcp", "{\"jsonrpc\":", "application/json");
  CHECK(parse->status == 400);
  CHECK(JsonBody(parse)["error"]["code"] == -32700);
  CHECK(JsonBody(parse)["id"].is_null());

  auto not_json = client.Post("/mcp", "ping", "text/plain");
  CHECK(not_json->status == 415);
  CHECK(not_json->get_header_value("Content-Type") == "application/problem+json");

  auto accept =
      client.Post("/mcp", {{"Accept", "text/html"}}, Initialize().dump(), "application/json");
  CHECK(accept->status == 406);

  for (auto* method : {"GET", "DELETE"}) {
    CAPTURE(method);
    auto res = std::string(method) == "GET" ? client.Get("/mcp") : client.Delete("/mcp");
    CHECK(res->status == 405);
    CHECK(res->get_header_value("Allow") == "POST");
    CHECK(JsonBody(res)["status"] == 405);
  }
}

TEST_CASE("a read-only token may read over /mcp but not write") {
  HttpFixture server;
  const std::string reader = server.CreateToken("reader", true);
  const httplib::Headers headers = {{"MCP-Protocol-Version", "2025-11-25"},
                                    {"Authorization", "Bearer " + reader}};
  auto list = server.Mcp(Call(1, "memory_workspace", {{"action", "list"}}), headers);
  CHECK(list->status == 200);
  CHECK(JsonBody(list)["result"]["isError"] == false);

  auto write =
      server.Mcp(Call(2, "memory_workspace", {{"action", "register"}, {"name", "x"}}), headers);
  CHECK(write->status == 403);
  CHECK(JsonBody(write)["error"]["message"].get<std::string>().find("read-only") !=
        std::string::npos);
}

TEST_CASE(
    "a read-only token may peek at the next task but not claim it, over /mcp and REST alike") {
  HttpFixture server;
  auto c = server.Client();
  // Set up while the server still runs open (no token yet).
  REQUIRE(c.Post("/api/tools/memory_workspace/register",
                 json({{"name", "shop"}, {"path", "/shop"}}).dump(), "application/json")
              ->status == 200);
  REQUIRE(c.Post("/tasks", json({{"project", "shop"}, {"description", "Ship it"}}).dump(),
                 "application/json")
              ->status == 201);
  const std::string reader = server.CreateToken("reader", true);
  const httplib::Headers auth = {{"Authorization", "Bearer " + reader}};
  httplib::Headers mcp_auth = auth;
  mcp_auth.emplace("MCP-Protocol-Version", "2025-11-25");

  auto peek =
      server.Mcp(Call(1, "get_next_task", {{"workspace", "shop"}, {"claim", false}}), mcp_auth);
  CHECK(peek->status == 200);
  const json result = JsonBody(peek)["result"];
  CHECK(result["isError"] == false);
  CHECK(result["structuredContent"]["task"]["code"] == "T1");
  CHECK(result["structuredContent"]["claimed"] == false);
  for (const json& args :
       {json{{"workspace", "shop"}, {"claim", true}}, json{{"workspace", "shop"}},
        json{{"workspace", "shop"}, {"claim", "no"}}}) {
    CAPTURE(args.dump());
    auto claim = server.Mcp(Call(2, "get_next_task", args), mcp_auth);
    CHECK(claim->status == 403);
    CHECK(JsonBody(claim)["error"]["message"].get<std::string>().find("read-only") !=
          std::string::npos);
  }

  auto rest_peek =
      c.Post("/api/tools/get_next_task", auth,
             json({{"workspace", "shop"}, {"claim", false}}).dump(), "application/json");
  CHECK(rest_peek->status == 200);
  CHECK(JsonBody(rest_peek)["claimed"] == false);
  auto rest_claim =
      c.Post("/api/tools/get_next_task/get", auth,
             json({{"workspace", "shop"}, {"claim", true}}).dump(), "application/json");
  CHECK(rest_claim->status == 403);
  CHECK(JsonBody(rest_claim)["code"] == "read_only_token");
  CHECK(c.Post("/api/tools/get_next_task", auth, json({{"workspace", "shop"}}).dump(),
               "application/json")
            ->status == 403);

  // Nothing was claimed.
  auto task = c.Get("/tasks/T1?project=shop", auth);
  CHECK(JsonBody(task)["task"]["status"] == "pending");
}

}  // namespace pm::testing
