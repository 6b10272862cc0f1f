// memory_workspace track_* actions through tools/call, following seed 000's
// testing steps: create, assign, delete, list with counts.
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

struct TrackWorld {
  testing::TempDir dir;
  McpHarness h{dir.path().string()};
  testing::ToolCaller ws{h, "memory_workspace"};
  int64_t id = 0;

  TrackWorld() {
    id = ws.Ok({{"action", "register"}, {"path", dir.path().string()}})["workspace"]["id"];
  }
};

}  // namespace

TEST_CASE("seed 000 step 1: a created track is stored") {
  TrackWorld w;
  json track = w.ws.Ok({{"action", "track_create"},
                        {"name", "Economy"},
                        {"description", "Money"},
                        {"goal", "Agents earn their keep"},
                        {"color", "#3B82F6"},
                        {"icon", "dollar"},
                        {"sort_order", 2},
                        {"agent", "planner"}})["track"];
  CHECK(track["name"] == "Economy");
  CHECK(track["workspace_id"] == w.id);
  auto q = w.h.db().Prepare("SELECT name, description, goal, color, icon, sort_order FROM tracks");
  REQUIRE(q.Step());
  CHECK(q.Text(0) == "Economy");
  CHECK(q.Text(1) == "Money");
  CHECK(q.Text(2) == "Agents earn their keep");
  CHECK(q.Text(3) == "#3B82F6");
  CHECK(q.Text(4) == "dollar");
  CHECK(q.Int(5) == 2);
  CHECK(ScalarInt(w.h.db(),
                  "SELECT count(*) FROM update_log WHERE entity_kind = 'track' AND "
                  "action = 'create' AND agent = 'planner'") == 1);
  CHECK(w.ws.Ok({{"action", "track_get"}, {"track", track["id"]}})["track"]["goal"] ==
        "Agents earn their keep");
}

TEST_CASE("seed 000 step 2: a plan assigned to a track shows the track, and the track its plan") {
  TrackWorld w;
  w.ws.Ok({{"action", "track_create"}, {"name", "Runner reliability"}, {"color", "#10B981"}});
  auto plan = testing::AddPlan(w.h.db(), w.id, "Worktree isolation");
  json assigned = w.ws.Ok(
      {{"action", "track_assign"}, {"plan", plan.code}, {"track", "Runner reliability"}})["plan"];
  CHECK(assigned["code"] == plan.code);
  CHECK(assigned["track"]["name"] == "Runner reliability");
  CHECK(assigned["track"]["color"] == "#10B981");
  CHECK(Has(
      w.ws.Text({{"action", "track_assign"}, {"plan", plan.id}, {"track", "Runner reliability"}}),
      "is on track Runner reliability"));

  json got = w.ws.Ok({{"action", "track_get"}, {"track", "Runner reliability"}});
  REQUIRE(got["plans"].size() == 1);
  CHECK(got["plans"][0]["code"] == plan.code);
  CHECK(got["plans"][0]["title"] == "Worktree isolation");
  CHECK(got["plans"][0]["status"] == "draft");
  CHECK(got["track"]["plan_count"] == 1);

  json off = w.ws.Ok({{"action", "track_assign"}, {"plan", plan.code}})["plan"];
  CHECK(off["track"].is_null());
  CHECK(w.ws.Ok({{"action", "track_get"}, {"track", "Runner reliability"}})["plans"].empty());
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM update_log WHERE entity_kind = 'plan'") == 3);
}

TEST_CASE("seed 000 step 3: deleting a track sets its plans' track to null") {
  TrackWorld w;
  json track = w.ws.Ok({{"action", "track_create"}, {"name", "Viz"}})["track"];
  auto a = testing::AddPlan(w.h.db(), w.id, "Canvas");
  auto b = testing::AddPlan(w.h.db(), w.id, "Charts");
  for (const auto& plan : {a, b}) {
    w.ws.Ok({{"action", "track_assign"}, {"plan", plan.code}, {"track", "Viz"}});
  }
  json deleted = w.ws.Ok({{"action", "track_delete"}, {"track", "Viz"}});
  CHECK(deleted["deleted"] == true);
  CHECK(deleted["track"]["unassigned_plans"] == json::array({a.id, b.id}));
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM plans WHERE track_id IS NULL") == 2);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM plans") == 2);  // the plans stay
  CHECK(Has(w.ws.Err({{"action", "track_get"}, {"track", track["id"]}}), "no track"));
}

