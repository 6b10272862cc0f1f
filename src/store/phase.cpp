#include "store/phase.h"

namespace pm::store {

const char* const kPhaseColumns = "id, plan_id, name, order_index, created_at, updated_at";

Phase ReadPhase(Statement& row, int first) {
  int c = first;
  Phase p;
  p.id = row.Int64(c++);
  p.plan_id = row.Int64(c++);
  p.name = row.Text(c++);
  p.order_index = row.Int64(c++);
  p.created_at = row.Text(c++);
  p.updated_at = row.Text(c++);
  return p;
}

std::optional<Phase> LoadPhase(Database& db, int64_t id) {
  auto q = db.Prepare(std::string("SELECT ") + kPhaseColumns + " FROM phases WHERE id = ?");
  q.Bind(1, id);
  if (!q.Step()) return std::nullopt;
  return ReadPhase(q);
}

std::vector<Phase> PlanPhases(Database& db, int64_t plan_id) {
  auto q = db.Prepare(std::string("SELECT ") + kPhaseColumns +
                      " FROM phases WHERE plan_id = ? ORDER BY order_index, id");
  q.Bind(1, plan_id);
  std::vector<Phase> phases;
  while (q.Step()) phases.push_back(ReadPhase(q));
  return phases;
}

nlohmann::json ToJson(const Phase& p) {
  return {{"id", p.id},
          {"plan_id", p.plan_id},
          {"name", p.name},
          {"order_index", p.order_index},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

nlohmann::json ToJson(const DeletedPhase& deleted) {
  return {{"phase", ToJson(deleted.phase)},
          {"steps_moved", deleted.steps_moved},
          {"steps_deleted", deleted.steps_deleted}};
}

}  // namespace pm::store
