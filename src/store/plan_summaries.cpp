#include "store/plan_summaries.h"

#include "store/shapes.h"

namespace pm::store {

std::vector<json> PlanSummaries(Database& db, const std::string& where,
                                const std::vector<json>& params) {
  // Plan codes are "P" + digits: order by the number, not the text.
  return Query(db, shapes::kPlan,
               "SELECT id, code, title, status, workspace_id, track_id, program_id FROM plans "
               "WHERE " +
                   where + " ORDER BY workspace_id, CAST(substr(code, 2) AS INTEGER)",
               params);
}

}  // namespace pm::store
