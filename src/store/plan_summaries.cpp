#include "store/plan_summaries.h"

#include "store/typed_query.h"

namespace pm::store {

std::vector<PlanSummary> PlanSummaries(Database& db, const std::string& where,
                                       const std::vector<SqlValue>& params) {
  // Plan codes are "P" + digits: order by the number, not the text.
  return ReadAll(db,
                 std::string("SELECT ") + kPlanSummaryColumns + " FROM plans WHERE " + where +
                     " ORDER BY workspace_id, CAST(substr(code, 2) AS INTEGER)",
                 params, ReadPlanSummary);
}

}  // namespace pm::store