TEST_CASE("seed 000 step 4: list tracks with plan, done and ready counts") {
  TrackWorld w;
  w.ws.Ok({{"action", "track_create"}, {"name", "Economy"}, {"sort_order", 1}});
  w.ws.Ok({{"action", "track_create"}, {"name", "Alpha"}, {"sort_order", 1}});
  w.ws.Ok({{"action", "track_create"}, {"name", "Zeta"}});
  struct PlanSpec {
    const char* title;
    const char* track;
    const char* kind;  // ready, done, draft
  };
  const PlanSpec plans[] = {{"Cost tracking", "Economy", "done"},
                            {"Budgets", "Economy", "ready"},
                            {"Earning", "Economy", "draft"},
                            {"Enforcement", "Economy", "ready"},
                            {"First", "Alpha", "ready"}};
  for (const auto& p : plans) {
    std::string kind = p.kind;
    auto plan = kind == "ready" ? testing::AddReadyPlan(w.h.db(), w.id, p.title)
                                : testing::AddPlan(w.h.db(), w.id, p.title,
                                                   kind == "done" ? "completed" : "draft");
    w.ws.Ok({{"action", "track_assign"}, {"plan", plan.code}, {"track", p.track}});
  }
  // A ready plan whose step an agent took is no longer ready.
  w.h.db().ExecScript(
      "UPDATE steps SET status = 'in_progress' WHERE plan_id = "
      "(SELECT id FROM plans WHERE title = 'Enforcement')");
  json tracks = w.ws.Ok({{"action", "track_list"}})["tracks"];
  struct Expected {
    const char* name;
    int plans, done, ready;
  };
  const Expected expected[] = {{"Zeta", 0, 0, 0}, {"Alpha", 1, 0, 1}, {"Economy", 4, 1, 1}};
  REQUIRE(tracks.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(expected[i].name);
    CHECK(tracks[i]["name"] == expected[i].name);
    CHECK(tracks[i]["plan_count"] == expected[i].plans);
    CHECK(tracks[i]["done_count"] == expected[i].done);
    CHECK(tracks[i]["ready_count"] == expected[i].ready);
  }
  CHECK(Has(w.ws.Text({{"action", "track_list"}}), "Economy (#1): 4 plans, 1 done, 1 ready"));
}

TEST_CASE("track_update changes only what it is given") {
  TrackWorld w;
  w.ws.Ok({{"action", "track_create"}, {"name", "Economy"}, {"goal", "Earn"}});
  json updated = w.ws.Ok({{"action", "track_update"},
                          {"track", "Economy"},
                          {"name", "Money"},
                          {"color", "#ffffff"}})["track"];
  CHECK(updated["name"] == "Money");
  CHECK(updated["color"] == "#ffffff");
  CHECK(updated["goal"] == "Earn");
  CHECK(w.ws.Ok({{"action", "track_get"}, {"track", "Money"}})["track"]["id"] == updated["id"]);
}

TEST_CASE("tracks and plans of another workspace are never found or changed") {
  TrackWorld w;
  const int64_t other = testing::RegisterWorkspace(w.h, "other");
  json theirs =
      w.ws.Ok({{"action", "track_create"}, {"workspace", "other"}, {"name", "Theirs"}})["track"];
  auto their_plan = testing::AddPlan(w.h.db(), other, "Their plan");
  w.ws.Ok({{"action", "track_create"}, {"name", "Mine"}});
  auto my_plan = testing::AddPlan(w.h.db(), w.id, "My plan");
  const int64_t log_before = ScalarInt(w.h.db(), "SELECT count(*) FROM update_log");
  const json calls[] = {
      {{"action", "track_get"}, {"track", theirs["id"]}},
      {{"action", "track_get"}, {"track", "Theirs"}},
      {{"action", "track_update"}, {"track", theirs["id"]}, {"name", "Stolen"}},
      {{"action", "track_delete"}, {"track", theirs["id"]}},
      {{"action", "track_assign"}, {"plan", my_plan.code}, {"track", theirs["id"]}},
      {{"action", "track_assign"}, {"plan", their_plan.id}, {"track", "Mine"}},
  };
  for (const auto& args : calls) {
    CAPTURE(args.dump());
    CHECK(Has(w.ws.Err(args), "in workspace"));
  }
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM update_log") == log_before);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM tracks WHERE name = 'Theirs'") == 1);
  CHECK(ScalarInt(w.h.db(), "SELECT count(*) FROM plans WHERE track_id IS NOT NULL") == 0);
  CHECK(w.ws.Ok({{"action", "track_list"}})["tracks"].size() == 1);
}

TEST_CASE("track mistakes an agent can fix") {
  TrackWorld w;
  w.ws.Ok({{"action", "track_create"}, {"name", "Economy"}});
  struct Case {
    const char* name;
    json args;
    const char* fragment;
  };
  const Case cases[] = {
      {"name taken", {{"action", "track_create"}, {"name", "Economy"}}, "already exists"},
      {"blank name", {{"action", "track_create"}, {"name", " "}}, "name must not be empty"},
      {"digits", {{"action", "track_create"}, {"name", "7"}}, "cannot be all digits"},
      {"bad color", {{"action", "track_create"}, {"name", "X"}, {"color", "blue"}}, "#3B82F6"},
      {"unknown track lists known ones",
       {{"action", "track_get"}, {"track", "Econ"}},
       "Tracks: Economy."},
      {"nothing to update",
       {{"action", "track_update"}, {"track", "Economy"}},
       "nothing to update"},
      {"unknown plan",
       {{"action", "track_assign"}, {"plan", "P9"}, {"track", "Economy"}},
       "no plan P9"},
      {"sort_order type",
       {{"action", "track_create"}, {"name", "Y"}, {"sort_order", "first"}},
       "must be an integer"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(Has(w.ws.Err(c.args), c.fragment));
  }
}

}  // namespace pm::tools
