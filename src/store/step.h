// The step aggregate as typed rows: a Step is one row of the steps table (a
// unit of work, "task" to seed 002), its Claim the holder and lease of an
// in_progress step; StepSummary, StepInPlan and StepListItem are the shapes
// other questions read it in (a ready list, a step with its plan's and phase's
// names, a page of a listing).
//
// Each row type has its column list (for SELECT, aliased `s` for steps, `p`
// for plans, `ph` for phases) and a reader that takes the columns of the
// current row in that order, so queries and readers cannot drift apart.
// Free-form JSON columns (inputs, expected_outputs) travel as their JSON text.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/database.h"

namespace pm::store {

// Who holds an in_progress step and until when. All empty when nobody does.
struct Claim {
  std::optional<std::string> holder_agent, holder_session, claimed_at, lease_expires_at;
};

struct Step {
  int64_t id = 0;
  int64_t workspace_id = 0;
  int64_t plan_id = 0;
  int64_t phase_id = 0;
  std::string code;  // T51
  int64_t order_index = 0;
  std::string task;
  std::optional<std::string> description;
  std::string type = "standard";
  std::string status = "pending";  // pending | in_progress | blocked | completed | cancelled
  std::string priority = "medium";
  std::optional<std::string> assignee;
  std::string inputs = "[]";            // JSON array, as text
  std::string expected_outputs = "[]";  // JSON array, as text
  std::optional<std::string> context_notes, completion_notes, blocked_reason, generator_name;
  bool requires_confirmation = false;
  std::optional<double> estimate_hours;
  std::optional<std::string> created_by, completed_by;
  std::string created_at, updated_at;
  std::optional<std::string> started_at, completed_at;
  Claim claim;
};

// The step as structuredContent and the change log show it: every column, JSON
// arrays as arrays, requires_confirmation as a boolean, absent values as null.
nlohmann::json ToJson(const Step& step);

// Every column of a step, in Step's order (alias s).
extern const char* const kStepColumns;
// Reads kStepColumns from the current row, starting at column `first`.
Step ReadStep(Statement& row, int first = 0);

// A step with where it sits: its plan's code and title and its phase's name.
struct StepInPlan {
  Step step;
  std::string plan_code, plan_title, phase_name;
};
// ToJson(step) with plan_code, plan_title and phase_name.
nlohmann::json ToJson(const StepInPlan& step);
// kStepColumns then p.code, p.title, ph.name.
extern const char* const kStepInPlanColumns;
StepInPlan ReadStepInPlan(Statement& row);

// What a list of work shows of a step (ready lists, "became ready").
struct StepSummary {
  int64_t id = 0;
  std::string code, task, type, status, priority;
  int64_t plan_id = 0;
  std::string plan_code, plan_priority;
  int64_t phase_id = 0;
  std::string phase_name;
  int64_t phase_order = 0;
  int64_t order_index = 0;
};
nlohmann::json ToJson(const StepSummary& step);
extern const char* const kStepSummaryColumns;
StepSummary ReadStepSummary(Statement& row, int first = 0);

// A row of a step listing: no long text besides the task.
struct StepListItem {
  int64_t id = 0;
  std::string code, task, status, type, priority;
  std::optional<std::string> assignee;
  int64_t plan_id = 0;
  std::string plan_code;
  int64_t phase_id = 0;
  std::string phase_name;
  int64_t order_index = 0;
};
nlohmann::json ToJson(const StepListItem& step);
extern const char* const kStepListColumns;
StepListItem ReadStepListItem(Statement& row);

// The FROM clause every step shape above reads from.
extern const char* const kStepJoins;

}  // namespace pm::store
