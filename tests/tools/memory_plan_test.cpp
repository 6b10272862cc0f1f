// memory_plan through tools/call, as an agent uses it.
#include <doctest/doctest.h>

#include "test_support.h"

namespace pm::tools {

using nlohmann::json;
using testing::McpHarness;
using testing::ResultText;

namespace {

struct PlanHarness : McpHarness {
  PlanHarness() {
    Call("memory_workspace", {{"action", "register"}, {"path", "/ws/alpha"}});
    Call("memory_workspace", {{"action", "register"}, {"path", "/ws/beta"}});
  }
  json Call(const std::string& tool, json args) {
    json r = CallTool(tool, args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == false);
    return r["structuredContent"];
  }
  json Plan(json args, const std::string& ws = "alpha") {
    args["workspace"] = ws;
    return Call("memory_plan", args);
  }
  std::string PlanErr(json args, const std::string& ws = "alpha") {
    args["workspace"] = ws;
    json r = CallTool("memory_plan", args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == true);
    return ResultText(r);
  }
  int64_t Count(const std::string& sql) { return db().QueryInt(sql); }
};

}  // namespace

TEST_CASE("create a plan with phases and criteria, then get it nested") {
  PlanHarness h;
  json created = h.Plan({{"action", "create"},
                         {"title", "Login page"},
                         {"category", "feature"},
                         {"priority", "high"},
                         {"tags", {"auth", "ui"}},
                         {"non_goals", {"SSO"}},
                         {"stop_conditions", {"API missing"}},
                         {"estimate_hours", 3},
                         {"era", "v2"},
                         {"phases", {"Design", "Build"}},
                         {"requirements", {"Users can log in", "Errors are shown"}}});
  CHECK(created["plan"]["code"] == "P1");
  CHECK(created["plan"]["status"] == "draft");
  CHECK(created["plan"]["tags"] == json({"auth", "ui"}));
  CHECK(created["plan"]["non_goals"] == json({"SSO"}));
  REQUIRE(created["phases"].size() == 2);
  CHECK(created["phases"][1]["name"] == "Build");
  CHECK(created["phases"][1]["order_index"] == 1);
  REQUIRE(created["requirements"].size() == 2);
  CHECK(created["requirements"][0]["code"] == "R1");
  CHECK(created["requirements"][1]["met"] == false);

  json got = h.Plan({{"action", "get"}, {"plan", "p1"}});  // codes are case-insensitive
  CHECK(got["plan"]["id"] == created["plan"]["id"]);
  CHECK(got["plan"]["progress"]["total"] == 0);
  CHECK(h.Plan({{"action", "get"}, {"plan", created["plan"]["id"]}})["plan"]["code"] == "P1");
}

TEST_CASE("templates create phases, steps with codes, and criteria") {
  PlanHarness h;
  json templates = h.Call("memory_plan", {{"action", "templates"}})["templates"];
  CHECK(templates.size() == 5);
  json plan =
      h.Plan({{"action", "create_from_template"}, {"template", "bugfix"}, {"title", "Crash"}});
  CHECK(plan["plan"]["category"] == "bugfix");
  REQUIRE(plan["phases"].size() == 3);
  CHECK(plan["phases"][0]["steps"][0]["code"] == "T1");
  CHECK(plan["phases"][0]["steps"][0]["status"] == "pending");
  CHECK(plan["plan"]["progress"]["total"] == 5);
  CHECK(plan["requirements"].size() == 2);
}

TEST_CASE("status changes follow the transition table") {
  PlanHarness h;
  h.Plan({{"action", "create"}, {"title", "A"}});
  std::string error = h.PlanErr({{"action", "update"}, {"plan", "P1"}, {"status", "completed"}});
  CHECK(error.find("cannot go from draft to completed") != std::string::npos);
  CHECK(error.find("planned, active, cancelled") != std::string::npos);
  h.Plan({{"action", "update"}, {"plan", "P1"}, {"status", "active"}});
  json done = h.Plan({{"action", "update"}, {"plan", "P1"}, {"status", "completed"}});
  CHECK(done["plan"]["completed_at"].is_string());
  json reopened = h.Plan({{"action", "update"}, {"plan", "P1"}, {"status", "active"}});
  CHECK(reopened["plan"]["completed_at"].is_null());
  CHECK(h.PlanErr({{"action", "create"}, {"title", "B"}, {"status", "completed"}})
            .find("starts as draft, planned or active") != std::string::npos);
  CHECK(h.PlanErr({{"action", "update"}, {"plan", "P1"}}).find("nothing to update") !=
        std::string::npos);
}

TEST_CASE("list filters, sorts and pages") {
  PlanHarness h;
  h.Plan({{"action", "create"}, {"title", "Low"}, {"priority", "low"}, {"tags", {"x"}}});
  h.Plan(
      {{"action", "create"}, {"title", "Crit"}, {"priority", "critical"}, {"category", "bugfix"}});
  h.Plan({{"action", "create"}, {"title", "Mid"}, {"status", "active"}});
  h.Plan({{"action", "create"}, {"title", "Other ws"}}, "beta");

  json all = h.Plan({{"action", "list"}});
  REQUIRE(all["plans"].size() == 3);  // beta's plan is not listed
  CHECK(all["plans"][0]["title"] == "Crit");
  CHECK(all["plans"][2]["title"] == "Low");
  CHECK(h.Plan({{"action", "list"}, {"status", "active"}})["plans"].size() == 1);
  CHECK(h.Plan({{"action", "list"}, {"category", "bugfix"}})["plans"][0]["title"] == "Crit");
  CHECK(h.Plan({{"action", "list"}, {"tag", "x"}})["plans"][0]["title"] == "Low");
  CHECK(h.Plan({{"action", "list"}, {"sort", "title"}})["plans"][0]["title"] == "Crit");

  json page1 = h.Plan({{"action", "list"}, {"limit", 2}});
  REQUIRE(page1["plans"].size() == 2);
  REQUIRE(page1["next_cursor"].is_string());
  json page2 = h.Plan({{"action", "list"}, {"limit", 2}, {"cursor", page1["next_cursor"]}});
  CHECK(page2["plans"].size() == 1);
  CHECK(page2["next_cursor"].is_null());
}

TEST_CASE("plans of another workspace are never found or changed") {
  PlanHarness h;
  h.Plan({{"action", "create"}, {"title", "Alpha plan"}});
  CHECK(
      h.PlanErr({{"action", "get"}, {"plan", "P1"}}, "beta").find("no plan P1 in workspace beta") !=
      std::string::npos);
  h.PlanErr({{"action", "update"}, {"plan", 1}, {"title", "hijack"}}, "beta");
  h.PlanErr({{"action", "delete"}, {"plan", "P1"}, {"confirm", true}}, "beta");
  h.PlanErr({{"action", "archive"}, {"plan", "P1"}}, "beta");
  CHECK(h.Plan({{"action", "get"}, {"plan", "P1"}})["plan"]["title"] == "Alpha plan");
  // Codes are per workspace: beta's first plan is P1 too.
  CHECK(h.Plan({{"action", "create"}, {"title", "Beta plan"}}, "beta")["plan"]["code"] == "P1");
}

TEST_CASE("delete refuses while steps exist unless confirmed, then cascades") {
  PlanHarness h;
  h.Plan({{"action", "create_from_template"}, {"template", "analysis"}, {"title", "Q"}});
  CHECK(h.PlanErr({{"action", "delete"}, {"plan", "P1"}}).find("confirm=true") !=
        std::string::npos);
  CHECK(h.Count("SELECT count(*) FROM steps") == 4);
  h.Plan({{"action", "delete"}, {"plan", "P1"}, {"confirm", true}});
  CHECK(h.Count("SELECT count(*) FROM plans") == 0);
  CHECK(h.Count("SELECT count(*) FROM steps") == 0);
  CHECK(h.Count("SELECT count(*) FROM phases") == 0);
  CHECK(h.Count("SELECT count(*) FROM requirements") == 0);
}

TEST_CASE("archive and restore round trip keeps every row and id") {
  PlanHarness h;
  json plan = h.Plan({{"action", "create_from_template"}, {"template", "feature"}, {"title", "F"}});
  h.Plan({{"action", "add_note"}, {"plan", "P1"}, {"text", "careful"}, {"kind", "warning"}});
  h.Plan({{"action", "link_git"}, {"plan", "P1"}, {"kind", "branch"}, {"ref", "feature/P1-f"}});
  const int64_t plan_id = plan["plan"]["id"];
  h.db().ExecScript(
      "INSERT INTO feedback (workspace_id, code, kind, title, plan_id) "
      "SELECT workspace_id, 'FB1', 'bug', 'linked', id FROM plans WHERE id = " +
      std::to_string(plan_id));
  const std::string snapshot_sql = "SELECT id, code, task FROM steps ORDER BY id";
  const std::string steps_before = testing::RowsText(h.db(), snapshot_sql);

  json archived = h.Plan({{"action", "archive"}, {"plan", "P1"}});
  CHECK(archived["archive"]["rows"]["steps"] == 6);
  CHECK(archived["archive"]["rows"]["plan_notes"] == 1);
  CHECK(h.Count("SELECT count(*) FROM steps") == 0);
  CHECK(h.Count("SELECT count(*) FROM plans") == 0);
  CHECK(h.Count("SELECT count(*) FROM feedback WHERE plan_id IS NULL") == 1);
  CHECK(h.Plan({{"action", "list"}})["plans"].empty());
  json with_archived = h.Plan({{"action", "list"}, {"include_archived", true}});
  REQUIRE(with_archived["plans"].size() == 1);
  CHECK(with_archived["plans"][0]["archived"] == true);
  json read = h.Plan({{"action", "get"}, {"plan", "P1"}});  // archived plans stay readable
  CHECK(read["plan"]["archived"] == true);
  CHECK(read["phases"].size() == 3);
  CHECK(read["phases"][0]["steps"].size() == 2);
  h.PlanErr({{"action", "update"}, {"plan", "P1"}, {"title", "x"}});  // but not writable

  json restored = h.Plan({{"action", "restore"}, {"plan", "P1"}});
  CHECK(restored["plan"]["id"] == plan_id);
  CHECK(restored["plan"]["archived"] == false);
  CHECK(restored["notes"].size() == 1);
  CHECK(restored["git_links"].size() == 1);
  CHECK(testing::RowsText(h.db(), snapshot_sql) == steps_before);
  CHECK(h.Count("SELECT count(*) FROM feedback WHERE plan_id = " + std::to_string(plan_id)) == 1);
  CHECK(h.Count("SELECT count(*) FROM plan_archives") == 0);
  CHECK(h.Count("SELECT count(*) FROM archived_rows") == 0);
  // No row points at a missing one. (PostgreSQL checks every foreign key by
  // itself, at the latest when the restore commits.)
  if (!testing::OnPostgres(h.db())) {
    auto fk = h.db().Prepare("PRAGMA foreign_key_check");
    CHECK_FALSE(fk.Step());
  }
  h.PlanErr({{"action", "restore"}, {"plan", "P1"}});  // not archived any more
}

TEST_CASE("clone copies structure with fresh codes, pending steps and unmet criteria") {
  PlanHarness h;
  h.Plan({{"action", "create_from_template"}, {"template", "refactor"}, {"title", "R"}});
  h.db().ExecScript("UPDATE steps SET status = 'in_progress'");
  h.db().ExecScript("UPDATE requirements SET met = TRUE");
  json copy = h.Plan({{"action", "clone"}, {"plan", "P1"}});
  CHECK(copy["plan"]["code"] == "P2");
  CHECK(copy["plan"]["title"] == "R (copy)");
  CHECK(copy["plan"]["progress"]["pending"] == 4);
  CHECK(copy["phases"][0]["steps"][0]["code"] == "T5");
  CHECK(copy["requirements"][0]["met"] == false);
}

TEST_CASE("notes and acceptance criteria") {
  PlanHarness h;
  h.Plan({{"action", "create"}, {"title", "A"}});
  json note = h.Plan(
      {{"action", "add_note"}, {"plan", "P1"}, {"text", "Use API v2"}, {"kind", "instruction"}});
  CHECK(note["note"]["kind"] == "instruction");
  h.Plan({{"action", "add_requirement"}, {"plan", "P1"}, {"text", "one"}});
  h.Plan({{"action", "add_requirement"}, {"plan", "P1"}, {"text", "two"}});
  json met = h.Plan({{"action", "update_requirement"},
                     {"requirement", "R2"},
                     {"met", true},
                     {"verification", "unit test"}});
  CHECK(met["requirement"]["met"] == true);
  CHECK(met["requirement"]["met_at"].is_string());
  CHECK(met["requirement"]["verification"] == "unit test");
  h.Plan({{"action", "delete_requirement"}, {"requirement", "R1"}});
  json view = h.Plan({{"action", "get"}, {"plan", "P1"}});
  REQUIRE(view["requirements"].size() == 1);
  CHECK(view["requirements"][0]["code"] == "R2");
  CHECK(view["requirements"][0]["order_index"] == 0);
  CHECK(view["notes"].size() == 1);
  h.PlanErr({{"action", "update_requirement"}, {"requirement", "R2"}}, "beta");
}

TEST_CASE("phases: add at an index, rename, reorder, delete moving or deleting steps") {
  PlanHarness h;
  json plan = h.Plan({{"action", "create_from_template"}, {"template", "bugfix"}, {"title", "B"}});
  const int64_t reproduce = plan["phases"][0]["id"], fix = plan["phases"][1]["id"],
                verify = plan["phases"][2]["id"];
  json added = h.Plan({{"action", "add_phase"}, {"plan", "P1"}, {"name", "Triage"}, {"index", 0}});
  const int64_t triage = added["phase"]["id"];
  json view = h.Plan({{"action", "get"}, {"plan", "P1"}});
  CHECK(view["phases"][0]["name"] == "Triage");
  CHECK(view["phases"][1]["order_index"] == 1);
  h.Plan({{"action", "rename_phase"}, {"phase", triage}, {"name", "Intake"}});
  h.Plan(
      {{"action", "reorder_phases"}, {"plan", "P1"}, {"order", {verify, fix, reproduce, triage}}});
  view = h.Plan({{"action", "get"}, {"plan", "P1"}});
  CHECK(view["phases"][0]["name"] == "Verify");
  CHECK(view["phases"][3]["name"] == "Intake");
  CHECK(h.PlanErr({{"action", "reorder_phases"}, {"plan", "P1"}, {"order", {verify, fix}}})
            .find("exactly once") != std::string::npos);

  CHECK(h.PlanErr({{"action", "delete_phase"}, {"phase", fix}}).find("move_to") !=
        std::string::npos);
  json moved = h.Plan({{"action", "delete_phase"}, {"phase", fix}, {"move_to", verify}});
  CHECK(moved["phase"]["steps_moved"] == 2);
  view = h.Plan({{"action", "get"}, {"plan", "P1"}});
  REQUIRE(view["phases"].size() == 3);
  CHECK(view["phases"][0]["steps"].size() == 3);
  CHECK(view["phases"][0]["steps"][2]["order_index"] == 2);
  h.Plan({{"action", "delete_phase"}, {"phase", reproduce}, {"confirm", true}});
  CHECK(h.Count("SELECT count(*) FROM steps") == 3);
  h.PlanErr({{"action", "rename_phase"}, {"phase", verify}, {"name", "x"}}, "beta");
}

TEST_CASE("git links: attach branches and commits, find plans and steps by them") {
  PlanHarness h;
  h.Plan({{"action", "create_from_template"}, {"template", "bugfix"}, {"title", "B"}});
  h.Plan({{"action", "link_git"},
          {"step", "T2"},
          {"kind", "commit"},
          {"ref", "a1b2c3d4e5f60718"},
          {"message", "Fix parser"}});
  h.Plan({{"action", "link_git"}, {"plan", "P1"}, {"kind", "branch"}, {"ref", "bugfix/crash"}});
  json view = h.Plan({{"action", "get"}, {"plan", "P1"}});
  CHECK(view["git_links"].size() == 2);

  json by_sha = h.Plan({{"action", "find"}, {"ref", "a1b2c3d"}})["matches"];
  REQUIRE(by_sha.size() == 2);
  CHECK(by_sha[0]["kind"] == "step");
  CHECK(by_sha[0]["code"] == "T2");
  CHECK(h.Plan({{"action", "find"}, {"ref", "bugfix/crash"}})["matches"][0]["code"] == "P1");
  // A branch named after a code finds it without any link.
  json by_code = h.Plan({{"action", "find"}, {"ref", "feature/P1-login"}})["matches"];
  REQUIRE(by_code.size() == 1);
  CHECK(by_code[0]["via"] == "code in name");
  CHECK(h.Plan({{"action", "find"}, {"ref", "fix/t3-typo"}})["matches"][0]["code"] == "T3");
  CHECK(h.Plan({{"action", "find"}, {"ref", "feature/P1-login"}}, "beta")["matches"].empty());
  CHECK(
      h.PlanErr({{"action", "link_git"}, {"kind", "branch"}, {"ref", "x"}}).find("plan or step") !=
      std::string::npos);
}

TEST_CASE("history lists changes of a plan and what is in it, newest first, paged") {
  PlanHarness h;
  h.Plan({{"action", "create"}, {"title", "A"}, {"agent", "planner"}});
  h.Plan({{"action", "update"}, {"plan", "P1"}, {"title", "A2"}});
  h.Plan({{"action", "add_phase"}, {"plan", "P1"}, {"name", "One"}});
  h.Plan({{"action", "add_requirement"}, {"plan", "P1"}, {"text", "r"}});
  json page = h.Plan({{"action", "history"}, {"plan", "P1"}, {"limit", 3}});
  REQUIRE(page["history"].size() == 3);
  CHECK(page["history"][0]["entity_kind"] == "requirement");
  CHECK(page["history"][1]["entity_kind"] == "phase");
  CHECK(page["history"][2]["action"] == "update");
  CHECK(page["history"][2]["before_json"]["title"] == "A");
  CHECK(page["history"][2]["after_json"]["title"] == "A2");
  json rest = h.Plan(
      {{"action", "history"}, {"plan", "P1"}, {"limit", 3}, {"cursor", page["next_cursor"]}});
  REQUIRE(rest["history"].size() == 1);
  CHECK(rest["history"][0]["action"] == "create");
  CHECK(rest["history"][0]["agent"] == "planner");
}

TEST_CASE("the database itself enforces plan constraints") {
  PlanHarness h;
  h.Plan({{"action", "create"}, {"title", "A"}});
  struct Case {
    const char* name;
    const char* sql;
  };
  const Case cases[] = {
      {"invalid status", "UPDATE plans SET status = 'done'"},
      {"invalid category", "UPDATE plans SET category = 'misc'"},
      {"tags not an array", "UPDATE plans SET tags = '{}'"},
      {"negative estimate", "UPDATE plans SET estimate_hours = -1"},
      {"duplicate code",
       "INSERT INTO plans (workspace_id, code, title) SELECT workspace_id, code, 'x' FROM plans"},
      {"phase of a missing plan",
       "INSERT INTO phases (plan_id, name, order_index) VALUES (999, 'x', 0)"},
      {"invalid step status",
       "INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task, status) "
       "VALUES (1, 1, 1, 'T9', 0, 't', 'done')"},
      {"completed step without a time",
       "INSERT INTO phases (plan_id, name, order_index) VALUES (1, 'p', 0); "
       "INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task, status) "
       "VALUES (1, 1, (SELECT max(id) FROM phases), 'T9', 0, 't', 'completed')"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK_THROWS(h.db().Write([&] { h.db().ExecScript(c.sql); }));  // and rolled back
  }
  CHECK(h.Plan({{"action", "get"}, {"plan", "P1"}})["plan"]["status"] == "draft");
}

}  // namespace pm::tools
