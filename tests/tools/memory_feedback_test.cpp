// memory_feedback through tools/call, as an agent uses it.
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

json Report(testing::ToolCaller& fb, const std::string& title, json extra = json::object()) {
  json args = {{"action", "report"}, {"kind", "bug"}, {"title", title}};
  args.update(extra);
  return fb.Ok(args)["feedback"];
}

}  // namespace

TEST_CASE("report, get, triage, update, link and list feedback in the server's workspace") {
  testing::TempDir dir;
  McpHarness h(dir.path().string());
  testing::ToolCaller(h, "memory_workspace")
      .Ok({{"action", "register"}, {"path", dir.path().string()}});
  testing::ToolCaller fb(h, "memory_feedback");
  const int64_t ws = ScalarInt(h.db(), "SELECT id FROM workspaces");
  auto plan = testing::AddPlan(h.db(), ws, "Fix login");

  json item = Report(fb, "Login fails", {{"body", "Empty password crashes"}, {"agent", "tester"}});
  CHECK(item["code"] == "FB1");
  CHECK(item["status"] == "new");
  CHECK(item["severity"].is_null());
  CHECK(item["reported_by"] == "tester");
  CHECK(item["workspace_id"] == ws);

  json got = fb.Ok({{"action", "get"}, {"feedback", "fb1"}})["feedback"];
  CHECK(got["body"] == "Empty password crashes");
  CHECK(Has(fb.Text({{"action", "get"}, {"feedback", item["id"]}}), "FB1 [bug, new] Login fails"));

  json triaged =
      fb.Ok({{"action", "triage"}, {"feedback", "FB1"}, {"severity", "high"}})["feedback"];
  CHECK(triaged["status"] == "triaged");
  CHECK(triaged["severity"] == "high");

  json linked =
      fb.Ok({{"action", "link_plan"}, {"feedback", "FB1"}, {"plan", plan.code}})["feedback"];
  CHECK(linked["plan_id"] == plan.id);

  json started =
      fb.Ok({{"action", "update"}, {"feedback", "FB1"}, {"status", "in_progress"}})["feedback"];
  CHECK(started["status"] == "in_progress");
  CHECK(started["resolved_at"].is_null());
  json resolved = fb.Ok({{"action", "update"},
                         {"feedback", "FB1"},
                         {"status", "resolved"},
                         {"resolution", "Fixed in " + plan.code}})["feedback"];
  CHECK(resolved["status"] == "resolved");
  CHECK(resolved["resolution"] == "Fixed in " + plan.code);
  CHECK(resolved["resolved_at"].is_string());

  json list = fb.Ok({{"action", "list"}, {"plan", plan.id}});
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["code"] == "FB1");
  CHECK(list["next_cursor"].is_null());

  json unlinked =
      fb.Ok({{"action", "link_plan"}, {"feedback", "FB1"}, {"plan", nullptr}})["feedback"];
  CHECK(unlinked["plan_id"].is_null());
}

TEST_CASE("FB-codes are unique and sequential in a workspace") {
  McpHarness h;
  testing::RegisterWorkspace(h, "a");
  testing::RegisterWorkspace(h, "b");
  testing::ToolCaller fb(h, "memory_feedback");
  for (int i = 1; i <= 4; ++i) {
    CHECK(Report(fb, "a" + std::to_string(i), {{"workspace", "a"}})["code"] ==
          "FB" + std::to_string(i));
  }
  CHECK(Report(fb, "b1", {{"workspace", "b"}})["code"] == "FB1");
  CHECK(ScalarInt(h.db(), "SELECT count(DISTINCT workspace_id || code) FROM feedback") == 5);
}

TEST_CASE("illegal status moves are errors naming the allowed next states") {
  McpHarness h;
  testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller fb(h, "memory_feedback");
  struct Case {
    std::vector<std::string> before;  // legal moves made first
    std::string to;
    const char* fragment;
  };
  const Case cases[] = {
      {{"resolved"}, "triaged", "cannot go from resolved to triaged; allowed from resolved: new"},
      {{"wont_fix"}, "in_progress", "allowed from wont_fix: new"},
      {{"in_progress"}, "new", "allowed from in_progress: triaged, resolved, wont_fix"},
      {{}, "duplicate", "triage and duplicate_of"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.to);
    json item = Report(fb, "x", {{"workspace", "shop"}});
    for (const auto& s : c.before) {
      fb.Ok({{"action", "update"}, {"workspace", "shop"}, {"feedback", item["id"]}, {"status", s}});
    }
    CHECK(Has(fb.Err({{"action", "update"},
                      {"workspace", "shop"},
                      {"feedback", item["id"]},
                      {"status", c.to}}),
              c.fragment));
    json now = fb.Ok({{"action", "get"}, {"workspace", "shop"}, {"feedback", item["id"]}});
    CHECK(now["feedback"]["status"] == (c.before.empty() ? "new" : c.before.back()));
  }
  // Triage follows the same table.
  json closed = Report(fb, "closed", {{"workspace", "shop"}});
  fb.Ok({{"action", "update"},
         {"workspace", "shop"},
         {"feedback", closed["id"]},
         {"status", "resolved"}});
  CHECK(Has(fb.Err({{"action", "triage"}, {"workspace", "shop"}, {"feedback", closed["id"]}}),
            "allowed from resolved: new"));
}

