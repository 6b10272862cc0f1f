#include "store/program_repository.h"

#include <doctest/doctest.h>

#include "common/user_error.h"
#include "store/dialect.h"
#include "test_support.h"
#include "work_fixture.h"

namespace pm::store {

namespace {

const Actor kActor{"tester", "s-1"};

int64_t Count(Database& db, const std::string& sql) { return testing::ScalarInt(db, sql); }

}  // namespace

TEST_CASE("PG-codes are sequential per workspace") {
  auto db = testing::MigratedMemoryDatabase();
  ProgramRepository repo(*db);
  const int64_t a = testing::AddWorkspace(*db, "a"), b = testing::AddWorkspace(*db, "b");
  CHECK(repo.Create(a, "One", std::nullopt, std::nullopt, kActor).code == "PG1");
  CHECK(repo.Create(a, "Two", std::nullopt, std::nullopt, kActor).code == "PG2");
  Program other = repo.Create(b, "Other", std::nullopt, std::nullopt, kActor);
  CHECK(other.code == "PG1");
  CHECK_FALSE(other.linked);
  CHECK(repo.Find(a, "pg2")->title == "Two");
  CHECK_FALSE(repo.Find(a, other.id).has_value());  // b's, not linked to a
}

TEST_CASE("a linked program is visible, by id, in the workspace it is linked to") {
  auto db = testing::MigratedMemoryDatabase();
  ProgramRepository repo(*db);
  const int64_t home = testing::AddWorkspace(*db, "home"),
                away = testing::AddWorkspace(*db, "away");
  const int64_t program = repo.Create(home, "Shared", std::nullopt, std::nullopt, kActor).id;
  CHECK(repo.List(away, 50, 0).items.empty());
  auto links = repo.Link(home, program, away, true, kActor);
  CHECK(links.size() == 1);
  CHECK(links[0].code == "away");
  CHECK(repo.Link(home, program, away, true, kActor).size() == 1);  // idempotent
  auto seen = repo.List(away, 50, 0).items;
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].linked);
  CHECK(seen[0].workspace_code == "home");
  CHECK(repo.Find(away, program).has_value());
  CHECK_FALSE(repo.Find(away, "PG1").has_value());  // codes belong to the owner
  // The other workspace can put its own plan into the program, not relink it.
  auto plan = testing::AddPlan(*db, away, "Away part");
  CHECK(repo.AddPlan(away, program, plan.id, kActor).program_id == program);
  CHECK(repo.Plans(program).size() == 1);
  CHECK_THROWS_AS(repo.Link(away, program, home, true, kActor), UserError);
  CHECK(repo.Link(home, program, away, false, kActor).empty());
  CHECK_FALSE(repo.Find(away, program).has_value());
  CHECK(Count(*db,
              "SELECT count(*) FROM update_log WHERE entity_kind = 'program' AND "
              "action IN ('link', 'unlink')") == 2);
}

TEST_CASE("a plan belongs to at most one program") {
  auto db = testing::MigratedMemoryDatabase();
  ProgramRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  const int64_t one = repo.Create(ws, "One", std::nullopt, std::nullopt, kActor).id;
  const int64_t two = repo.Create(ws, "Two", std::nullopt, std::nullopt, kActor).id;
  auto plan = testing::AddPlan(*db, ws, "Plan");
  repo.AddPlan(ws, one, plan.id, kActor);
  CHECK_NOTHROW(repo.AddPlan(ws, one, plan.id, kActor));  // already there
  CHECK_THROWS_AS(repo.AddPlan(ws, two, plan.id, kActor), UserError);
  CHECK_THROWS_AS(repo.RemovePlan(ws, two, plan.id, kActor), UserError);
  CHECK(!repo.RemovePlan(ws, one, plan.id, kActor).program_id);
  CHECK(Count(*db, "SELECT count(*) FROM update_log WHERE entity_kind = 'plan'") == 2);
}

