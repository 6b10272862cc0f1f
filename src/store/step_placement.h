// Where steps live: the plan and phase that new or moved steps go to. Finds a
// plan's phase by id or name, makes a workspace's backlog plan on first use (the
// plan that steps created without naming one go to), and gives a plan without
// phases its first phase. Creations are logged to update_log.
//
// Plans and phases are typed rows (plan.h, phase.h).
// Failures a caller can fix (an unknown phase, a phase of another plan) throw
// pm::UserError naming the choices.
#pragma once

#include <cstdint>
#include <string>

#include "store/actor.h"
#include "store/phase.h"
#include "store/plan.h"
#include "store/row_json.h"

namespace pm::store {

// The plan `plan_id` of the workspace; throws UserError when it is not there.
Plan RequirePlan(Database& db, int64_t workspace_id, int64_t plan_id);

// The workspace's backlog plan (is_backlog = 1, "Backlog", active, chore, with one
// phase "Backlog"), created on first use.
// REQUIRES: a write transaction is open on `db`.
Plan BacklogPlan(Database& db, int64_t workspace_id, const Actor& actor);

// The phase of `plan` that `ref` names: a phase id (integer or digits) or a phase
// name (exact, else case-insensitive; the first in plan order wins). Throws
// UserError listing the plan's phases when none matches.
Phase RequirePhase(Database& db, const Plan& plan, const json& ref);

// The phase new steps of `plan` go to: `ref` when given, else the plan's last
// phase. A plan without phases gets one, named `ref` when that is a name, else
// "Phase 1".
// REQUIRES: a write transaction is open on `db`.
Phase PhaseForAdding(Database& db, const Plan& plan, const json& ref, const Actor& actor);

// "P3 phase 'Build'": how messages name a phase.
std::string PhaseLabel(const std::string& plan_code, const std::string& phase_name);

}  // namespace pm::store
