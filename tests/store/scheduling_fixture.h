// A migrated in-memory database with two workspaces and helpers that build
// plans, phases and steps in a line, for the scheduling tests.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/dependency_repository.h"
#include "store/plan_repository.h"
#include "store/scheduler.h"
#include "store/work_item.h"
#include "test_support.h"

namespace pm::store::testing {

using nlohmann::json;

struct PhaseSpec {
  std::string name;
  std::vector<std::string> tasks;
};

struct WorkFixture {
  std::unique_ptr<Database> owned = pm::testing::MigratedMemoryDatabase();
  Database& db = *owned;
  Actor actor{"tester", ""};
  int64_t ws = 0, other_ws = 0;

  WorkFixture() {
    db.ExecScript(
        "INSERT INTO workspaces (code, name) VALUES ('alpha', 'Alpha'), ('beta', 'Beta')");
    ws = Int("SELECT id FROM workspaces WHERE code = 'alpha'");
    other_ws = Int("SELECT id FROM workspaces WHERE code = 'beta'");
  }

  // A plan with phases of steps (tasks named as given); returns its code.
  std::string Plan(const std::vector<PhaseSpec>& phases, const std::string& status = "active",
                   const std::string& priority = "medium", int64_t workspace = 0) {
    json list = json::array();
    for (const auto& p : phases) {
      json steps = json::array();
      for (const auto& t : p.tasks) steps.push_back({{"task", t}});
      list.push_back({{"name", p.name}, {"steps", steps}});
    }
    const int64_t id = PlanRepository(db).Create(
        workspace ? workspace : ws, {{"title", "plan"}, {"status", status}, {"priority", priority}},
        list, json::array(), actor);
    return Text("SELECT code FROM plans WHERE id = " + std::to_string(id));
  }

  WorkItem Item(const std::string& ref, int64_t workspace = 0) {
    auto item = FindWorkItem(db, workspace ? workspace : ws, ref);
    REQUIRE_MESSAGE(item, "no work item " << ref);
    return *item;
  }
  int64_t StepId(const std::string& code, int64_t workspace = 0) {
    return Item(code, workspace).id;
  }

  void Depend(const std::string& source, const std::string& target,
              const std::string& kind = "blocks") {
    DependencyRepository(db).Add(ws, Item(source), Item(target), kind, actor);
  }
  // Sets a step's status directly, as another writer would.
  void SetStatus(const std::string& code, const std::string& status) {
    const std::string where =
        " WHERE code = '" + code + "' AND workspace_id = " + std::to_string(ws);
    // (A literal, not a CASE: PostgreSQL types a bare literal by its column.)
    const std::string completed_at =
        status == "completed" ? "'2026-01-01T00:00:00.000Z'" : std::string("NULL");
    db.ExecScript("UPDATE steps SET status = '" + status + "', completed_at = " + completed_at +
                  where);
  }
  void SetPlanStatus(const std::string& code, const std::string& status) {
    db.ExecScript("UPDATE plans SET status = '" + status + "' WHERE code = '" + code +
                  "' AND workspace_id = " + std::to_string(ws));
  }

  // Codes of the ready steps of the workspace, best first: "T1 T4 T2".
  std::string Ready(TaskFilter f = {}) {
    if (f.workspace_id == 0) f.workspace_id = ws;
    std::string codes;
    for (const auto& r : Scheduler(db).Ready(f, 1000)) {
      codes += (codes.empty() ? "" : " ") + r.code;
    }
    return codes;
  }
  // Ready steps in id order, as the scheduler and as the ready_steps view see them.
  std::string ReadyById() {
    std::map<int64_t, std::string> by_id;
    for (const auto& r : Scheduler(db).Ready({ws, {}, {}, {}, {}}, 1000)) by_id[r.id] = r.code;
    std::string codes;
    for (const auto& [id, code] : by_id) codes += (codes.empty() ? "" : " ") + code;
    return codes;
  }
  std::string ReadyByView() {
    return Text(std::string("SELECT coalesce(") +
                (db.engine() == Engine::kSqlite ? "group_concat(code, ' ')"
                                                : "string_agg(code, ' ' ORDER BY id)") +
                ", '') FROM (SELECT code, id FROM ready_steps WHERE workspace_id = " +
                std::to_string(ws) + " ORDER BY id) AS r");
  }

  int64_t Int(const std::string& sql) { return db.QueryInt(sql); }
  std::string Text(const std::string& sql) { return db.QueryText(sql); }
};

}  // namespace pm::store::testing
