// memory_workspace program_* actions through tools/call (seed 004's programs:
// create, get, list, add plans, link across workspaces, upgrade a plan).
#include <doctest/doctest.h>

#include "test_support.h"
#include "tools/tool_call.h"
#include "work_fixture.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::McpHarness;
using testing::ScalarInt;

namespace {

std::vector<std::string> Codes(const json& rows) {
  std::vector<std::string> codes;
  for (const auto& row : rows) codes.push_back(row["code"]);
  return codes;
}

}  // namespace

TEST_CASE("create, get, list, add and remove plans of a program") {
  McpHarness h;
  const int64_t ws = testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller tool(h, "memory_workspace");
  const json in_shop = {{"workspace", "shop"}};
  auto call = [&](json args) {
    args.update(in_shop);
    return tool.Ok(args);
  };
  json first = call({{"action", "program_create"},
                     {"title", "Database migration"},
                     {"description", "Move to SQLite"},
                     {"goal", "One file"}})["program"];
  CHECK(first["code"] == "PG1");
  CHECK(first["linked"] == false);
  CHECK(call({{"action", "program_create"}, {"title", "Second"}})["program"]["code"] == "PG2");
  CHECK(call({{"action", "program_create"}, {"title", "Third"}})["program"]["code"] == "PG3");

  auto schema = testing::AddPlan(h.db(), ws, "Schema");
  auto runner = testing::AddPlan(h.db(), ws, "Runner");
  for (const auto& plan : {runner, schema}) {
    json added = call({{"action", "program_add_plan"}, {"program", "PG1"}, {"plan", plan.code}});
    CHECK(added["plan"]["program_id"] == first["id"]);
    CHECK(added["program"]["code"] == "PG1");
  }
  json got = call({{"action", "program_get"}, {"program", "pg1"}});
  CHECK(got["program"]["goal"] == "One file");
  CHECK(got["program"]["plan_count"] == 2);
  CHECK(got["program"]["linked_workspaces"] == json::array());
  CHECK(Codes(got["plans"]) == std::vector<std::string>{"P1", "P2"});

  call({{"action", "program_remove_plan"}, {"program", first["id"]}, {"plan", schema.id}});
  CHECK(Codes(call({{"action", "program_get"}, {"program", "PG1"}})["plans"]) ==
        std::vector<std::string>{runner.code});

  json page = call({{"action", "program_list"}, {"limit", 2}});
  CHECK(Codes(page["programs"]) == std::vector<std::string>{"PG1", "PG2"});
  CHECK(page["programs"][0]["plan_count"] == 1);
  json rest = call({{"action", "program_list"}, {"cursor", page["next_cursor"]}});
  CHECK(Codes(rest["programs"]) == std::vector<std::string>{"PG3"});
  CHECK(rest["next_cursor"].is_null());
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM update_log WHERE entity_kind = 'program'") == 3);
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM update_log WHERE entity_kind = 'plan'") == 3);
}