TEST_CASE("upgrade moves every phase and step to a child plan, ids and readiness kept") {
  auto db = testing::MigratedMemoryDatabase();
  ProgramRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  auto plan = testing::AddPlan(*db, ws, "Migration", "active");
  const int64_t design = testing::AddPhase(*db, plan.id, "Design", 0);
  const int64_t build = testing::AddPhase(*db, plan.id, "Build", 1);
  const int64_t s1 = testing::AddStep(*db, ws, plan.id, design, "DDL", "completed");
  const int64_t s2 = testing::AddStep(*db, ws, plan.id, build, "Runner");
  const int64_t s3 = testing::AddStep(*db, ws, plan.id, build, "Seeds");
  db->ExecScript(
      "INSERT INTO requirements (workspace_id, plan_id, code, text, order_index) "
      "VALUES (" +
      std::to_string(ws) + ", " + std::to_string(plan.id) + ", 'R1', 'WAL on', 0)");
  db->ExecScript("UPDATE plans SET goal = 'All state in SQLite', tags = '[\"db\"]' WHERE id = " +
                 std::to_string(plan.id));
  const int64_t ready_before = Count(*db, "SELECT count(*) FROM ready_steps");

  UpgradeResult up = repo.Upgrade(ws, plan.id, kActor);
  CHECK(up.program.code == "PG1");
  CHECK(up.program.title == "Migration");
  CHECK(up.program.goal == "All state in SQLite");
  CHECK(up.moved_phase_ids == std::vector<int64_t>{design, build});
  CHECK(up.moved_step_ids == std::vector<int64_t>{s1, s2, s3});
  const int64_t child = up.child_plan.id;
  CHECK(up.child_plan.title == "Migration (part 1)");
  CHECK(up.child_plan.status == "active");
  CHECK(up.child_plan.program_id == up.program.id);
  CHECK(up.original_plan.program_id == up.program.id);
  CHECK(up.original_plan.code == plan.code);
  const std::string c = std::to_string(child);
  CHECK(Count(*db, "SELECT count(*) FROM phases WHERE plan_id = " + c) == 2);
  CHECK(Count(*db, "SELECT count(*) FROM steps WHERE plan_id = " + c) == 3);
  CHECK(Count(*db, "SELECT count(*) FROM steps WHERE plan_id = " + std::to_string(plan.id)) == 0);
  CHECK(Count(*db,
              "SELECT count(*) FROM requirements WHERE plan_id = " + std::to_string(plan.id)) == 1);
  CHECK(Count(*db, "SELECT count(*) FROM plans WHERE " + JsonElement(db->engine(), "tags", 0) +
                       " = 'db' AND id = " + c) == 1);
  CHECK(Count(*db, "SELECT count(*) FROM ready_steps") == ready_before);
  CHECK(Count(*db, "SELECT count(*) FROM ready_steps WHERE plan_id = " + c) == 2);
  // One log entry per row changed: program, child plan, original plan, 2 phases, 3 steps.
  CHECK(Count(*db,
              "SELECT count(*) FROM update_log WHERE entity_kind IN ('phase', 'step') "
              "AND action = 'move'") == 5);
  CHECK(Count(*db, "SELECT count(*) FROM update_log WHERE entity_kind = 'plan'") == 2);
  CHECK(Count(*db, "SELECT count(*) FROM update_log WHERE entity_kind = 'program'") == 1);

  // A plan in a program does not become another program.
  CHECK_THROWS_AS(repo.Upgrade(ws, plan.id, kActor), UserError);
}

TEST_CASE("a failed upgrade changes nothing") {
  auto db = testing::MigratedMemoryDatabase();
  ProgramRepository repo(*db);
  const int64_t ws = testing::AddWorkspace(*db, "shop");
  auto plan = testing::AddReadyPlan(*db, ws, "Big");
  // Take the next plan code, so creating the child plan collides and the transaction fails.
  db->Write([&] {
    std::string next = AllocateCode(*db, ws, code_prefix::kPlan);
    db->ExecScript("UPDATE code_counters SET last_value = last_value - 1 WHERE prefix = 'P'");
    InsertRow(*db, "plans", {{"workspace_id", ws}, {"code", next}, {"title", "squatter"}});
  });
  const int64_t log_before = Count(*db, "SELECT count(*) FROM update_log");
  CHECK_THROWS(repo.Upgrade(ws, plan.id, kActor));
  CHECK(Count(*db, "SELECT count(*) FROM programs") == 0);
  CHECK(Count(*db, "SELECT count(*) FROM steps WHERE plan_id = " + std::to_string(plan.id)) == 1);
  CHECK(Count(*db, "SELECT count(*) FROM update_log") == log_before);
}

}  // namespace pm::store
