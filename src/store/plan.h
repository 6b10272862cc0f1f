// The plan as a typed row (seed 000): a unit of intent in a workspace, with a
// P-code, a status that moves by the plan transition table, an optional track
// and program, and the phases and steps that carry it out. One workspace has at
// most one backlog plan (is_backlog), where steps added without a plan go.
//
// kPlanColumns and ReadPlan go together: the reader takes the columns in that
// order. Free-form JSON columns (tags, non_goals, stop_conditions) travel as
// their JSON text. The readers throw DbError like every query.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/database.h"

namespace pm::store {

struct Plan {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string code;  // P12, unique in the workspace
  std::string title;
  std::optional<std::string> description, goal;
  std::string category = "feature";    // feature | bugfix | refactor | ...
  std::string priority = "medium";     // low | medium | high | critical
  std::string status = "draft";        // draft | planned | active | ... | cancelled
  std::string tags = "[]";             // JSON array, as text
  std::string non_goals = "[]";        // JSON array, as text
  std::string stop_conditions = "[]";  // JSON array, as text
  std::optional<double> estimate_hours;
  std::optional<std::string> era;
  std::optional<int64_t> program_id;
  bool is_backlog = false;
  std::optional<std::string> created_by;
  std::string created_at, updated_at;
  std::optional<std::string> completed_at;
  std::optional<int64_t> track_id;
  std::optional<int64_t> created_session_id;  // the session in force at creation, if any
};

// Every column of a plan, in Plan's order (alias p).
extern const char* const kPlanColumns;
// Reads kPlanColumns from the current row, starting at column `first`.
Plan ReadPlan(Statement& row, int first = 0);

// Plan `id`, if it exists (not archived).
std::optional<Plan> LoadPlan(Database& db, int64_t id);
// Plan `id` if it belongs to the workspace.
std::optional<Plan> LoadPlan(Database& db, int64_t workspace_id, int64_t id);
// The live plan of the workspace that `ref` names: an id (integer or digits)
// or a P-code (case-insensitive prefix); none for anything else.
std::optional<Plan> FindPlan(Database& db, int64_t workspace_id, const nlohmann::json& ref);

// The plan as structuredContent and update_log show it: every column, JSON
// arrays as arrays, is_backlog as a boolean, absent values as null.
nlohmann::json ToJson(const Plan& plan);

// How many steps a plan has and how many of them are completed.
struct PlanStepCounts {
  int64_t total = 0, completed = 0;
};

// A plan as the plan lists of tracks and programs show it: enough to pick one
// and ask memory_plan for the rest.
struct PlanSummary {
  int64_t id = 0;
  std::string code, title, status;
  int64_t workspace_id = 0;
  std::optional<int64_t> track_id, program_id;
  std::optional<PlanStepCounts> steps;  // when read with its step counts
};

// The columns of a summary, in ReadPlanSummary's order (no alias).
extern const char* const kPlanSummaryColumns;
// Reads kPlanSummaryColumns from the current row, starting at column `first`.
PlanSummary ReadPlanSummary(Statement& row, int first = 0);

// {id, code, title, status, workspace_id, track_id, program_id}, plus
// steps_total and steps_completed when it has step counts.
nlohmann::json ToJson(const PlanSummary& plan);

// A plan's track as results show it (seed 000: track info in work orders).
struct PlanTrack {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> color;
};

// {id, name, color}
nlohmann::json ToJson(const PlanTrack& track);
// The track of columns first..first+2 (id, name, color, as a LEFT JOIN of
// tracks gives them); none when the id is null.
std::optional<PlanTrack> ReadPlanTrack(Statement& row, int first);
// ToJson(*track), or null when there is none.
nlohmann::json ToJson(const std::optional<PlanTrack>& track);

// One row of memory_plan list: a live plan, or an archived one (archived,
// with only its code, title, status and archive time as updated_at).
struct PlanListItem {
  int64_t id = 0;
  std::string code, title;
  std::optional<std::string> category, priority;  // absent when archived
  std::string status;
  std::string tags = "[]";  // JSON array, as text
  std::optional<int64_t> track_id, program_id;
  bool is_backlog = false;
  std::string updated_at;
  bool archived = false;
  std::optional<PlanStepCounts> steps;  // absent when archived
  std::optional<PlanTrack> track;       // the plan's track, if it is on one
};

// {id, code, title, category, priority, status, tags, track_id, program_id,
// is_backlog, updated_at, archived, steps_total, steps_completed, track},
// absent values as null.
nlohmann::json ToJson(const PlanListItem& plan);

}  // namespace pm::store
