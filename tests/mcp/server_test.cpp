#include "mcp/server.h"

#include <doctest/doctest.h>

#include <map>

#include "mcp/protocol_version.h"
#include "test_support.h"

namespace pm::mcp {

using testing::InitializeLine;
using testing::McpHarness;
using testing::RequestLine;

TEST_CASE("initialize negotiates the protocol version") {
  struct Case {
    std::string asked, answered;
  };
  const Case cases[] = {{"2025-11-25", "2025-11-25"}, {"2025-06-18", "2025-06-18"},
                        {"2025-03-26", "2025-03-26"}, {"2024-11-05", "2024-11-05"},
                        {"2023-01-01", "2025-11-25"}, {"banana", "2025-11-25"}};
  for (const auto& c : cases) {
    CAPTURE(c.asked);
    McpHarness h;
    auto out = h.Exchange(InitializeLine(c.asked));
    REQUIRE(out.size() == 1);
    const json& result = out[0]["result"];
    CHECK(result["protocolVersion"] == c.answered);
    CHECK(result["serverInfo"]["name"] == "project-memory");
    CHECK(result["serverInfo"]["version"] == PM_VERSION);
    CHECK(result["serverInfo"].contains("title"));
    CHECK(result["capabilities"].contains("tools"));
    CHECK(result["capabilities"].contains("logging"));
    CHECK(result["instructions"].get<std::string>().find("memory_workspace") != std::string::npos);
  }
}

TEST_CASE("initialize without a protocol version is an invalid-params error") {
  McpHarness h;
  auto out = h.Exchange(RequestLine(1, "initialize", json::object()));
  CHECK(out[0]["error"]["code"] == rpc::kInvalidParams);
}

TEST_CASE("requests before initialize are refused, except ping") {
  McpHarness h;
  auto out = h.Exchange(RequestLine(1, "tools/list") + RequestLine(2, "ping") +
                        RequestLine(3, "tools/call", {{"name", "memory_workspace"}}) +
                        InitializeLine("2025-11-25", 4) + RequestLine(5, "tools/list") +
                        InitializeLine("2025-11-25", 6));
  REQUIRE(out.size() == 6);
  CHECK(out[0]["error"]["code"] == rpc::kInvalidRequest);
  CHECK(out[0]["error"]["message"].get<std::string>().find("initialize") != std::string::npos);
  CHECK(out[1]["result"] == json::object());
  CHECK(out[2]["error"]["code"] == rpc::kInvalidRequest);
  CHECK(out[3].contains("result"));
  CHECK(out[4]["result"]["tools"].size() >= 1);
  CHECK(out[5]["error"]["message"].get<std::string>().find("already initialized") !=
        std::string::npos);
}

TEST_CASE("every request is answered exactly once, notifications never") {
  McpHarness h;
  std::string input = InitializeLine();
  input += R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
           "\n";
  for (int id = 1; id <= 40; ++id) {
    switch (id % 5) {
      case 0:
        input += RequestLine(id, "ping");
        break;
      case 1:
        input += RequestLine(id, "tools/list");
        break;
      case 2:
        input += RequestLine(id, "no/such/method");
        break;
      case 3:
        input += RequestLine(id, "tools/call",
                             {{"name", "memory_workspace"}, {"arguments", {{"action", "list"}}}});
        break;
      case 4:
        input += R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}})"
                 "\n";
        input += RequestLine(id, "tools/call", {{"name", "nope"}});
        break;
    }
  }
  auto out = h.Exchange(input, 1 << 20);
  std::map<int, int> answers;
  for (const auto& r : out) answers[r["id"].get<int>()]++;
  CHECK(answers.size() == 41);
  for (const auto& answer : answers) {
    CAPTURE(answer.first);
    CHECK(answer.second == 1);
  }
}

