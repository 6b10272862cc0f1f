// Short views of plans, for results that list the plans of a track or a
// program (PlanSummary, plan.h): id, code, title, status, workspace_id,
// track_id, program_id — enough to pick one and ask memory_plan for the rest.
#pragma once

#include <string>
#include <vector>

#include "store/database.h"
#include "store/plan.h"

namespace pm::store {

// Plans matching `where` (over plans' columns, `params` bound in order), in
// code order (P2 before P10).
std::vector<PlanSummary> PlanSummaries(Database& db, const std::string& where,
                                       const std::vector<SqlValue>& params);

}  // namespace pm::store
