// Readiness, ordering, claims, leases and status changes of the Scheduler.
#include "store/scheduler.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <regex>

#include "common/user_error.h"
#include "scheduling_fixture.h"
#include "store/dialect.h"
#include "store/plan_archive.h"
#include "test_support.h"

namespace pm::store {

using testing::WorkFixture;

namespace {

StatusChange To(const std::string& status, bool force = false) {
  StatusChange c;
  c.status = status;
  c.force = force;
  return c;
}

TaskFilter In(WorkFixture& f) {
  TaskFilter filter;
  filter.workspace_id = f.ws;
  return filter;
}

std::string Reasons(WorkFixture& f, const std::string& code) {
  for (const auto& w : Scheduler(f.db).Waiting(In(f), 1000)) {
    if (w.step == code) return w.reason;
  }
  return "ready";
}

}  // namespace

TEST_CASE("readiness rules, one by one, agree with the ready_steps view") {
  WorkFixture f;
  // P1: Design [T1 T2] | Build [T3]    P2: Only [T4 T5]    P3: Solo [T6]
  f.Plan({{"Design", {"d1", "d2"}}, {"Build", {"b1"}}});
  f.Plan({{"Only", {"o1", "o2"}}});
  f.Plan({{"Solo", {"s1"}}});
  // Expected ready steps, in id order; the view must agree.
  auto check = [&](const std::string& expected) {
    CHECK(f.ReadyById() == expected);
    CHECK(f.ReadyByView() == expected);
  };
  SUBCASE("pending steps of the first phase of planned or active plans") {
    check("T1 T2 T4 T5 T6");
  }
  SUBCASE("plans that are not planned or active have nothing ready") {
    for (const char* status : {"draft", "paused", "blocked", "cancelled", "completed"}) {
      CAPTURE(status);
      f.SetPlanStatus("P2", status);
      check("T1 T2 T6");
      CHECK(Reasons(f, "T4") == std::string("waits on plan P2 (") + status + ")");
    }
    f.SetPlanStatus("P2", "planned");
    check("T1 T2 T4 T5 T6");
  }
  SUBCASE("a later phase waits until every earlier step is completed or cancelled") {
    CHECK(Reasons(f, "T3") == "waits on earlier phase P1/Design (2 open)");
    f.SetStatus("T1", "completed");
    check("T2 T4 T5 T6");
    f.SetStatus("T2", "in_progress");
    check("T4 T5 T6");
    f.SetStatus("T2", "cancelled");
    check("T3 T4 T5 T6");
  }
  SUBCASE("a blocking step dependency waits for that step to complete") {
    f.Depend("T4", "T6");
    check("T1 T2 T5 T6");
    CHECK(Reasons(f, "T4") == "waits on T6 (pending)");
    f.SetStatus("T6", "cancelled");  // cancelled is not completed
    check("T1 T2 T5");
    f.SetStatus("T6", "completed");
    check("T1 T2 T4 T5");
  }
  SUBCASE("informs edges never block") {
    f.Depend("T4", "T6", "informs");
    f.Depend("P2", "P1", "informs");
    check("T1 T2 T4 T5 T6");
  }
  SUBCASE("a phase dependency holds every step of the phase") {
    f.Depend("P2/Only", "T6");
    check("T1 T2 T6");
    CHECK(Reasons(f, "T5") == "waits on T6 (pending) via P2/Only");
    f.SetStatus("T6", "completed");
    check("T1 T2 T4 T5");
  }
  SUBCASE("a plan dependency holds every step of the plan until the target plan is completed") {
    f.Depend("P2", "P3");
    check("T1 T2 T6");
    f.SetStatus("T6", "completed");
    check("T1 T2");  // all of P3's steps are done, but P3 itself is not completed
    CHECK(Reasons(f, "T4") == "waits on P3 (active) via P2");
    f.SetPlanStatus("P3", "completed");
    check("T1 T2 T4 T5");
  }
  SUBCASE("a phase target is complete when its steps are completed or cancelled") {
    f.Depend("T6", "P1/Design");
    check("T1 T2 T4 T5");
    f.SetStatus("T1", "completed");
    f.SetStatus("T2", "cancelled");
    check("T3 T4 T5 T6");
  }
  SUBCASE("steps of an archived plan are never ready and their edges leave and come back with it") {
    f.Depend("T6", "T4");
    f.Depend("T4", "P1/Design");
    check("T1 T2 T5");
    json archived = PlanArchive(f.db).Archive(f.Item("P2").id, f.actor);
    CHECK(archived["rows"]["dependencies"] == 2);
    CHECK(f.Int("SELECT count(*) FROM dependencies") == 0);
    check("T1 T2 T6");
    json restored = PlanArchive(f.db).Restore(2, f.actor);
    CHECK(restored["rows"]["dependencies"] == 2);
    CHECK(f.Int("SELECT count(*) FROM dependencies") == 2);
    check("T1 T2 T5");
  }
  SUBCASE("an archived edge that would now close a cycle is dropped on restore") {
    f.Depend("T4", "T1");  // P2 waits on P1...
    f.Depend("T6", "T4");  // ...and P3 on P2
    PlanArchive(f.db).Archive(f.Item("P2").id, f.actor);
    f.Depend("T1", "T6");  // no cycle while P2 is away
    json restored = PlanArchive(f.db).Restore(2, f.actor);
    CHECK(restored["rows"]["dependencies"] == 1);
    CHECK(restored["dependencies_dropped"] == json::array({"T6 → T4"}));
    CHECK(f.Int("SELECT count(*) FROM dependencies") == 2);
  }
}

TEST_CASE("get_next_task order: plan priority, phase order, step order, then age") {
  WorkFixture f;
  f.Plan({{"A", {"low-a"}}}, "active", "low");                                   // P1: T1
  f.Plan({{"A", {"high-a1", "high-a2"}}, {"B", {"high-b"}}}, "active", "high");  // P2: T2 T3 | T4
  f.Plan({{"A", {"crit-a"}}}, "planned", "critical");                            // P3: T5
  f.Plan({{"A", {"high2-a1"}}}, "active", "high");                               // P4: T6
  CHECK(f.Ready() == "T5 T2 T6 T3 T1");
  Scheduler s(f.db);
  CHECK(ToJson(s.GetNextTask(In(f), false, 900, f.actor))["task"]["code"] == "T5");
  TaskFilter only_p2 = In(f);
  only_p2.plan_id = f.Item("P2").id;
  CHECK(f.Ready(only_p2) == "T2 T3");
  TaskFilter build = In(f);
  build.phase_id = f.Item("P2/B").id;
  CHECK(f.Ready(build) == "");  // B waits for A
  f.db.ExecScript("UPDATE steps SET type = 'test' WHERE code IN ('T3', 'T1')");
  TaskFilter tests = In(f);
  tests.type = "test";
  CHECK(f.Ready(tests) == "T3 T1");
  f.db.ExecScript(
      "INSERT INTO tracks (workspace_id, name) VALUES (" + std::to_string(f.ws) +
      ", 'Econ');"
      "UPDATE plans SET track_id = (SELECT max(id) FROM tracks) WHERE code IN ('P1', 'P4')");
  TaskFilter track = In(f);
  track.track_id = FindTrackId(f.db, f.ws, "econ");
  REQUIRE(track.track_id);
  CHECK(f.Ready(track) == "T6 T1");
  // Age breaks the remaining ties: P4's step is older than a same-position step added later.
  f.db.ExecScript("UPDATE steps SET created_at = '2020-01-01T00:00:00.000Z' WHERE code = 'T6'");
  CHECK(f.Ready() == "T5 T6 T2 T3 T1");
}

TEST_CASE("claiming moves the step to in_progress with holder, lease and a log row") {
  WorkFixture f;
  f.Plan({{"A", {"one", "two"}}});
  Scheduler s(f.db);
  Actor worker{"worker-1", "s-1"};
  json first = ToJson(s.GetNextTask(In(f), true, 600, worker));
  REQUIRE(first["claimed"] == true);
  const json& task = first["task"];
  CHECK(task["code"] == "T1");
  CHECK(task["status"] == "in_progress");
  CHECK(task["holder_agent"] == "worker-1");
  CHECK(task["holder_session"] == "s-1");
  CHECK(task["started_at"].is_string());
  CHECK(task["lease_expires_at"].get<std::string>() > task["claimed_at"].get<std::string>());
  CHECK(first["plan"]["code"] == "P1");
  CHECK(first["phase"]["name"] == "A");
  CHECK(f.Int("SELECT count(*) FROM update_log WHERE action = 'claim' AND entity_id = 1 AND " +
              JsonMember(f.db.engine(), "after_json", "holder_agent") + " = 'worker-1'") == 1);
  CHECK(ToJson(s.GetNextTask(In(f), true, 600, {"worker-2", ""}))["task"]["code"] == "T2");
  json none = ToJson(s.GetNextTask(In(f), true, 600, {"worker-3", ""}));
  CHECK(none["task"].is_null());
  CHECK(none["nothing_ready"]["reason"] == "all_claimed");
  CHECK(none["nothing_ready"]["message"].get<std::string>().find("2 in progress, claimed until") !=
        std::string::npos);
}

TEST_CASE("nothing ready says why: no steps, all done, waiting on named blockers") {
  WorkFixture f;
  Scheduler s(f.db);
  CHECK(ToJson(s.GetNextTask(In(f), true, 60, f.actor))["nothing_ready"]["reason"] == "no_steps");
  f.Plan({{"A", {"a"}}});
  f.Plan({{"B", {"b"}}}, "draft");
  f.Depend("T1", "T2");
  json waiting = ToJson(s.GetNextTask(In(f), true, 60, f.actor))["nothing_ready"];
  CHECK(waiting["reason"] == "waiting");
  CHECK(waiting["message"] ==
        "Nothing ready: 2 pending: T1 waits on T2 (pending); T2 waits on plan P2 (draft).");
  f.SetStatus("T1", "completed");
  f.SetStatus("T2", "cancelled");
  json done = ToJson(s.GetNextTask(In(f), false, 60, f.actor))["nothing_ready"];
  CHECK(done["reason"] == "all_done");
  CHECK(done["message"] == "Nothing ready: all done: 1 completed, 1 cancelled.");
}

TEST_CASE("an expired lease returns its step to pending inside the next claim") {
  WorkFixture f;
  f.Plan({{"A", {"only"}}});
  Scheduler s(f.db);
  ToJson(s.GetNextTask(In(f), true, 900, {"crashed", "old"}));
  CHECK(ToJson(s.GetNextTask(In(f), true, 900, {"fresh", ""}))["task"].is_null());
  f.db.ExecScript(
      "UPDATE steps SET lease_expires_at = '2000-01-01T00:00:00.000Z' WHERE code = 'T1'");
  json again = ToJson(s.GetNextTask(In(f), true, 900, {"fresh", "new"}));
  CHECK(again["expired_leases"] == json::array({"T1"}));
  REQUIRE(again["claimed"] == true);
  CHECK(again["task"]["holder_agent"] == "fresh");
  CHECK(f.Int("SELECT count(*) FROM update_log WHERE action = 'lease_expired' AND " +
              JsonMember(f.db.engine(), "before_json", "holder_agent") + " = 'crashed'") == 1);
  CHECK(f.Int("SELECT count(*) FROM update_log WHERE action = 'claim'") == 2);
}

TEST_CASE("update_task_status: transitions, holders, force and what became ready") {
  WorkFixture f;
  f.Plan({{"A", {"a1", "a2"}}, {"B", {"b1"}}});  // T1 T2 | T3
  f.Plan({{"C", {"c1"}}});                       // T4
  f.Depend("T4", "T1");
  Scheduler s(f.db);
  Actor alice{"alice", "a"}, bob{"bob", "b"};
  CHECK_THROWS_WITH_AS(
      ToJson(s.UpdateTaskStatus(1, To("completed"), alice)),
      "step T1 cannot go from pending to completed; allowed from pending: in_progress, "
      "blocked, cancelled",
      UserError);
  ToJson(s.GetNextTask(In(f), true, 900, alice));  // alice holds T1
  CHECK_THROWS_WITH_AS(ToJson(s.UpdateTaskStatus(1, To("completed"), bob)),
                       doctest::Contains("step T1 is held by alice (session a) until"), UserError);
  CHECK_THROWS_WITH_AS(
      ToJson(s.UpdateTaskStatus(3, To("in_progress"), bob)),
      "step T3 is not ready: waits on earlier phase P1/A (2 open); pass force=true to "
      "start it anyway",
      UserError);

  StatusChange done = To("completed");
  done.completion_notes = "shipped";
  json r = ToJson(s.UpdateTaskStatus(1, done, alice));
  CHECK(r["previous_status"] == "in_progress");
  CHECK(r["task"]["status"] == "completed");
  CHECK(r["task"]["completed_by"] == "alice");
  CHECK(r["task"]["completion_notes"] == "shipped");
  CHECK(r["task"]["holder_agent"].is_null());
  CHECK(r["task"]["lease_expires_at"].is_null());
  REQUIRE(r["became_ready"].size() == 1);
  CHECK(r["became_ready"][0]["code"] == "T4");  // T1 was its blocker
  CHECK(r["plan_open_steps"] == 2);

  ToJson(s.UpdateTaskStatus(2, To("in_progress"), bob));
  CHECK(f.Text("SELECT holder_agent FROM steps WHERE id = 2") == "bob");
  json forced = ToJson(s.UpdateTaskStatus(2, To("completed", true), alice));
  CHECK(forced["task"]["completed_by"] == "alice");
  REQUIRE(forced["became_ready"].size() == 1);
  CHECK(forced["became_ready"][0]["code"] == "T3");  // phase A is done

  StatusChange blocked = To("blocked");
  blocked.notes = "needs API key";
  CHECK(ToJson(s.UpdateTaskStatus(3, blocked, bob))["task"]["blocked_reason"] == "needs API key");
  CHECK(ToJson(s.UpdateTaskStatus(3, To("pending"), bob))["task"]["blocked_reason"].is_null());
  json reopened = ToJson(s.UpdateTaskStatus(1, To("pending"), alice));
  CHECK(reopened["task"]["completed_at"].is_null());
  CHECK(f.Int("SELECT count(*) FROM update_log WHERE action = 'status'") == 6);
}

TEST_CASE("markCurrentDoneAndGetNext names the leases that ran out on the way, as a claim does") {
  WorkFixture f;
  f.Plan({{"A", {"one", "two"}}});
  Scheduler s(f.db);
  const int64_t plan = f.Item("P1").id;
  ToJson(s.GetNextTask(In(f), true, 900, {"crashed", "old"}));  // T1, then gone
  f.db.ExecScript(
      "UPDATE steps SET lease_expires_at = '2000-01-01T00:00:00.000Z' WHERE code = 'T1'");
  json next = ToJson(s.Next(plan, std::nullopt, "", 900, {"fresh", ""}));
  CHECK(next["expired_leases"] == json::array({"T1"}));
  CHECK(next["task"]["code"] == "T1");
  CHECK(next["completed"].is_null());
  // Nothing ran out this time: no such member.
  CHECK_FALSE(
      ToJson(s.Next(plan, std::nullopt, "", 900, {"fresh", ""})).contains("expired_leases"));
}

TEST_CASE("next completes the caller's step and claims the following one in one transaction") {
  WorkFixture f;
  f.Plan({{"A", {"a1"}}, {"B", {"b1", "b2"}}});  // T1 | T2 T3
  Scheduler s(f.db);
  Actor me{"me", "s"};
  const int64_t plan = f.Item("P1").id;
  json first = ToJson(s.Next(plan, std::nullopt, "", 900, me));  // nothing held yet: just claims
  CHECK(first["completed"].is_null());
  CHECK(first["task"]["code"] == "T1");
  json second = ToJson(s.Next(plan, std::nullopt, "done A", 900, me));
  CHECK(second["completed"]["code"] == "T1");
  CHECK(second["completed"]["status"] == "completed");
  CHECK(second["task"]["code"] == "T2");
  CHECK(f.Text("SELECT completion_notes FROM steps WHERE code = 'T1'") == "done A");

  SUBCASE("a failure in the middle leaves nothing half-done") {
    if (f.db.engine() == Engine::kPostgres) {
      f.db.ExecScript(
          "CREATE FUNCTION refuse_claims() RETURNS trigger LANGUAGE plpgsql AS "
          "$$ BEGIN RAISE EXCEPTION 'claims are off'; END $$; "
          "CREATE TRIGGER refuse_claims BEFORE UPDATE OF holder_agent ON steps FOR EACH ROW "
          "WHEN (new.holder_agent IS NOT NULL) EXECUTE FUNCTION refuse_claims()");
    } else {
      f.db.ExecScript(
          "CREATE TEMP TRIGGER refuse_claims BEFORE UPDATE OF holder_agent ON steps "
          "WHEN new.holder_agent IS NOT NULL BEGIN SELECT RAISE(ABORT, 'claims are off'); END");
    }
    const int64_t log_rows = f.Int("SELECT count(*) FROM update_log");
    CHECK_THROWS(ToJson(s.Next(plan, std::nullopt, "", 900, me)));
    CHECK(f.Text("SELECT status FROM steps WHERE code = 'T2'") == "in_progress");  // not completed
    CHECK(f.Text("SELECT status FROM steps WHERE code = 'T3'") == "pending");
    CHECK(f.Int("SELECT count(*) FROM update_log") == log_rows);
  }
  SUBCASE("the last step completes with nothing left to claim") {
    ToJson(s.Next(plan, std::nullopt, "", 900, me));
    json last = ToJson(s.Next(plan, std::nullopt, "", 900, me));
    CHECK(last["completed"]["code"] == "T3");
    CHECK(last["task"].is_null());
    CHECK(last["nothing_ready"]["reason"] == "all_done");
  }
  SUBCASE("someone else's step is not completed for them") {
    json other = ToJson(s.Next(plan, std::nullopt, "", 900, {"other", ""}));
    CHECK(other["completed"].is_null());
    CHECK(other["task"]["code"] == "T3");
    CHECK(f.Text("SELECT status FROM steps WHERE code = 'T2'") == "in_progress");
  }
}

TEST_CASE("claim, release and heartbeat") {
  WorkFixture f;
  f.Plan({{"A", {"a1", "a2"}}, {"B", {"b1"}}});
  Scheduler s(f.db);
  Actor me{"me", ""}, you{"you", ""};
  json claimed = ToJson(s.Claim(2, 60, me));
  CHECK(claimed["task"]["holder_agent"] == "me");
  CHECK(ToJson(s.Claim(2, 600, me))["renewed"] == true);  // claiming again renews
  CHECK_THROWS_WITH_AS(ToJson(s.Claim(2, 60, you)),
                       doctest::Contains("already in progress, held by me"), UserError);
  CHECK_THROWS_WITH_AS(ToJson(s.Claim(3, 60, you)),
                       doctest::Contains("not ready: waits on earlier phase"), UserError);
  const std::string lease = f.Text("SELECT lease_expires_at FROM steps WHERE id = 2");
  f.db.ExecScript("UPDATE steps SET lease_expires_at = '2000-01-01T00:00:00.000Z' WHERE id = 2");
  s.Heartbeat(2, 600, me);
  CHECK(f.Text("SELECT lease_expires_at FROM steps WHERE id = 2") >= lease);
  CHECK_THROWS_WITH_AS(s.Heartbeat(2, 600, you), doctest::Contains("held by me, not by you"),
                       UserError);
  CHECK_THROWS_WITH_AS(ToJson(s.Release(2, false, you)), doctest::Contains("pass force=true"),
                       UserError);
  json released = ToJson(s.Release(2, false, me));
  CHECK(released["task"]["status"] == "pending");
  CHECK(released["task"]["holder_agent"].is_null());
  CHECK_THROWS_WITH_AS(s.Heartbeat(2, 600, me), doctest::Contains("not in progress"), UserError);
}

TEST_CASE("leaving in_progress by any writer ends the claim") {
  WorkFixture f;
  f.Plan({{"A", {"a1"}}});
  ToJson(Scheduler(f.db).GetNextTask(In(f), true, 900, f.actor));
  f.db.ExecScript("UPDATE steps SET status = 'blocked' WHERE id = 1");
  CHECK(f.Int("SELECT count(*) FROM steps WHERE holder_agent IS NULL AND lease_expires_at IS NULL "
              "AND claimed_at IS NULL") == 1);
}

namespace {

// Every statement `body` runs, with its parameters inlined, as executed.
std::vector<std::string> TracedStatements(Database& db, const std::function<void()>& body) {
  std::vector<std::string> statements;
  REQUIRE_MESSAGE(db.sqlite_handle(), "statement traces are SQLite's");
  sqlite3_trace_v2(
      db.sqlite_handle(), SQLITE_TRACE_STMT,
      [](unsigned, void* context, void* stmt, void*) -> int {
        char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(stmt));
        if (sql) static_cast<std::vector<std::string>*>(context)->push_back(sql);
        sqlite3_free(sql);
        return 0;
      },
      &statements);
  body();
  sqlite3_trace_v2(db.sqlite_handle(), 0, nullptr, nullptr);
  return statements;
}

// The lines of EXPLAIN QUERY PLAN that read a whole table (SCAN without an
// index), other than the CTE and json_each rows a query builds itself.
std::vector<std::string> FullScans(Database& db, const std::string& sql) {
  static const std::regex kAllowed(R"(^SCAN (f|front|best|json_each|CONSTANT ROW)\b)");
  std::vector<std::string> scans;
  auto plan = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  while (plan.Step()) {
    const std::string detail = plan.Text(3);
    if (detail.rfind("SCAN ", 0) == 0 && !std::regex_search(detail, kAllowed))
      scans.push_back(detail);
  }
  return scans;
}

}  // namespace

