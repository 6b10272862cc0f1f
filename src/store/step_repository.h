// StepRepository owns the steps table: the units of work, ordered inside the
// phases of a plan. It adds, changes, moves, reorders and deletes steps, each in
// one write transaction that also appends to update_log (entity_kind "step";
// actions create, update, move, reorder, delete; before/after rows). Steps keep
// their id and code for life: changes update in place, and codes of deleted
// steps are never reused.
//
// Inside a phase, order_index is always dense: 0..n-1. Renumbering the siblings
// of an added, moved or deleted step is implied by that step's log row, not
// logged per sibling.
//
// Every method takes the workspace and never finds, lists or changes a step of
// another one. Steps come back as StepInPlan rows (step.h). A change of status
// is a move through StepLifecycle, with its rules (a live claim of another
// holder needs force, starting needs the step to be ready). Failures a caller
// can fix — an illegal status change, an index out of range, an unknown phase —
// throw pm::UserError and change nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/row_json.h"
#include "store/step.h"

namespace pm::store {

// The columns a caller may set on a step. Status changes also set the
// timestamps and fields the status implies (see Update).
const std::vector<std::string>& StepFieldNames();

// Where new steps go: a plan of the workspace (or its backlog plan, made on
// first use) and a phase of it by id or name (or the plan's last phase; a plan
// without phases gets one).
struct StepTarget {
  std::optional<int64_t> plan_id;
  json phase;  // null, a phase id, or a phase name
};

// One change to one step: column -> value, columns among StepFieldNames().
struct StepChange {
  int64_t step_id = 0;
  json fields = json::object();
  std::string label;   // how errors name this change ("updates[2]"); may be empty
  bool force = false;  // a status move may override another holder's claim or readiness
};

struct StepFilter {
  std::optional<int64_t> plan_id;
  json phase;  // null, a phase id, or a phase name (REQUIRES plan_id)
  std::optional<std::string> status, assignee, type;
};

// A page of small step rows (no long text fields), in plan order: plan, phase
// order, step order. next_after_step is the id to pass to List for the next page.
struct StepPage {
  std::vector<StepListItem> items;
  std::optional<int64_t> next_after_step;
};

class StepRepository {
 public:
  explicit StepRepository(Database& db) : db_(db) {}

  // Adds steps (each an object of step fields with a non-blank "task") at the
  // end of the target phase, or from `index` on (0..count), shifting later
  // steps. Each gets the next T-code. Returns the new rows in order.
  std::vector<StepInPlan> Add(int64_t workspace_id, const StepTarget& target,
                              const std::vector<json>& steps, std::optional<int64_t> index,
                              const Actor& actor);

  std::optional<StepInPlan> Find(int64_t workspace_id, int64_t step_id);

  // Applies every change in one transaction: all or nothing, the error naming
  // the change's label. A change of status is a StepLifecycle move (the other
  // fields are set in the same change); other changes set their columns.
  // Returns the updated rows.
  std::vector<StepInPlan> Update(int64_t workspace_id, const std::vector<StepChange>& changes,
                                 const Actor& actor);

  // Moves a step to `phase` (of the same plan; null: its own) at `index`
  // (null: the end). Returns the moved row.
  StepInPlan Move(int64_t workspace_id, int64_t step_id, const json& phase,
                  std::optional<int64_t> index, const Actor& actor);

  // Puts a phase's steps in the given order. `order` must hold every step of one
  // phase exactly once. Returns the phase's rows in their new order.
  std::vector<StepInPlan> Reorder(int64_t workspace_id, const std::vector<int64_t>& order,
                                  const Actor& actor);

  // Deletes a step and closes the gap it leaves. Returns the deleted row.
  StepInPlan Delete(int64_t workspace_id, int64_t step_id, const Actor& actor);

  // Steps matching `filter`, after step `after_step` in plan order. Throws
  // UserError when `after_step` no longer exists in the workspace.
  StepPage List(int64_t workspace_id, const StepFilter& filter, int limit,
                std::optional<int64_t> after_step);

 private:
  StepInPlan Load(int64_t workspace_id, int64_t step_id);
  StepInPlan ApplyChange(int64_t workspace_id, const StepChange& change, const Actor& actor);

  Database& db_;
};

}  // namespace pm::store
