#include "store/plan.h"

#include "common/json_object.h"
#include "store/entity_ref.h"
#include "store/row_json.h"
#include "store/short_codes.h"
#include "store/typed_query.h"

namespace pm::store {

const char* const kPlanColumns =
    "p.id, p.workspace_id, p.code, p.title, p.description, p.goal, p.category, p.priority, "
    "p.status, p.tags, p.non_goals, p.stop_conditions, p.estimate_hours, p.era, p.program_id, "
    "p.is_backlog, p.created_by, p.created_at, p.updated_at, p.completed_at, p.track_id, "
    "p.created_session_id";

Plan ReadPlan(Statement& row, int first) {
  int c = first;
  Plan p;
  p.id = row.Int64(c++);
  p.workspace_id = row.Int64(c++);
  p.code = row.Text(c++);
  p.title = row.Text(c++);
  p.description = row.OptText(c++);
  p.goal = row.OptText(c++);
  p.category = row.Text(c++);
  p.priority = row.Text(c++);
  p.status = row.Text(c++);
  p.tags = row.Text(c++);
  p.non_goals = row.Text(c++);
  p.stop_conditions = row.Text(c++);
  if (!row.IsNull(c)) p.estimate_hours = row.Double(c);
  ++c;
  p.era = row.OptText(c++);
  p.program_id = row.OptInt64(c++);
  p.is_backlog = row.Bool(c++);
  p.created_by = row.OptText(c++);
  p.created_at = row.Text(c++);
  p.updated_at = row.Text(c++);
  p.completed_at = row.OptText(c++);
  p.track_id = row.OptInt64(c++);
  p.created_session_id = row.OptInt64(c++);
  return p;
}

std::optional<Plan> LoadPlan(Database& db, int64_t id) {
  return ReadFirst(db, std::string("SELECT ") + kPlanColumns + " FROM plans AS p WHERE p.id = ?",
                   {id}, ReadPlan);
}

std::optional<Plan> LoadPlan(Database& db, int64_t workspace_id, int64_t id) {
  return ReadFirst(db,
                   std::string("SELECT ") + kPlanColumns +
                       " FROM plans AS p WHERE p.id = ? AND p.workspace_id = ?",
                   {id, workspace_id}, ReadPlan);
}

std::optional<Plan> FindPlan(Database& db, int64_t workspace_id, const nlohmann::json& ref) {
  if (auto id = RefAsId(ref)) return LoadPlan(db, workspace_id, *id);
  if (!ref.is_string()) return std::nullopt;
  auto code = NormalizeCode(ref.get<std::string>(), code_prefix::kPlan);
  if (!code) return std::nullopt;
  // Uses the UNIQUE (workspace_id, code) index.
  return ReadFirst(db,
                   std::string("SELECT ") + kPlanColumns +
                       " FROM plans AS p WHERE p.workspace_id = ? AND p.code = ?",
                   {workspace_id, *code}, ReadPlan);
}

nlohmann::json ToJson(const Plan& p) {
  return JsonObject()
      .Set("id", p.id)
      .Set("workspace_id", p.workspace_id)
      .Set("code", p.code)
      .Set("title", p.title)
      .SetOrNull("description", p.description)
      .SetOrNull("goal", p.goal)
      .Set("category", p.category)
      .Set("priority", p.priority)
      .Set("status", p.status)
      .Set("tags", JsonColumn(p.tags))
      .Set("non_goals", JsonColumn(p.non_goals))
      .Set("stop_conditions", JsonColumn(p.stop_conditions))
      .SetOrNull("estimate_hours", p.estimate_hours)
      .SetOrNull("era", p.era)
      .SetOrNull("program_id", p.program_id)
      .Set("is_backlog", p.is_backlog)
      .SetOrNull("created_by", p.created_by)
      .Set("created_at", p.created_at)
      .Set("updated_at", p.updated_at)
      .SetOrNull("completed_at", p.completed_at)
      .SetOrNull("track_id", p.track_id)
      .SetOrNull("created_session_id", p.created_session_id)
      .Take();
}

const char* const kPlanSummaryColumns =
    "id, code, title, status, workspace_id, track_id, program_id";

PlanSummary ReadPlanSummary(Statement& row, int first) {
  int c = first;
  PlanSummary p;
  p.id = row.Int64(c++);
  p.code = row.Text(c++);
  p.title = row.Text(c++);
  p.status = row.Text(c++);
  p.workspace_id = row.Int64(c++);
  p.track_id = row.OptInt64(c++);
  p.program_id = row.OptInt64(c++);
  return p;
}

nlohmann::json ToJson(const PlanSummary& p) {
  JsonObject out;
  out.Set("id", p.id)
      .Set("code", p.code)
      .Set("title", p.title)
      .Set("status", p.status)
      .Set("workspace_id", p.workspace_id)
      .SetOrNull("track_id", p.track_id)
      .SetOrNull("program_id", p.program_id);
  if (p.steps) out.Set("steps_total", p.steps->total).Set("steps_completed", p.steps->completed);
  return out.Take();
}

nlohmann::json ToJson(const PlanTrack& t) {
  return JsonObject().Set("id", t.id).Set("name", t.name).SetOrNull("color", t.color).Take();
}

std::optional<PlanTrack> ReadPlanTrack(Statement& row, int first) {
  if (row.IsNull(first)) return std::nullopt;
  return PlanTrack{row.Int64(first), row.Text(first + 1), row.OptText(first + 2)};
}

nlohmann::json ToJson(const std::optional<PlanTrack>& track) {
  return track ? ToJson(*track) : nlohmann::json(nullptr);
}

nlohmann::json ToJson(const PlanListItem& p) {
  JsonObject out;
  out.Set("id", p.id)
      .Set("code", p.code)
      .Set("title", p.title)
      .SetOrNull("category", p.category)
      .SetOrNull("priority", p.priority)
      .Set("status", p.status)
      .Set("tags", JsonColumn(p.tags))
      .SetOrNull("track_id", p.track_id)
      .SetOrNull("program_id", p.program_id)
      .Set("is_backlog", p.is_backlog)
      .Set("updated_at", p.updated_at)
      .Set("archived", p.archived)
      .Set("track", ToJson(p.track));
  if (p.steps) {
    out.Set("steps_total", p.steps->total).Set("steps_completed", p.steps->completed);
  } else {
    out.Set("steps_total", nullptr).Set("steps_completed", nullptr);
  }
  return out.Take();
}

}  // namespace pm::store