// SQLite's statement traces and planner output; on PostgreSQL the claim's plan
// is schema_behaviour_test's and seed 002 scenario 4's.
TEST_CASE(
    "the hot queries use their indexes, not full scans (SQLite only: EXPLAIN QUERY PLAN "
    "of traced statements)" *
    PM_SQLITE_ONLY) {
  WorkFixture f;
  for (int p = 0; p < 20; ++p) {
    f.Plan({{"A", {"a", "b", "c"}}, {"B", {"d", "e"}}}, p % 3 ? "active" : "draft",
           p % 2 ? "high" : "low");
  }
  f.Plan({{"X", {"x"}}}, "active", "medium", f.other_ws);
  f.Depend("T4", "T1");
  f.Depend("P2/B", "P1");
  f.Depend("P3", "T7");
  Scheduler s(f.db);
  struct Case {
    const char* name;
    std::function<void()> run;
  };
  TaskFilter plan_filter = In(f);
  plan_filter.plan_id = 2;
  const Case cases[] = {
      {"ready list of a workspace", [&] { s.Ready(In(f), 50); }},
      {"next task of a workspace, with claim and lease expiry",
       [&] { ToJson(s.GetNextTask(In(f), true, 900, f.actor)); }},
      {"next task of a plan", [&] { ToJson(s.GetNextTask(plan_filter, false, 900, f.actor)); }},
      {"status change with became-ready",
       [&] {
         const int64_t id = ToJson(s.GetNextTask(In(f), true, 900, f.actor))["task"]["id"];
         ToJson(s.UpdateTaskStatus(id, To("completed"), f.actor));
       }},
      {"nothing ready, explained",
       [&] {
         TaskFilter none = In(f);
         none.type = "build";
         ToJson(s.GetNextTask(none, true, 900, f.actor));
       }},
      {"steps of a phase in order", [&] { PlanRepository(f.db).View(1); }},
      {"dependency add with its cycle check",
       [&] {
         DependencyRepository(f.db).Add(f.ws, f.Item("T9"), f.Item("T12"), "blocks", f.actor);
       }},
  };
  // Lease expiry reads the partial lease index; the pick reads open steps by phase.
  auto claim = TracedStatements(f.db, [&] { ToJson(s.GetNextTask(In(f), true, 900, f.actor)); });
  bool saw_expiry = false, saw_pick = false;
  for (const auto& sql : claim) {
    if (sql.find("lease_expires_at <=") != std::string::npos && sql.rfind("SELECT", 0) == 0) {
      saw_expiry = true;
      CHECK(pm::testing::QueryPlan(f.db, sql).find("USING INDEX idx_steps_lease") !=
            std::string::npos);
    }
    if (sql.rfind("WITH front", 0) == 0) {
      saw_pick = true;
      const std::string plan = pm::testing::QueryPlan(f.db, sql);
      CAPTURE(plan);
      CHECK(plan.find("idx_plans_workspace_status") != std::string::npos);
      CHECK(plan.find("idx_steps_phase_status") != std::string::npos);
    }
  }
  CHECK(saw_expiry);
  CHECK(saw_pick);
  // The check itself sees a full scan when there is one.
  CHECK(FullScans(f.db, "SELECT * FROM steps WHERE task = 'a'") ==
        std::vector<std::string>{"SCAN steps"});
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto statements = TracedStatements(f.db, c.run);
    CHECK(!statements.empty());
    for (const auto& sql : statements) {
      if (sql.rfind("SELECT", 0) != 0 && sql.rfind("WITH", 0) != 0 && sql.rfind("UPDATE", 0) != 0)
        continue;
      CAPTURE(sql);
      CHECK(FullScans(f.db, sql) == std::vector<std::string>{});
    }
  }
}

