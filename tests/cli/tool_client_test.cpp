#include "cli/tool_client.h"

#include <doctest/doctest.h>

#include "test_support.h"

namespace pm::cli {

TEST_CASE("the tool client returns structured results and acts as cli") {
  auto db = testing::MigratedMemoryDatabase();
  ToolClient client(*db, "/nowhere");
  json ws = client.Call("memory_workspace", "register", {{"name", "shop"}});
  CHECK(ws["workspace"]["code"] == "shop");
  json plan = client.Call("memory_plan", "create",
                          {{"workspace", "shop"}, {"title", "Checkout"}, {"phases", {"Build"}}});
  CHECK(plan["plan"]["code"] == "P1");
  CHECK(plan["plan"]["created_by"] == "cli");
}

TEST_CASE("a tool error becomes a ToolError carrying the tool's message") {
  auto db = testing::MigratedMemoryDatabase();
  ToolClient client(*db, "/nowhere");
  client.Call("memory_workspace", "register", {{"name", "shop"}});
  CHECK_THROWS_WITH_AS(client.Call("memory_plan", "get", {{"workspace", "shop"}, {"plan", "P9"}}),
                       doctest::Contains("no plan P9"), ToolError);
  // Validation against the catalog happens before the handler, as over MCP.
  CHECK_THROWS_WITH_AS(client.Call("memory_plan", "get", {{"workspace", "shop"}, {"plan", true}}),
                       doctest::Contains("plan"), ToolError);
  // Without a workspace the one registered for the directory is used.
  CHECK_THROWS_WITH_AS(client.Call("memory_plan", "list"), doctest::Contains("/nowhere"),
                       ToolError);
}

}  // namespace pm::cli