TEST_CASE("marking a duplicate needs another item of the same workspace") {
  McpHarness h;
  testing::RegisterWorkspace(h, "shop");
  testing::RegisterWorkspace(h, "other");
  testing::ToolCaller fb(h, "memory_feedback");
  json original = Report(fb, "Crash on save", {{"workspace", "shop"}});
  json again = Report(fb, "Saving crashes", {{"workspace", "shop"}});
  json elsewhere = Report(fb, "Crash", {{"workspace", "other"}});

  CHECK(Has(fb.Err({{"action", "triage"},
                    {"workspace", "shop"},
                    {"feedback", "FB1"},
                    {"duplicate_of", "FB1"}}),
            "duplicate of itself"));
  CHECK(Has(fb.Err({{"action", "triage"},
                    {"workspace", "shop"},
                    {"feedback", "FB2"},
                    {"duplicate_of", elsewhere["id"]}}),
            "no feedback"));
  json dup = fb.Ok({{"action", "triage"},
                    {"workspace", "shop"},
                    {"feedback", "FB2"},
                    {"duplicate_of", "FB1"}})["feedback"];
  CHECK(dup["status"] == "duplicate");
  CHECK(dup["duplicate_of"] == original["id"]);
  CHECK(Has(fb.Text({{"action", "get"}, {"workspace", "shop"}, {"feedback", again["id"]}}),
            "duplicate of #" + original["id"].dump()));
  json listed = fb.Ok({{"action", "list"}, {"workspace", "shop"}, {"status", "duplicate"}});
  CHECK(listed["items"].size() == 1);
}

TEST_CASE("another workspace's feedback and plans are never found or changed") {
  McpHarness h;
  const int64_t shop = testing::RegisterWorkspace(h, "shop");
  testing::RegisterWorkspace(h, "other");
  testing::ToolCaller fb(h, "memory_feedback");
  json item = Report(fb, "Mine", {{"workspace", "shop"}});
  auto plan = testing::AddPlan(h.db(), shop, "Shop plan");
  Report(fb, "Theirs", {{"workspace", "other"}});
  const std::string before =
      testing::RowsText(h.db(), "SELECT status, title, plan_id FROM feedback ORDER BY id");
  const int64_t log_before = ScalarInt(h.db(), "SELECT count(*) FROM update_log");

  const json id = item["id"];
  const json calls[] = {
      {{"action", "get"}, {"feedback", id}},
      {{"action", "update"}, {"feedback", id}, {"title", "Hijacked"}},
      {{"action", "triage"}, {"feedback", id}},
      {{"action", "link_plan"}, {"feedback", id}},
      {{"action", "link_plan"}, {"feedback", "FB1"}, {"plan", plan.id}},
      {{"action", "list"}, {"plan", plan.code}},
      {{"action", "report"}, {"kind", "idea"}, {"title", "x"}, {"plan", plan.id}},
  };
  for (json args : calls) {
    args["workspace"] = "other";
    CAPTURE(args.dump());
    CHECK(Has(fb.Err(args), "in workspace other"));
  }
  CHECK(testing::RowsText(h.db(), "SELECT status, title, plan_id FROM feedback ORDER BY id") ==
        before);
  CHECK(ScalarInt(h.db(), "SELECT count(*) FROM update_log") == log_before);
  CHECK(fb.Ok({{"action", "list"}, {"workspace", "other"}})["items"].size() == 1);
}

TEST_CASE("every change writes an update_log row with before and after") {
  McpHarness h;
  const int64_t ws = testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller fb(h, "memory_feedback");
  auto plan = testing::AddPlan(h.db(), ws, "Plan");
  json item = Report(fb, "Slow", {{"workspace", "shop"}, {"agent", "scout"}});
  const json base = {{"workspace", "shop"}, {"feedback", item["id"]}, {"agent", "fixer"}};
  auto call = [&](json args) {
    args.update(base);
    fb.Ok(args);
  };
  call({{"action", "triage"}, {"severity", "low"}});
  call({{"action", "update"}, {"title", "Very slow"}});
  call({{"action", "link_plan"}, {"plan", plan.code}});
  auto q = h.db().Prepare(
      "SELECT action, agent, before_json, after_json FROM update_log "
      "WHERE entity_kind = 'feedback' AND entity_id = ? ORDER BY id");
  q.Bind(1, item["id"].get<int64_t>());
  std::vector<std::string> actions;
  std::vector<json> befores, afters;
  while (q.Step()) {
    actions.push_back(q.Text(0));
    CHECK(q.Text(1) == (actions.size() == 1 ? "scout" : "fixer"));
    befores.push_back(q.IsNull(2) ? json(nullptr) : json::parse(q.Text(2)));
    afters.push_back(json::parse(q.Text(3)));
  }
  CHECK(actions == std::vector<std::string>{"create", "update", "update", "update"});
  REQUIRE(afters.size() == 4);
  CHECK(befores[0].is_null());
  CHECK(befores[1]["status"] == "new");
  CHECK(afters[1]["status"] == "triaged");
  CHECK(befores[2]["title"] == "Slow");
  CHECK(afters[2]["title"] == "Very slow");
  CHECK(befores[3]["plan_id"].is_null());
  CHECK(afters[3]["plan_id"] == plan.id);
}