TEST_CASE("what became ready after a move: blocked steps and plans, the next phase, nothing else") {
  WorkFixture f;
  f.Plan({{"A", {"a1"}}, {"B", {"b1", "b2"}}});  // P1: T1 | T2 T3
  f.Plan({{"C", {"c1", "c2"}}});                 // P2: T4 T5
  f.Plan({{"D", {"d1"}}});                       // P3: T6
  f.Depend("T4", "P1/A");                        // a step waits on a phase
  f.Depend("P3", "T2");                          // a plan waits on a step
  Scheduler s(f.db);
  Actor me{"me", "s"};
  auto codes = [](const json& r) {
    std::vector<std::string> out;
    for (const auto& step : r["became_ready"]) out.push_back(step["code"]);
    return out;
  };
  ToJson(s.UpdateTaskStatus(1, To("in_progress"), me));
  // Phase A is done: phase B's steps come to the front, and T4's blocker is
  // complete. T5 was ready before and is not listed.
  CHECK(codes(ToJson(s.UpdateTaskStatus(1, To("completed"), me))) ==
        std::vector<std::string>{"T2", "T3", "T4"});
  ToJson(s.UpdateTaskStatus(2, To("in_progress"), me));
  CHECK(codes(ToJson(s.UpdateTaskStatus(2, To("completed"), me))) ==
        std::vector<std::string>{"T6"});
  // Reopened, T2 blocks P3 again; nothing becomes ready by that.
  CHECK(codes(ToJson(s.UpdateTaskStatus(2, To("pending"), me))).empty());
}

}  // namespace pm::store
