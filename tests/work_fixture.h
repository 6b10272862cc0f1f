// Plans, phases and steps written straight to the database, for tests of code
// that works with plans without going through memory_plan. Codes come from
// AllocateCode, so rows made here never collide with rows the code under test
// makes.
#pragma once

#include <string>

#include "store/row_json.h"
#include "store/short_codes.h"
#include "store/workspace_repository.h"

namespace pm::testing {

// A path-less workspace registered by name; returns its id.
inline int64_t AddWorkspace(store::Database& db, const std::string& name) {
  store::NewWorkspace spec;
  spec.name = name;
  return store::WorkspaceRepository(db).Register(spec, {"fixture", ""}).first.id;
}

struct PlanRow {
  int64_t id = 0;
  std::string code;
};

inline PlanRow AddPlan(store::Database& db, int64_t workspace_id, const std::string& title,
                       const std::string& status = "draft") {
  return db.Write([&] {
    std::string code = store::AllocateCode(db, workspace_id, store::code_prefix::kPlan);
    int64_t id = store::InsertRow(
        db, "plans",
        {{"workspace_id", workspace_id}, {"code", code}, {"title", title}, {"status", status}});
    return PlanRow{id, code};
  });
}

inline int64_t AddPhase(store::Database& db, int64_t plan_id, const std::string& name,
                        int order_index) {
  return db.Write([&] {
    return store::InsertRow(db, "phases",
                            {{"plan_id", plan_id}, {"name", name}, {"order_index", order_index}});
  });
}

inline int64_t AddStep(store::Database& db, int64_t workspace_id, int64_t plan_id, int64_t phase_id,
                       const std::string& task, const std::string& status = "pending") {
  return db.Write([&] {
    store::json values = {
        {"workspace_id", workspace_id},
        {"plan_id", plan_id},
        {"phase_id", phase_id},
        {"code", store::AllocateCode(db, workspace_id, store::code_prefix::kStep)},
        {"order_index", 0},
        {"task", task},
        {"status", status}};
    if (status == "completed") values["completed_at"] = "2026-01-01T00:00:00.000Z";
    return store::InsertRow(db, "steps", values);
  });
}

// An active plan with one phase holding one pending step: it has a ready step.
inline PlanRow AddReadyPlan(store::Database& db, int64_t workspace_id, const std::string& title) {
  PlanRow plan = AddPlan(db, workspace_id, title, "active");
  AddStep(db, workspace_id, plan.id, AddPhase(db, plan.id, "Build", 0), "Do it");
  return plan;
}

// A single integer from a query, e.g. a count.
inline int64_t ScalarInt(store::Database& db, const std::string& sql) {
  auto q = db.Prepare(sql);
  q.Step();
  return q.Int64(0);
}

}  // namespace pm::testing