TEST_CASE("list filters by kind, status and severity and pages with next_cursor") {
  McpHarness h;
  testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller fb(h, "memory_feedback");
  const char* kinds[] = {"bug", "idea", "question", "bug", "bug"};
  const char* severities[] = {"high", "low", "low", "high", "critical"};
  for (int i = 0; i < 5; ++i) {
    fb.Ok({{"action", "report"},
           {"workspace", "shop"},
           {"kind", kinds[i]},
           {"title", "item " + std::to_string(i)},
           {"severity", severities[i]}});
  }
  fb.Ok({{"action", "triage"}, {"workspace", "shop"}, {"feedback", "FB4"}});
  struct Case {
    json filter;
    std::vector<std::string> codes;
  };
  const Case cases[] = {
      {{{"kind", "bug"}}, {"FB1", "FB4", "FB5"}},
      {{{"severity", "low"}}, {"FB2", "FB3"}},
      {{{"kind", "bug"}, {"severity", "high"}}, {"FB1", "FB4"}},
      {{{"status", "triaged"}}, {"FB4"}},
      {{{"status", "resolved"}}, {}},
  };
  for (const auto& c : cases) {
    json args = {{"action", "list"}, {"workspace", "shop"}};
    args.update(c.filter);
    CAPTURE(args.dump());
    json page = fb.Ok(args);
    std::vector<std::string> codes;
    for (const auto& item : page["items"]) codes.push_back(item["code"]);
    CHECK(codes == c.codes);
  }
  std::vector<std::string> seen;
  json cursor = nullptr;
  do {
    json args = {{"action", "list"}, {"workspace", "shop"}, {"limit", 2}};
    if (!cursor.is_null()) args["cursor"] = cursor;
    json page = fb.Ok(args);
    for (const auto& item : page["items"]) seen.push_back(item["code"]);
    cursor = page["next_cursor"];
  } while (!cursor.is_null());
  CHECK(seen == std::vector<std::string>{"FB1", "FB2", "FB3", "FB4", "FB5"});
  CHECK(Has(fb.Text({{"action", "list"}, {"workspace", "shop"}, {"status", "wont_fix"}}),
            "No feedback matches"));
}

TEST_CASE("mistakes an agent can fix") {
  McpHarness h;
  testing::RegisterWorkspace(h, "shop");
  testing::ToolCaller fb(h, "memory_feedback");
  Report(fb, "x", {{"workspace", "shop"}});
  struct Case {
    const char* name;
    json args;
    const char* fragment;
  };
  const Case cases[] = {
      {"kind outside the enum",
       {{"action", "report"}, {"kind", "bugg"}, {"title", "t"}},
       "did you mean \"bug\""},
      {"missing title", {{"action", "report"}, {"kind", "bug"}}, "\"title\""},
      {"blank title",
       {{"action", "report"}, {"kind", "bug"}, {"title", " "}},
       "title must not be empty"},
      {"unknown item",
       {{"action", "get"}, {"feedback", "FB9"}},
       "no feedback FB9 in workspace shop"},
      {"unknown plan",
       {{"action", "link_plan"}, {"feedback", "FB1"}, {"plan", "P7"}},
       "no plan P7"},
      {"nothing to update", {{"action", "update"}, {"feedback", "FB1"}}, "nothing to update"},
      {"status typo",
       {{"action", "update"}, {"feedback", "FB1"}, {"status", "resolvd"}},
       "did you mean \"resolved\""},
      {"bad cursor", {{"action", "list"}, {"cursor", "x"}}, "cursor"},
      {"limit bound", {{"action", "list"}, {"limit", 501}}, "at most 500"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    json args = c.args;
    args["workspace"] = "shop";
    CHECK(Has(fb.Err(args), c.fragment));
  }
  CHECK(Has(fb.Err({{"action", "get"}, {"feedback", "FB1"}}), "no workspace given"));
}

TEST_CASE("describe returns memory_feedback's help") {
  McpHarness h;
  testing::ToolCaller fb(h, "memory_feedback");
  CHECK(fb.Ok({{"action", "describe"}})["help"]["actions"].size() == 7);
  json triage = fb.Ok({{"action", "describe"}, {"about", "triage"}})["help"];
  CHECK(triage["params"].size() == 5);
  CHECK(triage["example"]["arguments"]["action"] == "triage");
}

}  // namespace pm::tools
