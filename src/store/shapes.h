// The TableShape of every work-model table: which columns hold JSON and which
// are booleans. One place, so every repository reads rows the same way.
#pragma once

#include "store/row_json.h"

namespace pm::store::shapes {

inline const TableShape kPlan{"plans", {"tags", "non_goals", "stop_conditions"}, {"is_backlog"}};
inline const TableShape kPhase{"phases", {}, {}};
inline const TableShape kStep{"steps", {"inputs", "expected_outputs"}, {"requires_confirmation"}};
inline const TableShape kNote{"plan_notes", {}, {}};
inline const TableShape kRequirement{"requirements", {}, {"met"}};
inline const TableShape kFeedback{"feedback", {}, {}};
inline const TableShape kGitLink{"git_links", {}, {}};
inline const TableShape kProgram{"programs", {}, {}};
inline const TableShape kTrack{"tracks", {}, {}};
inline const TableShape kSession{"sessions", {"context", "artifacts"}, {}};
// A view of archived plans' ids and codes, found by the same refs as live plans.
inline const TableShape kArchivedPlanRef{"archived_plan_refs", {}, {}};

}  // namespace pm::store::shapes
