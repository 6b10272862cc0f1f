// memory_workspace export and import through tools/call, with MCP progress
// notifications for a request that carries a progressToken.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "store/row_json.h"
#include "test_support.h"
#include "tools/tool_call.h"

namespace pm::tools {

using nlohmann::json;
using testing::McpHarness;
using testing::ToolCaller;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void AddEvents(store::Database& db, int n) {
  db.Write([&] {
    for (int i = 0; i < n; ++i) {
      store::InsertRow(db, "event_log", {{"workspace_id", 1}, {"event_type", "tick"}});
    }
  });
}

}  // namespace

TEST_CASE("export to a file and import it into another database through memory_workspace") {
  testing::TempDir dir;
  McpHarness a(dir.path().string());
  ToolCaller ws(a, "memory_workspace");
  ws.Ok({{"action", "register"}, {"path", dir.path().string()}, {"name", "shop"}});
  ToolCaller(a, "memory_plan").Ok({{"action", "create"}, {"title", "Checkout"}});

  json exported = ws.Ok({{"action", "export"}, {"path", "shop.jsonl"}});
  const std::string path = (dir.path() / "shop.jsonl").string();
  CHECK(exported["path"] == path);
  CHECK(exported["rows"]["plans"] == 1);
  CHECK(exported["rows"]["workspaces"] == 1);
  CHECK(exported["tombstones"] == 0);
  const std::string file = Slurp(path);
  CHECK(exported["bytes"] == file.size());
  CHECK(file.rfind("{\"format\":\"project-memory-export\"", 0) == 0);

  McpHarness b(dir.path().string());
  // b's database has no workspace at dir: the directory is allowed explicitly.
  b.env().files.roots = {dir.path().string()};
  ToolCaller into(b, "memory_workspace");
  json imported = into.Ok({{"action", "import"}, {"path", path}});
  CHECK(imported["tables"]["plans"]["inserted"] == 1);
  CHECK(imported["workspace_code"] == "shop");
  CHECK(into.Ok({{"action", "get"}})["workspace"]["content"]["plans"] == 1);

  // Again: nothing changes.
  json again = into.Ok({{"action", "import"}, {"path", path}});
  CHECK(again["tables"]["plans"]["unchanged"] == 1);
  CHECK(again["tables"]["plans"]["inserted"] == 0);

  SUBCASE("without a path a small export comes back inline, the same bytes") {
    json inline_export = ws.Ok({{"action", "export"}});
    CHECK(inline_export["content"] == file);
  }
  SUBCASE("all and workspace together are refused") {
    CHECK(testing::Has(ws.Err({{"action", "export"}, {"all", true}, {"workspace", "shop"}}),
                       "not both"));
  }
  SUBCASE("a file that is not an export is refused, naming the line") {
    std::ofstream(dir.File("bad.jsonl")) << "hello\n";
    CHECK(testing::Has(into.Err({{"action", "import"}, {"path", "bad.jsonl"}}), "line 1"));
  }
}

TEST_CASE("a request with a progressToken gets progress notifications before its response") {
  testing::TempDir dir;
  McpHarness h(dir.path().string());
  ToolCaller(h, "memory_workspace")
      .Ok({{"action", "register"}, {"path", dir.path().string()}, {"name", "shop"}});
  AddEvents(h.db(), 1600);

  auto call = [&](const json& arguments, const json& token) {
    json params = {{"name", "memory_workspace"}, {"arguments", arguments}};
    if (!token.is_null()) params["_meta"] = {{"progressToken", token}};
    return h.Exchange(testing::InitializeLine() + testing::RequestLine(1, "tools/call", params),
                      1 << 20);
  };
  for (const json& args : {json{{"action", "export"}, {"path", "big.jsonl"}},
                           json{{"action", "import"}, {"path", "big.jsonl"}}}) {
    CAPTURE(args.dump());
    auto out = call(args, "tok-7");
    REQUIRE(out.size() >= 4);  // initialize, progress..., response
    REQUIRE(out.back()["id"] == 1);
    CHECK(out.back()["result"]["isError"] == false);
    double last = -1;
    for (size_t i = 1; i + 1 < out.size(); ++i) {
      const json& n = out[i];
      CAPTURE(n.dump());
      CHECK(n["method"] == "notifications/progress");
      CHECK(n["params"]["progressToken"] == "tok-7");
      CHECK(n["params"]["progress"].get<double>() > last);
      CHECK(n["params"]["total"].get<double>() >= n["params"]["progress"].get<double>());
      CHECK(n["params"]["message"].is_string());
      last = n["params"]["progress"].get<double>();
    }
    CHECK(last == out[out.size() - 2]["params"]["total"].get<double>());  // ends at 100%
  }
  // Without a token: no notifications.
  auto quiet = call({{"action", "export"}, {"path", "big2.jsonl"}}, nullptr);
  CHECK(quiet.size() == 2);
}

}  // namespace pm::tools
