#include "store/requirement.h"

#include "store/row_json.h"
#include "store/typed_query.h"

namespace pm::store {

const char* const kRequirementColumns =
    "id, workspace_id, plan_id, code, text, met, verification, order_index, created_at, "
    "updated_at, met_at, created_session_id";

Requirement ReadRequirement(Statement& row, int first) {
  int c = first;
  Requirement r;
  r.id = row.Int64(c++);
  r.workspace_id = row.Int64(c++);
  r.plan_id = row.Int64(c++);
  r.code = row.Text(c++);
  r.text = row.Text(c++);
  r.met = row.Bool(c++);
  r.verification = row.OptText(c++);
  r.order_index = row.Int64(c++);
  r.created_at = row.Text(c++);
  r.updated_at = row.Text(c++);
  r.met_at = row.OptText(c++);
  r.created_session_id = row.OptInt64(c++);
  return r;
}

std::optional<Requirement> LoadRequirement(Database& db, int64_t id) {
  return ReadFirst(db,
                   std::string("SELECT ") + kRequirementColumns + " FROM requirements WHERE id = ?",
                   {id}, ReadRequirement);
}

std::vector<Requirement> PlanRequirements(Database& db, int64_t plan_id) {
  return ReadAll(db,
                 std::string("SELECT ") + kRequirementColumns +
                     " FROM requirements WHERE plan_id = ? ORDER BY order_index",
                 {plan_id}, ReadRequirement);
}

nlohmann::json ToJson(const Requirement& r) {
  return {{"id", r.id},
          {"workspace_id", r.workspace_id},
          {"plan_id", r.plan_id},
          {"code", r.code},
          {"text", r.text},
          {"met", r.met},
          {"verification", OrNull(r.verification)},
          {"order_index", r.order_index},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at},
          {"met_at", OrNull(r.met_at)},
          {"created_session_id", OrNull(r.created_session_id)}};
}

}  // namespace pm::store