TEST_CASE("tools/call protocol errors") {
  McpHarness h;
  CHECK(h.Request("tools/call", {{"name", "no_such_tool"}})["error"]["code"] ==
        rpc::kInvalidParams);
  CHECK(h.Request("tools/call", {{"arguments", json::object()}})["error"]["code"] ==
        rpc::kInvalidParams);
  CHECK(h.Request("tools/call",
                  {{"name", "memory_workspace"}, {"arguments", json::array()}})["error"]["code"] ==
        rpc::kInvalidParams);
  CHECK(h.Request("tools/call", json::array())["error"]["code"] == rpc::kInvalidParams);
}

TEST_CASE("tools/list pages with a cursor") {
  McpHarness h;
  h.options().tools_page_size = 1;
  const size_t tool_count = catalog::Catalog::Embedded().tools().size();
  std::vector<std::string> names;
  json cursor = nullptr;
  for (size_t page = 0; page < tool_count + 1; ++page) {
    json params = json::object();
    if (!cursor.is_null()) params["cursor"] = cursor;
    json r = h.Request("tools/list", params)["result"];
    REQUIRE(r["tools"].size() == 1);
    names.push_back(r["tools"][0]["name"]);
    if (!r.contains("nextCursor")) break;
    cursor = r["nextCursor"];
  }
  CHECK(names.size() == tool_count);
  CHECK(h.Request("tools/list", {{"cursor", "bogus"}})["error"]["code"] == rpc::kInvalidParams);
}

TEST_CASE("tools/list fields follow the negotiated version") {
  McpHarness h;
  auto workspace_tool = [](const json& tools) {
    for (const auto& t : tools) {
      if (t["name"] == "memory_workspace") return t;  // a tool with an output schema
    }
    return json();
  };
  json modern = workspace_tool(h.Request("tools/list", nullptr, "2025-06-18")["result"]["tools"]);
  CHECK(modern.contains("title"));
  CHECK(modern.contains("outputSchema"));
  CHECK(modern.contains("annotations"));
  CHECK(modern["inputSchema"]["type"] == "object");
  json old = workspace_tool(h.Request("tools/list", nullptr, "2024-11-05")["result"]["tools"]);
  CHECK_FALSE(old.contains("outputSchema"));
  CHECK_FALSE(old.contains("annotations"));
  CHECK(old.contains("inputSchema"));
}

TEST_CASE("batches are accepted only under 2025-03-26") {
  const std::string batch =
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])"
      "\n";
  for (const std::string version : {"2025-03-26", "2025-06-18", "2025-11-25", "2024-11-05"}) {
    CAPTURE(version);
    McpHarness h;
    auto out = h.Exchange(InitializeLine(version) + batch);
    REQUIRE(out.size() == 2);
    if (version == "2025-03-26") {
      REQUIRE(out[1].is_array());
      CHECK(out[1].size() == 2);
    } else {
      CHECK(out[1]["error"]["code"] == rpc::kInvalidRequest);
    }
  }
  McpHarness before_init;
  CHECK(before_init.Exchange(batch)[0]["error"]["code"] == rpc::kInvalidRequest);
}

TEST_CASE("logging/setLevel accepts MCP levels only") {
  McpHarness h;
  CHECK(h.Request("logging/setLevel", {{"level", "debug"}})["result"] == json::object());
  CHECK(h.Request("logging/setLevel", {{"level", "loud"}})["error"]["code"] == rpc::kInvalidParams);
  CHECK(h.Request("logging/setLevel", json::object())["error"]["code"] == rpc::kInvalidParams);
}

TEST_CASE("tool results carry structuredContent and text") {
  McpHarness h;
  json r = h.CallTool("memory_workspace", {{"action", "register"}, {"name", "alpha"}});
  CHECK(r["isError"] == false);
  CHECK(r["structuredContent"]["workspace"]["name"] == "alpha");
  CHECK(testing::ResultText(r).find("alpha") != std::string::npos);
}

}  // namespace pm::mcp