TEST_CASE("a linked program shows in the other workspace's program_list, marked linked") {
  testing::TempDir dir;
  McpHarness h(dir.path().string());
  testing::ToolCaller tool(h, "memory_workspace");
  tool.Ok({{"action", "register"}, {"path", (dir.path() / "api").string()}});
  const int64_t web =
      tool.Ok({{"action", "register"}, {"path", (dir.path() / "web").string()}})["workspace"]["id"];
  json program = tool.Ok(
      {{"action", "program_create"}, {"workspace", "api"}, {"title", "Checkout v2"}})["program"];
  CHECK(tool.Ok({{"action", "program_list"}, {"workspace", "web"}})["programs"].empty());

  json linked = tool.Ok({{"action", "program_link"},
                         {"workspace", "api"},
                         {"program", "PG1"},
                         {"to", "./web"},
                         {"agent", "lead"}})["program"];
  REQUIRE(linked["linked_workspaces"].size() == 1);
  CHECK(linked["linked_workspaces"][0]["code"] == "web");

  json seen = tool.Ok({{"action", "program_list"}, {"workspace", "web"}})["programs"];
  REQUIRE(seen.size() == 1);
  CHECK(seen[0]["linked"] == true);
  CHECK(seen[0]["workspace_code"] == "api");
  CHECK(Has(tool.Text({{"action", "program_list"}, {"workspace", "web"}}), "(linked from api"));

  // The web workspace adds its own plan to the program; the program spans both.
  auto web_plan = testing::AddPlan(h.db(), web, "Checkout page");
  tool.Ok({{"action", "program_add_plan"},
           {"workspace", "web"},
           {"program", program["id"]},
           {"plan", web_plan.code}});
  json got = tool.Ok({{"action", "program_get"}, {"workspace", "api"}, {"program", "PG1"}});
  REQUIRE(got["plans"].size() == 1);
  CHECK(got["plans"][0]["workspace_id"] == web);

  CHECK(Has(tool.Err({{"action", "program_link"},
                      {"workspace", "web"},
                      {"program", program["id"]},
                      {"to", "api"}}),
            "link it from there"));
  tool.Ok({{"action", "program_link"},
           {"workspace", "api"},
           {"program", "PG1"},
           {"to", "web"},
           {"unlink", true}});
  CHECK(tool.Ok({{"action", "program_list"}, {"workspace", "web"}})["programs"].empty());
  CHECK(ScalarInt(h.db(),
                  "SELECT count(*) FROM update_log WHERE entity_kind = 'program' AND "
                  "action = 'link' AND agent = 'lead'") == 1);
}

TEST_CASE("program_upgrade moves phases and steps, ids kept, into a child plan of a new program") {
  McpHarness h;
  const int64_t ws = testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller tool(h, "memory_workspace");
  auto plan = testing::AddPlan(h.db(), ws, "Storage rewrite", "active");
  const int64_t p1 = testing::AddPhase(h.db(), plan.id, "Schema", 0);
  const int64_t p2 = testing::AddPhase(h.db(), plan.id, "Access layer", 1);
  const int64_t s1 = testing::AddStep(h.db(), ws, plan.id, p1, "DDL");
  const int64_t s2 = testing::AddStep(h.db(), ws, plan.id, p2, "Queries");
  tool.Ok({{"action", "track_create"}, {"workspace", "shop"}, {"name", "Core"}});
  tool.Ok(
      {{"action", "track_assign"}, {"workspace", "shop"}, {"plan", plan.code}, {"track", "Core"}});

  json up = tool.Ok({{"action", "program_upgrade"},
                     {"workspace", "shop"},
                     {"plan", plan.code},
                     {"agent", "architect"}});
  CHECK(up["program"]["code"] == "PG1");
  CHECK(up["program"]["title"] == "Storage rewrite");
  CHECK(up["moved"]["phases"] == json::array({p1, p2}));
  CHECK(up["moved"]["steps"] == json::array({s1, s2}));
  REQUIRE(up["plans"].size() == 2);
  const json original = up["plans"][0], child = up["plans"][1];
  CHECK(original["id"] == plan.id);
  CHECK(child["code"] == "P2");
  CHECK(child["title"] == "Storage rewrite (part 1)");
  CHECK(child["status"] == "active");
  CHECK(child["track_id"] == original["track_id"]);
  for (const auto& p : up["plans"]) CHECK(p["program_id"] == up["program"]["id"]);

  const std::string child_id = child["id"].dump();
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM phases WHERE plan_id = " + child_id +
                              " AND id IN (" + std::to_string(p1) + ", " + std::to_string(p2) +
                              ")") == 2);
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM steps WHERE plan_id = " + child_id +
                              " AND id IN (" + std::to_string(s1) + ", " + std::to_string(s2) +
                              ")") == 2);
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM ready_steps WHERE id = " + std::to_string(s1)) ==
        1);
  json got = tool.Ok({{"action", "program_get"}, {"workspace", "shop"}, {"program", "PG1"}});
  CHECK(Codes(got["plans"]) == std::vector<std::string>{"P1", "P2"});
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM update_log WHERE agent = 'architect'") == 7);
  CHECK(Has(tool.Err({{"action", "program_upgrade"}, {"workspace", "shop"}, {"plan", plan.code}}),
            "already belongs to program"));
}

