// What a newly started agent needs to pick up a plan, kept short: the plan's
// goal and progress, the current phase (the first with open steps), the step in
// progress there or the next pending one, the latest handoffs and notes, and
// the acceptance criteria still unmet.
#pragma once

#include "store/row_json.h"

namespace pm::store {

// REQUIRES: plan `plan_id` exists (live). `recent` bounds the handoffs and notes.
json PlanBriefing(Database& db, int64_t plan_id, int recent = 3);

}  // namespace pm::store
