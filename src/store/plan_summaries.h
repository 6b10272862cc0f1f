// Short views of plans, for results that list the plans of a track or a
// program: id, code, title, status, workspace_id, track_id, program_id — enough
// to pick one and ask memory_plan for the rest.
#pragma once

#include <vector>

#include "store/row_json.h"

namespace pm::store {

// Plans matching `where` (over plans' columns, `params` bound in order), in
// code order (P2 before P10).
std::vector<json> PlanSummaries(Database& db, const std::string& where,
                                const std::vector<json>& params);

}  // namespace pm::store
