// memory_workspace through tools/call, as an agent uses it.
#include <doctest/doctest.h>

#include "test_support.h"

namespace pm::tools {

using nlohmann::json;
using testing::McpHarness;
using testing::ResultText;

namespace {

json Ok(McpHarness& h, const json& args) {
  json r = h.CallTool("memory_workspace", args);
  CAPTURE(r.dump());
  REQUIRE(r["isError"] == false);
  return r["structuredContent"];
}

std::string Err(McpHarness& h, const json& args) {
  json r = h.CallTool("memory_workspace", args);
  CAPTURE(r.dump());
  REQUIRE(r["isError"] == true);
  return ResultText(r);
}

}  // namespace

TEST_CASE("register, get, update, list and delete a workspace") {
  testing::TempDir dir;
  McpHarness h(dir.path().string());
  json reg = Ok(h, {{"action", "register"},
                    {"path", "./shop"},
                    {"description", "Online shop"},
                    {"metadata", {{"lang", "go"}}}});
  CHECK(reg["created"] == true);
  const json ws = reg["workspace"];
  CHECK(ws["path"] == (std::filesystem::weakly_canonical(dir.path()) / "shop").string());
  CHECK(ws["name"] == "shop");
  CHECK(ws["code"] == "shop");
  CHECK(ws["metadata"]["lang"] == "go");

  // Registering the same directory again, spelled differently, is a no-op.
  json again = Ok(h, {{"action", "register"}, {"path", ws["path"].get<std::string>() + "/"}});
  CHECK(again["created"] == false);
  CHECK(again["workspace"]["id"] == ws["id"]);

  // get by id, by code, by digits-as-string and by path.
  for (const json& ref :
       {ws["id"], json("shop"), json(std::to_string(ws["id"].get<int>())), ws["path"]}) {
    CAPTURE(ref.dump());
    json got = Ok(h, {{"action", "get"}, {"workspace", ref}});
    CHECK(got["workspace"]["id"] == ws["id"]);
    CHECK(got["workspace"]["content"] == json::object());
  }

  json upd = Ok(h, {{"action", "update"}, {"workspace", "shop"}, {"name", "Shop API"}});
  CHECK(upd["workspace"]["name"] == "Shop API");
  CHECK(upd["workspace"]["description"] == "Online shop");  // untouched fields stay

  json list = Ok(h, {{"action", "list"}});
  CHECK(list["workspaces"].size() == 1);
  CHECK(list["next_cursor"].is_null());

  json del = Ok(h, {{"action", "delete"}, {"workspace", "shop"}});
  CHECK(del["deleted"] == true);
  CHECK(Err(h, {{"action", "get"}, {"workspace", "shop"}}).find("no workspace") !=
        std::string::npos);
}

TEST_CASE("get without a workspace uses the one registered for the server's directory") {
  testing::TempDir dir;
  McpHarness h((dir.path() / "src" / "deep").string());
  CHECK(Err(h, {{"action", "get"}}).find("none is registered for") != std::string::npos);
  Ok(h, {{"action", "register"}, {"path", dir.path().string()}});
  json got = Ok(h, {{"action", "get"}});
  CHECK(got["workspace"]["path"] == std::filesystem::weakly_canonical(dir.path()).string());
}

TEST_CASE("register by name alone is idempotent too") {
  McpHarness h;
  json a = Ok(h, {{"action", "register"}, {"name", "scratch"}});
  json b = Ok(h, {{"action", "register"}, {"name", "scratch"}});
  CHECK(a["workspace"]["id"] == b["workspace"]["id"]);
  CHECK(b["created"] == false);
  CHECK(a["workspace"]["path"].is_null());
}

TEST_CASE("list pages with next_cursor") {
  McpHarness h;
  for (int i = 0; i < 5; ++i) Ok(h, {{"action", "register"}, {"path", "/p/" + std::to_string(i)}});
  std::vector<std::string> seen;
  json cursor = nullptr;
  do {
    json args = {{"action", "list"}, {"limit", 2}};
    if (!cursor.is_null()) args["cursor"] = cursor;
    json page = Ok(h, args);
    for (const auto& w : page["workspaces"]) seen.push_back(w["path"]);
    cursor = page["next_cursor"];
  } while (!cursor.is_null());
  CHECK(seen == std::vector<std::string>{"/p/0", "/p/1", "/p/2", "/p/3", "/p/4"});
  CHECK(Err(h, {{"action", "list"}, {"cursor", "garbage"}}).find("cursor") != std::string::npos);
}

TEST_CASE("errors an agent can act on") {
  McpHarness h;
  Ok(h, {{"action", "register"}, {"path", "/a"}});
  Ok(h, {{"action", "register"}, {"path", "/b"}});
  struct Case {
    const char* name;
    json args;
    const char* fragment;
  };
  const Case cases[] = {
      {"register needs path or name", {{"action", "register"}}, "needs path or name"},
      {"empty name", {{"action", "register"}, {"name", "  "}}, "must not be empty"},
      {"unknown code lists known ones",
       {{"action", "get"}, {"workspace", "zzz"}},
       "Registered: a, b"},
      {"unknown id", {{"action", "get"}, {"workspace", 99}}, "no workspace with id 99"},
      {"unknown path", {{"action", "get"}, {"workspace", "/nowhere"}}, "registered at /nowhere"},
      {"update with nothing", {{"action", "update"}, {"workspace", "a"}}, "nothing to update"},
      {"update onto a taken path",
       {{"action", "update"}, {"workspace", "a"}, {"path", "/b"}},
       "already registered"},
      {"update missing workspace", {{"action", "update"}, {"name", "x"}}, "\"workspace\""},
      {"wrong type", {{"action", "get"}, {"workspace", true}}, "an integer or a string"},
      {"limit bound", {{"action", "list"}, {"limit", 0}}, "at least 1, got 0"},
      {"typo", {{"action", "register"}, {"pth", "/x"}}, "Did you mean \"path\"?"},
      {"metadata type",
       {{"action", "register"}, {"name", "m"}, {"metadata", "{}"}},
       "must be an object"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(Err(h, c.args).find(c.fragment) != std::string::npos);
  }
}

TEST_CASE("delete refuses while content remains, unless confirmed") {
  McpHarness h;
  json ws = Ok(h, {{"action", "register"}, {"path", "/busy"}})["workspace"];
  h.db().ExecScript("CREATE TABLE things (" + testing::IdColumnSql(h.db()) +
                    ", workspace_id INTEGER REFERENCES workspaces(id) ON DELETE CASCADE)");
  h.db().ExecScript("INSERT INTO things (workspace_id) VALUES (" + ws["id"].dump() + ")");
  CHECK(Ok(h, {{"action", "get"}, {"workspace", "busy"}})["workspace"]["content"]["things"] == 1);
  CHECK(Err(h, {{"action", "delete"}, {"workspace", "busy"}}).find("confirm=true") !=
        std::string::npos);
  Ok(h, {{"action", "get"}, {"workspace", "busy"}});  // still there
  json del = Ok(h, {{"action", "delete"}, {"workspace", "busy"}, {"confirm", true}});
  CHECK(del["workspace"]["content"]["things"] == 1);
}

TEST_CASE("describe returns the catalog's help") {
  McpHarness h;
  json all = Ok(h, {{"action", "describe"}});
  CHECK(all["help"]["actions"].size() == 21);  // 8 workspace, 6 track_*, 7 program_*
  json one = Ok(h, {{"action", "describe"}, {"about", "delete"}});
  CHECK(one["help"]["action"] == "delete");
  CHECK(one["help"]["destructive"] == true);
  CHECK(one["help"]["example"]["arguments"]["action"] == "delete");
  CHECK(Err(h, {{"action", "describe"}, {"about", "delet"}}).find("Did you mean \"delete\"") !=
        std::string::npos);
}

}  // namespace pm::tools