TEST_CASE("programs and plans of another workspace are never found or changed") {
  McpHarness h;
  const int64_t shop = testing::RegisterWorkspace(h, "shop");
  testing::RegisterWorkspace(h, "other");
  testing::ToolCaller tool(h, "memory_workspace");
  json theirs = tool.Ok(
      {{"action", "program_create"}, {"workspace", "other"}, {"title", "Theirs"}})["program"];
  auto my_plan = testing::AddPlan(h.db(), shop, "Mine");
  tool.Ok({{"action", "program_create"}, {"workspace", "shop"}, {"title", "Mine"}});
  const int64_t log_before = ScalarInt(h.db(), "SELECT count(*) FROM update_log");
  const json calls[] = {
      {{"action", "program_get"}, {"program", theirs["id"]}},
      {{"action", "program_add_plan"}, {"program", theirs["id"]}, {"plan", my_plan.code}},
      {{"action", "program_link"}, {"program", theirs["id"]}, {"to", "shop"}},
      {{"action", "program_upgrade"}, {"workspace", "other"}, {"plan", my_plan.id}},
      {{"action", "program_add_plan"},
       {"workspace", "other"},
       {"program", "PG1"},
       {"plan", my_plan.id}},
  };
  for (json args : calls) {
    if (!args.contains("workspace")) args["workspace"] = "shop";
    CAPTURE(args.dump());
    CHECK(Has(tool.Err(args), "in workspace"));
  }
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM update_log") == log_before);
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM plans WHERE program_id IS NOT NULL") == 0);
  CHECK(Codes(tool.Ok({{"action", "program_list"}, {"workspace", "shop"}})["programs"]) ==
        std::vector<std::string>{"PG1"});
}

TEST_CASE("program mistakes an agent can fix") {
  McpHarness h;
  const int64_t ws = testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller tool(h, "memory_workspace");
  tool.Ok({{"action", "program_create"}, {"workspace", "shop"}, {"title", "One"}});
  tool.Ok({{"action", "program_create"}, {"workspace", "shop"}, {"title", "Two"}});
  auto plan = testing::AddPlan(h.db(), ws, "Plan");
  tool.Ok({{"action", "program_add_plan"},
           {"workspace", "shop"},
           {"program", "PG1"},
           {"plan", plan.code}});
  struct Case {
    const char* name;
    json args;
    const char* fragment;
  };
  const Case cases[] = {
      {"blank title", {{"action", "program_create"}, {"title", ""}}, "title must not be empty"},
      {"unknown program", {{"action", "program_get"}, {"program", "PG9"}}, "no program PG9"},
      {"plan in another program",
       {{"action", "program_add_plan"}, {"program", "PG2"}, {"plan", plan.code}},
       "already belongs to program"},
      {"plan not in program",
       {{"action", "program_remove_plan"}, {"program", "PG2"}, {"plan", plan.code}},
       "is not in program PG2"},
      {"link to itself",
       {{"action", "program_link"}, {"program", "PG1"}, {"to", "shop"}},
       "already lives in"},
      {"link to nowhere",
       {{"action", "program_link"}, {"program", "PG1"}, {"to", "nowhere"}},
       "no workspace"},
      {"missing plan", {{"action", "program_upgrade"}}, "\"plan\""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    json args = c.args;
    args["workspace"] = "shop";
    CHECK(Has(tool.Err(args), c.fragment));
  }
}

}  // namespace pm::tools
