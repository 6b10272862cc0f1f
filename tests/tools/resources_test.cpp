// The MCP resources of project memory, read through the server as a client does.
#include <doctest/doctest.h>

#include "tools/content_fixture.h"

namespace pm::tools {

using nlohmann::json;
using testing::ContentFixture;
using testing::Has;

namespace {

std::string Read(ContentFixture& h, const std::string& uri) {
  json response = h.Request("resources/read", {{"uri", uri}});
  CAPTURE(response.dump());
  REQUIRE(response.contains("result"));
  const json& item = response["result"]["contents"].at(0);
  CHECK(item["uri"] == uri);
  CHECK(item["mimeType"] == "text/markdown");
  return item["text"];
}

json ReadError(ContentFixture& h, const std::string& uri) {
  json response = h.Request("resources/read", {{"uri", uri}});
  CAPTURE(response.dump());
  REQUIRE(response.contains("error"));
  CHECK(response["error"]["code"] == -32002);
  CHECK(response["error"]["data"]["uri"] == uri);
  return response["error"];
}

// Every resources/list entry, following nextCursor.
std::vector<json> ListAll(ContentFixture& h, int* pages) {
  std::vector<json> all;
  json params = json::object();
  for (*pages = 1;; ++*pages) {
    json result = h.Request("resources/list", params)["result"];
    for (auto& r : result["resources"]) all.push_back(r);
    if (!result.contains("nextCursor")) return all;
    params = {{"cursor", result["nextCursor"]}};
  }
}

}  // namespace

TEST_CASE("resources/list names workspaces, plans, knowledge and research, paged") {
  ContentFixture h;
  h.options().list_page_size = 2;
  int pages = 0;
  std::vector<json> all = ListAll(h, &pages);
  std::vector<std::string> uris;
  for (const auto& r : all) {
    uris.push_back(r["uri"]);
    CHECK(r["mimeType"] == "text/markdown");
    CHECK(r["name"].is_string());
    CHECK(r["title"].is_string());
  }
  const std::string p1 = "project-memory://plan/" + std::to_string(h.plan_id);
  const std::vector<std::string> expected = {
      "project-memory://workspace/alpha", p1, "project-memory://knowledge/alpha/db-notes",
      "project-memory://research/alpha/" + std::to_string(h.research_id),
      "project-memory://workspace/beta"};
  REQUIRE(uris.size() == 6);  // and beta's plan
  for (size_t i = 0; i < expected.size(); ++i) CHECK(uris[i] == expected[i]);
  CHECK(uris[5].starts_with("project-memory://plan/"));
  CHECK(pages == 3);
  CHECK(all[1]["title"] == "P1 Login");
  CHECK(all[1]["name"] == "alpha/P1");
  CHECK(Has(all[1]["description"], "[active]"));
  CHECK(Has(all[3]["description"], "plan P1"));
  // Every listed resource can be read.
  for (const auto& uri : uris) CHECK_FALSE(Read(h, uri).empty());
}

TEST_CASE("resources/templates/list gives the four URI templates") {
  ContentFixture h;
  json templates = h.Request("resources/templates/list", json::object())["result"];
  std::vector<std::string> uris;
  for (const auto& t : templates["resourceTemplates"]) uris.push_back(t["uriTemplate"]);
  CHECK(uris == std::vector<std::string>{"project-memory://workspace/{workspace}",
                                         "project-memory://plan/{plan}",
                                         "project-memory://knowledge/{workspace}/{slug}",
                                         "project-memory://research/{workspace}/{id}"});
}

TEST_CASE("a plan resource is the plan as a Markdown checklist, by id or by code") {
  ContentFixture h;
  const std::string by_id = Read(h, "project-memory://plan/" + std::to_string(h.plan_id));
  CHECK(by_id.starts_with("# P1 Login\n"));
  CHECK(Has(by_id, "**Status:** active"));
  CHECK(Has(by_id, "**Progress:** 1/3 steps done (33%)"));
  CHECK(Has(by_id, "**Goal:** Users can log in"));
  CHECK(Has(by_id, "- [x] **R1** Email login"));
  CHECK(Has(by_id, "- [ ] **R2** Lockout"));
  CHECK(Has(by_id, "Phase 1: Design — 1/1 steps done (100%)"));
  CHECK(Has(by_id, "- [x] **T1** Sketch the form — completed"));
  CHECK(Has(by_id, "- [ ] **T2** Write the form — pending"));
  // A code names a plan of the server directory's workspace (alpha), not beta's P1.
  CHECK(Read(h, "project-memory://plan/P1") == by_id);
  CHECK(Read(h, "project-memory://plan/p1") == by_id);
  CHECK(Has(ReadError(h, "project-memory://plan/P99")["message"], "no plan P99"));
  ReadError(h, "project-memory://plan/999999");
}

TEST_CASE("the workspace overview shows plans with progress, ready count and activity") {
  ContentFixture h;
  h.Tool("memory_workspace").Ok({{"action", "track_create"}, {"name", "Auth"}, {"goal", "Log in"}});
  h.Tool("memory_workspace").Ok({{"action", "track_assign"}, {"plan", "P1"}, {"track", "Auth"}});
  const std::string md = Read(h, "project-memory://workspace/alpha");
  CHECK(md.starts_with("# Alpha\n\n`alpha` · /ws/alpha"));
  CHECK(Has(md, "**Ready steps:** 2"));
  CHECK(Has(md, "- **P1** Login — active, medium · 1/3 steps done"));
  CHECK(Has(md, "- **Auth** (Log in) — 1 plans, 0 done, 1 with ready steps"));
  CHECK(Has(md, "## Recent activity"));
  CHECK(Has(md, "plan P1 update"));
  CHECK_FALSE(Has(md, "Other"));  // beta's plan
  // By id too; an unknown workspace is not found.
  CHECK(Has(Read(h, "project-memory://workspace/1"), "# Alpha"));
  CHECK(Has(ReadError(h, "project-memory://workspace/gamma")["message"], "gamma"));
}

TEST_CASE("knowledge and research resources, and what does not exist") {
  ContentFixture h;
  const std::string knowledge = Read(h, "project-memory://knowledge/alpha/db-notes");
  CHECK(knowledge.starts_with("# DB notes\n\n`db-notes` · updated "));
  CHECK(knowledge.ends_with("\n\nUse WAL.\n"));
  const std::string research =
      Read(h, "project-memory://research/alpha/" + std::to_string(h.research_id));
  CHECK(Has(research, "# Options\n\nResearch of plan P1"));
  CHECK(Has(research, "A or B"));
  ReadError(h, "project-memory://knowledge/alpha/nothing");
  ReadError(h, "project-memory://knowledge/beta/db-notes");  // alpha's, not beta's
  ReadError(h, "project-memory://research/beta/" + std::to_string(h.research_id));
  CHECK(Has(ReadError(h, "project-memory://research/alpha/x")["message"], "numeric"));
  ReadError(h, "project-memory://elsewhere/1");
}

}  // namespace pm::tools
