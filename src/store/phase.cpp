#include "store/phase.h"

#include "store/typed_query.h"

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
  return ReadFirst(db, std::string("SELECT ") + kPhaseColumns + " FROM phases WHERE id = ?", {id},
                   ReadPhase);
}

std::vector<Phase> PlanPhases(Database& db, int64_t plan_id) {
  return ReadAll(db,
                 std::string("SELECT ") + kPhaseColumns +
                     " FROM phases WHERE plan_id = ? ORDER BY order_index, id",
                 {plan_id}, ReadPhase);
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
