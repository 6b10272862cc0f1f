#include <doctest/doctest.h>

#include "http/http_fixture.h"
#include "http/openapi.h"
#include "http/seed_routes.h"

namespace pm::testing {

using nlohmann::json;

namespace {

httplib::Result Send(httplib::Client& client, const std::string& method, const std::string& path,
                     const json& body = nullptr, const httplib::Headers& headers = {}) {
  const std::string text = body.is_null() ? "" : body.dump();
  if (method == "GET") return client.Get(path, headers);
  if (method == "DELETE") return client.Delete(path, headers);
  if (method == "PUT") return client.Put(path, headers, text, "application/json");
  if (method == "PATCH") return client.Patch(path, headers, text, "application/json");
  return client.Post(path, headers, text, "application/json");
}

}  // namespace

TEST_CASE("seed 000: tracks under /repos/:repo with the seed's bodies and counts") {
  HttpFixture server;
  auto c = server.Client();
  REQUIRE(Send(c, "POST", "/api/tools/memory_workspace/register",
               {{"name", "shop"}, {"path", server.dir().path().string()}})
              ->status == 200);
  auto created = Send(c, "POST", "/repos/shop/tracks",
                      {{"name", "Economy"}, {"color", "#3B82F6"}, {"sortOrder", 2}});
  REQUIRE(created->status == 201);
  json track = JsonBody(created)["track"];
  CHECK(track["name"] == "Economy");
  CHECK(track["sortOrder"] == 2);
  CHECK(track["projectId"] == 1);

  Send(c, "POST", "/api/tools/memory_plan/create",
       {{"workspace", "shop"}, {"title", "Login"}, {"status", "active"}, {"phases", {"Build"}}});
  Send(c, "POST", "/api/tools/memory_steps/add",
       {{"workspace", "shop"}, {"plan", "P1"}, {"task", "Form"}});
  auto assigned = Send(c, "PUT", "/repos/shop/work-orders/P1/track", {{"trackId", track["id"]}});
  CHECK(assigned->status == 200);
  CHECK(JsonBody(assigned) == json{{"ok", true}});

  json list = JsonBody(Send(c, "GET", "/repos/1/tracks"));  // a repo by id, too
  REQUIRE(list["tracks"].size() == 1);
  CHECK(list["tracks"][0]["workOrderCount"] == 1);
  CHECK(list["tracks"][0]["readyCount"] == 1);
  CHECK(list["tracks"][0]["doneCount"] == 0);

  json one = JsonBody(Send(c, "GET", "/repos/shop/tracks/" + track["id"].dump()));
  REQUIRE(one["workOrders"].size() == 1);
  CHECK(one["workOrders"][0]["code"] == "P1");
  CHECK(one["workOrders"][0]["track"]["name"] == "Economy");

  auto updated = Send(c, "PUT", "/repos/shop/tracks/Economy", {{"goal", "Revenue"}});
  CHECK(JsonBody(updated)["track"]["goal"] == "Revenue");
  auto typo = Send(c, "PUT", "/repos/shop/tracks/Economy", {{"sortOrdr", 1}});
  CHECK(typo->status == 400);
  CHECK(JsonBody(typo)["detail"].get<std::string>().find("Did you mean \"sortOrder\"") !=
        std::string::npos);
  CHECK(Send(c, "POST", "/repos/shop/tracks", {{"name", "Economy"}})->status == 409);
  CHECK(Send(c, "GET", "/repos/shop/tracks/Nope")->status == 404);
  CHECK(Send(c, "GET", "/repos/nope/tracks")->status == 404);
  CHECK(Send(c, "POST", "/repos/shop/tracks", {{"color", "red"}})->status == 400);  // no name

  CHECK(JsonBody(Send(c, "PUT", "/repos/shop/work-orders/P1/track", {{"trackId", nullptr}})) ==
        json{{"ok", true}});
  CHECK(JsonBody(Send(c, "GET", "/repos/shop/tracks"))["tracks"][0]["workOrderCount"] == 0);
  CHECK(JsonBody(Send(c, "DELETE", "/repos/shop/tracks/Economy")) == json{{"ok", true}});
  CHECK(JsonBody(Send(c, "GET", "/repos/shop/tracks"))["tracks"].empty());
}

TEST_CASE("seed 002: tasks, next without and with a claim, status changes, errors as problems") {
  HttpFixture server;
  auto c = server.Client();
  Send(c, "POST", "/api/tools/memory_workspace/register", {{"name", "alpha"}, {"path", "/a"}});
  auto made = Send(c, "POST", "/tasks",
                   {{"project", "alpha"},
                    {"description", "Write PRD"},
                    {"inputs", {"EPIC-6"}},
                    {"generator_name", "prd-generator"}});
  REQUIRE(made->status == 201);
  json task = JsonBody(made)["task"];
  CHECK(task["task_id"] == "T1");
  CHECK(task["status"] == "pending");
  CHECK(task["inputs"] == json{"EPIC-6"});
  CHECK(task["generator_name"] == "prd-generator");

  json peek = JsonBody(Send(c, "GET", "/tasks/next?project=alpha"));
  CHECK(peek["task"]["task_id"] == "T1");
  CHECK(peek["claimed"] == false);
  CHECK(JsonBody(Send(c, "GET", "/tasks/T1?project=alpha"))["task"]["status"] == "pending");

  json claim = JsonBody(Send(c, "POST", "/tasks/next", {{"project", "alpha"}}));
  CHECK(claim["claimed"] == true);
  CHECK(claim["task"]["holder_agent"] == "http");  // the caller: an open server's name
  json none = JsonBody(Send(c, "GET", "/tasks/next?project=alpha"));
  CHECK(none["task"].is_null());
  CHECK(none["nothing_ready"]["reason"] == "all_claimed");

  auto done = Send(c, "PATCH", "/tasks/T1",
                   {{"project", "alpha"}, {"status", "completed"}, {"completion_notes", "v1"}});
  CHECK(done->status == 200);
  CHECK(JsonBody(done)["previous_status"] == "in_progress");
  CHECK(JsonBody(done)["task"]["completion_notes"] == "v1");
  auto again = Send(c, "PATCH", "/tasks/1", {{"project", "alpha"}, {"status", "in_progress"}});
  CHECK(again->status == 409);
  CHECK(JsonBody(again)["tool"] == "update_task_status");
  CHECK(Send(c, "PATCH", "/tasks/T1", {{"project", "alpha"}, {"status", "bogus"}})->status == 400);
  CHECK(Send(c, "PATCH", "/tasks/T1", {{"project", "alpha"}})->status == 400);
  CHECK(Send(c, "GET", "/tasks/T9?project=alpha")->status == 404);

  json listed = JsonBody(Send(c, "GET", "/tasks?project=alpha&status=completed"));
  REQUIRE(listed["tasks"].size() == 1);
  CHECK(listed["tasks"][0]["task_id"] == "T1");
  CHECK(Send(c, "GET", "/tasks?project=alpha&colour=red")->status == 400);
  CHECK(Send(c, "GET", "/tasks?project=alpha&limit=many")->status == 400);
  auto text = c.Get("/tasks?project=alpha", {{"Accept", "text/plain"}});
  CHECK(text->get_header_value("Content-Type").find("text/plain") == 0);
  CHECK(text->body.find("T1") != std::string::npos);
}

TEST_CASE("the generic route runs every action; reads by GET; a read-only token cannot write") {
  HttpFixture server;
  auto c = server.Client();
  auto reg = Send(c, "POST", "/api/tools/memory_workspace",
                  {{"action", "register"}, {"name", "shop"}, {"path", "/shop"}});
  CHECK(reg->status == 200);
  CHECK(JsonBody(reg)["workspace"]["code"] == "shop");
  auto get = c.Get("/api/tools/memory_workspace/get?workspace=shop");
  CHECK(get->status == 200);
  CHECK(JsonBody(get)["workspace"]["code"] == "shop");
  CHECK(c.Get("/api/tools/memory_workspace/register")->status == 405);
  CHECK(Send(c, "POST", "/api/tools/memory_workspace/nope", json::object())->status == 404);
  CHECK(Send(c, "POST", "/api/tools/nope/list", json::object())->status == 404);
  auto mismatch = Send(c, "POST", "/api/tools/memory_workspace/get", {{"action", "list"}});
  CHECK(mismatch->status == 400);
  auto not_object = c.Post("/api/tools/memory_workspace/list", "[1]", "application/json");
  CHECK(not_object->status == 400);
  auto bad_json = c.Post("/api/tools/memory_workspace/list", "{", "application/json");
  CHECK(bad_json->status == 400);
  // The same validation message as stdio and /mcp.
  auto typo = Send(c, "POST", "/api/tools/memory_plan/get", {{"plan", "P1"}, {"titel", "x"}});
  CHECK(typo->status == 400);
  CHECK(JsonBody(typo)["detail"] ==
        "memory_plan.get: unknown parameter \"titel\" (at arguments.titel). Accepted: workspace, "
        "plan.");

  const std::string reader = server.CreateToken("reader", true);
  const httplib::Headers auth = {{"Authorization", "Bearer " + reader}};
  CHECK(Send(c, "GET", "/api/tools/memory_workspace/list", nullptr, auth)->status == 200);
  CHECK(Send(c, "GET", "/tasks/next?project=shop", nullptr, auth)->status == 200);
  auto write = Send(c, "POST", "/repos/shop/tracks", {{"name", "Ops"}}, auth);
  CHECK(write->status == 403);
  CHECK(JsonBody(write)["code"] == "read_only_token");
  CHECK(Send(c, "POST", "/tasks/next", {{"project", "shop"}}, auth)->status == 403);
}

TEST_CASE("writes over HTTP are logged under the token's name unless an agent is given") {
  HttpFixture server;
  auto c = server.Client();
  const httplib::Headers alice = {{"Authorization", "Bearer " + server.CreateToken("alice")}};
  Send(c, "POST", "/api/tools/memory_workspace/register", {{"name", "shop"}, {"path", "/s"}},
       alice);
  Send(c, "POST", "/repos/shop/tracks", {{"name", "Ops"}}, alice);
  Send(c, "POST", "/repos/shop/tracks", {{"name", "Web"}, {"agent", "planner"}}, alice);
  json log =
      JsonBody(Send(c, "GET", "/api/tools/memory_agent/update_log?workspace=shop", nullptr, alice));
  std::vector<std::string> actors;
  for (const auto& e : log["entries"]) actors.push_back(e.value("agent", std::string()));
  CHECK(std::count(actors.begin(), actors.end(), "alice") >= 2);
  CHECK(std::count(actors.begin(), actors.end(), "planner") == 1);
}

TEST_CASE("the export streams JSONL; an unknown workspace is 404 before any byte") {
  HttpFixture server;
  auto c = server.Client();
  Send(c, "POST", "/api/tools/memory_workspace/register", {{"name", "shop"}, {"path", "/s"}});
  auto out = c.Get("/api/export?workspace=shop");
  REQUIRE(out->status == 200);
  CHECK(out->get_header_value("Content-Type") == "application/x-ndjson");
  CHECK(out->body.rfind("{\"format\":\"project-memory-export\"", 0) == 0);
  CHECK(out->body.find("{\"end\":true") != std::string::npos);
  CHECK(c.Get("/api/export?workspace=nope")->status == 404);
  CHECK(c.Get("/api/export?workspace=shop&al=1")->status == 400);
}

TEST_CASE("GET /openapi.json describes every seed route and every catalog action") {
  HttpFixture server;
  auto res = server.Client().Get("/openapi.json");
  REQUIRE(res->status == 200);
  json doc = JsonBody(res);
  CHECK(doc["openapi"] == "3.1.0");
  const json& paths = doc["paths"];
  CHECK(paths.contains("/repos/{repo}/tracks/{track}"));
  CHECK(paths["/repos/{repo}/tracks"]["post"]["requestBody"]["content"]["application/json"]
             ["schema"]["required"] == json{"name"});
  CHECK(paths["/tasks/{task}"].contains("patch"));
  for (const auto& tool : catalog::Catalog::Embedded().tools()) {
    for (const auto& action : tool.actions) {
      const std::string path = "/api/tools/" + tool.name + "/" + action.name;
      CAPTURE(path);
      REQUIRE(paths.contains(path));
      CHECK(paths[path].contains("post"));
      CHECK(paths[path].contains("get") == action.read_only);
    }
  }
}

TEST_CASE("every seed route names a catalog action and parameters it has") {
  for (const auto& route : http::SeedRoutes()) {
    CAPTURE(route.pattern);
    CHECK_NOTHROW(http::CheckToolRoute(route, catalog::Catalog::Embedded()));
  }
}

}  // namespace pm::testing
