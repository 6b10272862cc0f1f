#include "store/plan_repository.h"

#include "store/clock.h"
#include "store/created_session.h"

#include <algorithm>
#include <set>

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/dialect.h"
#include "store/plan_archive.h"
#include "store/plan_track.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/transitions.h"
#include "store/typed_query.h"

namespace pm::store {

namespace {

// A row of List's query: the list columns, the step counts (null when
// archived) and the track's id, name and color (null when on no track).
PlanListItem ReadListItem(Statement& row, int first) {
  int c = first;
  PlanListItem p;
  p.id = row.Int64(c++);
  p.code = row.Text(c++);
  p.title = row.Text(c++);
  p.category = row.OptText(c++);
  p.priority = row.OptText(c++);
  p.status = row.Text(c++);
  p.tags = row.Text(c++);
  p.track_id = row.OptInt64(c++);
  p.program_id = row.OptInt64(c++);
  p.is_backlog = row.Bool(c++);
  p.updated_at = row.Text(c++);
  p.archived = row.Bool(c++);
  if (!row.IsNull(c)) p.steps = PlanStepCounts{row.Int64(c), row.Int64(c + 1)};
  c += 2;
  p.track = ReadPlanTrack(row, c);
  return p;
}

}  // namespace

int PriorityRank(const std::string& priority) {
  if (priority == "critical") return 0;
  if (priority == "high") return 1;
  if (priority == "medium") return 2;
  return 3;
}

int64_t PlanRepository::InsertPhase(int64_t plan_id, const std::string& name, int order_index) {
  return InsertRow(db_, "phases",
                   {{"plan_id", plan_id}, {"name", name}, {"order_index", order_index}});
}

void PlanRepository::Renumber(const std::string& table, const std::string& parent_column,
                              int64_t parent_id) {
  // Dense 0..n-1 in the current order; ties keep id order.
  auto renumber = db_.Prepare(
      "UPDATE " + CheckIdentifier(table) + " SET order_index = (SELECT count(*) FROM " + table +
      " AS o WHERE o." + CheckIdentifier(parent_column) + " = " + table + "." + parent_column +
      " AND (o.order_index < " + table + ".order_index OR (o.order_index = " + table +
      ".order_index AND o.id < " + table + ".id))) WHERE " + parent_column + " = ?");
  renumber.Bind(1, parent_id);
  renumber.Exec();
}

int64_t PlanRepository::Create(int64_t workspace_id, json plan, const json& phases,
                               const json& requirements, const Actor& actor) {
  return db_.Write([&] {
    plan["workspace_id"] = workspace_id;
    plan["code"] = AllocateCode(db_, workspace_id, code_prefix::kPlan);
    if (!plan.contains("created_by") && !actor.agent.empty()) plan["created_by"] = actor.agent;
    const json created_session = OrNull(CreatedSessionId(db_, workspace_id, actor));
    plan["created_session_id"] = created_session;
    const int64_t plan_id = InsertRow(db_, "plans", plan);
    int phase_index = 0;
    for (const auto& phase : phases) {
      const int64_t phase_id =
          InsertPhase(plan_id, phase.at("name").get<std::string>(), phase_index++);
      int step_index = 0;
      for (json step : phase.value("steps", json::array())) {
        step["workspace_id"] = workspace_id;
        step["plan_id"] = plan_id;
        step["phase_id"] = phase_id;
        step["order_index"] = step_index++;
        step["code"] = AllocateCode(db_, workspace_id, code_prefix::kStep);
        if (!actor.agent.empty()) step["created_by"] = actor.agent;
        step["created_session_id"] = created_session;
        InsertRow(db_, "steps", step);
      }
    }
    int req_index = 0;
    for (const auto& text : requirements) {
      InsertRow(db_, "requirements",
                {{"workspace_id", workspace_id},
                 {"plan_id", plan_id},
                 {"code", AllocateCode(db_, workspace_id, code_prefix::kRequirement)},
                 {"text", text},
                 {"order_index", req_index++},
                 {"created_session_id", created_session}});
    }
    RecordChange(
        db_, {workspace_id, "plan", plan_id, "create", nullptr, ToJson(*LoadPlan(db_, plan_id))},
        actor);
    return plan_id;
  });
}

PlanProgress PlanRepository::ProgressOf(const std::string& where, int64_t id) {
  // Served by idx_steps_plan_status / idx_steps_phase_order.
  auto q = db_.Prepare(
      "SELECT count(*), count(*) FILTER (WHERE status = 'completed'), "
      "count(*) FILTER (WHERE status = 'in_progress'), count(*) FILTER (WHERE status = 'blocked'), "
      "count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'cancelled') "
      "FROM steps WHERE " +
      where);
  q.Bind(1, id);
  q.Step();
  PlanProgress p;
  p.total = q.Int64(0);
  p.completed = q.Int64(1);
  p.in_progress = q.Int64(2);
  p.blocked = q.Int64(3);
  p.pending = q.Int64(4);
  p.cancelled = q.Int64(5);
  return p;
}

std::optional<Phase> PlanRepository::FindPhase(int64_t phase_id) {
  return LoadPhase(db_, phase_id);
}

std::optional<PlanView> PlanRepository::LiveView(int64_t plan_id) {
  auto plan = LoadPlan(db_, plan_id);
  if (!plan) return std::nullopt;
  PlanView view;
  view.plan = std::move(*plan);
  view.track = LoadPlanTrack(db_, view.plan.track_id);
  for (Phase& phase : PlanPhases(db_, plan_id)) {
    PlanViewPhase shown;
    shown.steps = ReadAll(db_,
                          std::string("SELECT ") + kPlanViewStepColumns +
                              " FROM steps WHERE phase_id = ? ORDER BY order_index",
                          {phase.id}, ReadPlanViewStep);
    // Counted from the steps just read; a plan's steps are its phases' steps.
    for (const auto& step : shown.steps) shown.progress.Count(step.status);
    view.progress += shown.progress;
    shown.phase = std::move(phase);
    view.phases.push_back(std::move(shown));
  }
  view.notes = SelectAll(db_, shapes::kNote, "plan_id = ? ORDER BY id", {plan_id});
  view.requirements = PlanRequirements(db_, plan_id);
  view.git_links = SelectAll(db_, shapes::kGitLink, "plan_id = ? ORDER BY id", {plan_id});
  return view;
}

std::optional<json> PlanRepository::View(int64_t plan_id) {
  if (auto view = LiveView(plan_id)) return ToJson(*view);
  return PlanArchive(db_).View(plan_id);
}

PlanPage PlanRepository::List(int64_t workspace_id, const PlanListFilter& f) {
  std::string where = "p.workspace_id = ?";
  std::vector<SqlValue> params = {workspace_id};
  if (f.status) {
    where += " AND p.status = ?";
    params.push_back(*f.status);
  }
  if (f.category) {
    where += " AND p.category = ?";
    params.push_back(*f.category);
  }
  if (f.tag) {
    where +=
        " AND EXISTS (SELECT 1 FROM " + JsonValues(db_.engine(), "p.tags") + " WHERE value = ?)";
    params.push_back(*f.tag);
  }
  if (f.track_id) {
    where += " AND p.track_id = ?";
    params.push_back(*f.track_id);
  }
  if (f.program_id) {
    where += " AND p.program_id = ?";
    params.push_back(*f.program_id);
  }
  if (f.created_session_id) {
    where += " AND p.created_session_id = ?";
    params.push_back(*f.created_session_id);
  }
  std::string order = "p.id";
  if (f.sort == "priority") {
    order =
        "CASE p.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
        "ELSE 3 END, p.id";
  } else if (f.sort == "updated") {
    order = "p.updated_at DESC, p.id DESC";
  } else if (f.sort == "title") {
    order = "lower(p.title), p.id";
  }
  // Offset paging over a stable order; plans per workspace are few.
  std::string sql =
      "SELECT p.id, p.code, p.title, p.category, p.priority, p.status, p.tags, p.track_id, "
      "p.program_id, p.is_backlog, p.updated_at, 0 AS archived, "
      "(SELECT count(*) FROM steps s WHERE s.plan_id = p.id) AS steps_total, "
      "(SELECT count(*) FROM steps s WHERE s.plan_id = p.id AND s.status = 'completed') AS "
      "steps_completed, tr.id AS track_ref, tr.name AS track_name, tr.color AS track_color "
      "FROM plans p LEFT JOIN tracks tr ON tr.id = p.track_id WHERE " +
      where;
  if (f.include_archived && !f.status && !f.category && !f.tag && !f.track_id && !f.program_id &&
      !f.created_session_id) {
    sql +=
        " UNION ALL SELECT a.plan_id, a.code, a.title, NULL, NULL, a.status, '[]', NULL, NULL, "
        "FALSE, "
        "a.archived_at, 1, NULL, NULL, NULL, NULL, NULL FROM plan_archives a "
        "WHERE a.workspace_id = ?";
    params.push_back(workspace_id);
    order = "id";
  }
  sql = "SELECT * FROM (" + sql + ") AS p ORDER BY " + order + " LIMIT ? OFFSET ?";
  params.push_back(static_cast<int64_t>(f.limit) + 1);
  params.push_back(f.offset);
  PlanPage page;
  page.plans = ReadAll(db_, sql, params, ReadListItem);
  if (static_cast<int>(page.plans.size()) > f.limit) {
    page.plans.pop_back();
    page.next_offset = f.offset + f.limit;
  }
  return page;
}

Plan PlanRepository::Update(int64_t plan_id, const json& patch_in, const Actor& actor) {
  return db_.Write([&] {
    auto before = LoadPlan(db_, plan_id);
    if (!before) throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    json patch = patch_in;
    if (patch.contains("status")) {
      const std::string to = patch["status"];
      CheckTransition(StatusModel::kPlan, "plan " + before->code, before->status, to);
    }
    UpdateRow(db_, "plans", plan_id, patch);
    if (patch.contains("status")) {
      auto stamp =
          db_.Prepare(std::string("UPDATE plans SET completed_at = CASE WHEN status = 'completed' "
                                  "THEN coalesce(completed_at, ?) ELSE NULL END WHERE id = ?"));
      stamp.Bind(1, NowTimestamp());
      stamp.Bind(2, plan_id);
      stamp.Exec();
    }
    Plan after = *LoadPlan(db_, plan_id);
    RecordChange(db_,
                 {after.workspace_id, "plan", plan_id, "update", ToJson(*before), ToJson(after)},
                 actor);
    return after;
  });
}

void PlanRepository::Delete(int64_t plan_id, bool confirm, const Actor& actor) {
  db_.Write([&] {
    auto before = LoadPlan(db_, plan_id);
    if (!before) throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    const PlanProgress progress = ProgressOf("plan_id = ?", plan_id);
    if (progress.total > 0 && !confirm) {
      throw UserError("plan " + before->code + " has " + std::to_string(progress.total) +
                      " steps (" + std::to_string(progress.completed) +
                      " completed); pass confirm=true to delete it with them, or archive it");
    }
    auto remove = db_.Prepare("DELETE FROM plans WHERE id = ?");
    remove.Bind(1, plan_id);
    remove.Exec();
    RecordChange(db_, {before->workspace_id, "plan", plan_id, "delete", ToJson(*before), nullptr},
                 actor);
  });
}

int64_t PlanRepository::Clone(int64_t plan_id, const std::string& title, const Actor& actor) {
  auto view = LiveView(plan_id);
  if (!view) throw UserError("plan " + std::to_string(plan_id) + " is not an active plan");
  json plan = PickKeys(ToJson(view->plan),
                       {"description", "goal", "category", "priority", "tags", "non_goals",
                        "stop_conditions", "estimate_hours", "era", "track_id", "program_id"});
  plan["title"] = title;
  plan["status"] = "draft";
  json phases = json::array();
  for (const auto& phase : view->phases) {
    json steps = json::array();
    for (const auto& step :
         SelectAll(db_, shapes::kStep, "phase_id = ? ORDER BY order_index", {phase.phase.id})) {
      steps.push_back(PickKeys(
          step, {"task", "description", "type", "priority", "inputs", "expected_outputs",
                 "context_notes", "generator_name", "requires_confirmation", "estimate_hours"}));
    }
    phases.push_back({{"name", phase.phase.name}, {"steps", steps}});
  }
  json requirements = json::array();
  for (const auto& r : view->requirements) requirements.push_back(r.text);
  return Create(view->plan.workspace_id, plan, phases, requirements, actor);
}

json PlanRepository::AddNote(int64_t plan_id, const std::string& kind, const std::string& text,
                             const Actor& actor) {
  return db_.Write([&] {
    json row = {{"plan_id", plan_id}, {"kind", kind}, {"text", text}};
    if (!actor.agent.empty()) row["created_by"] = actor.agent;
    const int64_t id = InsertRow(db_, "plan_notes", row);
    json note = *SelectOne(db_, shapes::kNote, "id = ?", {id});
    auto plan = LoadPlan(db_, plan_id);
    RecordChange(db_, {plan->workspace_id, "note", id, "create", nullptr, note}, actor);
    return note;
  });
}

Requirement PlanRepository::AddRequirement(int64_t plan_id, const std::string& text,
                                           const Actor& actor) {
  return db_.Write([&] {
    auto plan = LoadPlan(db_, plan_id);
    const int64_t ws = plan->workspace_id;
    auto count = db_.Prepare("SELECT count(*) FROM requirements WHERE plan_id = ?");
    count.Bind(1, plan_id);
    count.Step();
    const int64_t id =
        InsertRow(db_, "requirements",
                  {{"workspace_id", ws},
                   {"plan_id", plan_id},
                   {"code", AllocateCode(db_, ws, code_prefix::kRequirement)},
                   {"text", text},
                   {"order_index", count.Int64(0)},
                   {"created_session_id", OrNull(CreatedSessionId(db_, ws, actor))}});
    Requirement row = *LoadRequirement(db_, id);
    RecordChange(db_, {ws, "requirement", id, "create", nullptr, ToJson(row)}, actor);
    return row;
  });
}

Requirement PlanRepository::UpdateRequirement(int64_t requirement_id, const json& patch_in,
                                              const Actor& actor) {
  return db_.Write([&] {
    auto before = LoadRequirement(db_, requirement_id);
    if (!before) throw UserError("requirement no longer exists");
    json patch = patch_in;
    UpdateRow(db_, "requirements", requirement_id, patch);
    if (patch.contains("met")) {
      auto stamp =
          db_.Prepare(std::string("UPDATE requirements SET met_at = CASE WHEN met "
                                  "THEN coalesce(met_at, ?) ELSE NULL END WHERE id = ?"));
      stamp.Bind(1, NowTimestamp());
      stamp.Bind(2, requirement_id);
      stamp.Exec();
    }
    Requirement after = *LoadRequirement(db_, requirement_id);
    RecordChange(db_,
                 {after.workspace_id, "requirement", requirement_id, "update", ToJson(*before),
                  ToJson(after)},
                 actor);
    return after;
  });
}

Requirement PlanRepository::DeleteRequirement(int64_t requirement_id, const Actor& actor) {
  return db_.Write([&] {
    auto before = LoadRequirement(db_, requirement_id);
    if (!before) throw UserError("requirement no longer exists");
    auto remove = db_.Prepare("DELETE FROM requirements WHERE id = ?");
    remove.Bind(1, requirement_id);
    remove.Exec();
    Renumber("requirements", "plan_id", before->plan_id);
    RecordChange(
        db_,
        {before->workspace_id, "requirement", requirement_id, "delete", ToJson(*before), nullptr},
        actor);
    return *before;
  });
}

Phase PlanRepository::AddPhase(int64_t plan_id, const std::string& name, std::optional<int> index,
                               const Actor& actor) {
  return db_.Write([&] {
    auto plan = LoadPlan(db_, plan_id);
    auto count = db_.Prepare("SELECT count(*) FROM phases WHERE plan_id = ?");
    count.Bind(1, plan_id);
    count.Step();
    const int n = count.Int(0);
    const int at = std::clamp(index.value_or(n), 0, n);
    auto shift = db_.Prepare(
        "UPDATE phases SET order_index = order_index + 1 "
        "WHERE plan_id = ? AND order_index >= ?");
    shift.Bind(1, plan_id);
    shift.Bind(2, at);
    shift.Exec();
    const int64_t id = InsertPhase(plan_id, name, at);
    Phase phase = *FindPhase(id);
    RecordChange(db_, {plan->workspace_id, "phase", id, "create", nullptr, ToJson(phase)}, actor);
    return phase;
  });
}

Phase PlanRepository::RenamePhase(int64_t phase_id, const std::string& name, const Actor& actor) {
  return db_.Write([&] {
    auto before = FindPhase(phase_id);
    if (!before) throw UserError("phase " + std::to_string(phase_id) + " no longer exists");
    UpdateRow(db_, "phases", phase_id, {{"name", name}});
    Phase after = *FindPhase(phase_id);
    auto plan = LoadPlan(db_, before->plan_id);
    RecordChange(db_,
                 {plan->workspace_id, "phase", phase_id, "update", ToJson(*before), ToJson(after)},
                 actor);
    return after;
  });
}

void PlanRepository::ReorderPhases(int64_t plan_id, const std::vector<int64_t>& order,
                                   const Actor& actor) {
  db_.Write([&] {
    const std::vector<Phase> phases = PlanPhases(db_, plan_id);
    std::set<int64_t> have, given(order.begin(), order.end());
    for (const auto& p : phases) have.insert(p.id);
    if (have != given || given.size() != order.size()) {
      throw UserError("order must list each of the plan's " + std::to_string(have.size()) +
                      " phase ids exactly once");
    }
    json before = json::array(), after = json::array();
    for (const auto& p : phases) before.push_back(p.id);
    for (size_t i = 0; i < order.size(); ++i) {
      UpdateRow(db_, "phases", order[i], {{"order_index", static_cast<int64_t>(i)}});
      after.push_back(order[i]);
    }
    auto plan = LoadPlan(db_, plan_id);
    RecordChange(db_,
                 {plan->workspace_id,
                  "plan",
                  plan_id,
                  "reorder_phases",
                  {{"phase_order", before}},
                  {{"phase_order", after}}},
                 actor);
  });
}

DeletedPhase PlanRepository::DeletePhase(int64_t phase_id, std::optional<int64_t> move_to,
                                         bool confirm, const Actor& actor) {
  return db_.Write([&] {
    auto phase = FindPhase(phase_id);
    if (!phase) throw UserError("phase " + std::to_string(phase_id) + " no longer exists");
    const int64_t plan_id = phase->plan_id;
    auto plan = LoadPlan(db_, plan_id);
    const int64_t steps = ProgressOf("phase_id = ?", phase_id).total;
    DeletedPhase result;
    result.phase = *phase;
    if (move_to) {
      auto target = FindPhase(*move_to);
      if (!target || target->plan_id != plan_id || *move_to == phase_id) {
        throw UserError("move_to must be another phase of the same plan");
      }
      // Appended after the target phase's steps, in their current order.
      auto move = db_.Prepare(
          "UPDATE steps SET phase_id = ?, order_index = order_index + "
          "(SELECT count(*) FROM steps WHERE phase_id = ?), updated_at = ? WHERE phase_id = ?");
      move.Bind(1, *move_to);
      move.Bind(2, *move_to);
      move.Bind(3, NowTimestamp());
      move.Bind(4, phase_id);
      move.Exec();
      Renumber("steps", "phase_id", *move_to);
      result.steps_moved = steps;
    } else if (steps > 0 && !confirm) {
      throw UserError("phase \"" + phase->name + "\" has " + std::to_string(steps) +
                      " steps: pass move_to (a phase id) to keep them, or confirm=true to "
                      "delete them with the phase");
    } else {
      result.steps_deleted = steps;
    }
    auto remove = db_.Prepare("DELETE FROM phases WHERE id = ?");
    remove.Bind(1, phase_id);
    remove.Exec();
    Renumber("phases", "plan_id", plan_id);
    RecordChange(db_, {plan->workspace_id, "phase", phase_id, "delete", ToJson(*phase), nullptr},
                 actor);
    return result;
  });
}

std::vector<json> PlanRepository::History(int64_t workspace_id, const std::string& entity_kind,
                                          int64_t entity_id, int limit, int64_t before_id) {
  const TableShape shape{"update_log", {"before_json", "after_json"}, {}};
  std::string where =
      entity_kind == "plan"
          ? "(entity_kind = 'plan' AND entity_id = ?2) OR (entity_kind IN ('phase', 'step', "
            "'note', 'requirement', 'git_link') AND CAST(" +
                JsonMember(db_.engine(), "coalesce(after_json, before_json)", "plan_id") +
                " AS BIGINT) = ?2)"
          : "entity_kind = 'step' AND entity_id = ?2";
  // idx_update_log_workspace narrows to the workspace, newest first.
  return Query(db_, shape,
               "SELECT id, entity_kind, entity_id, action, agent, session_id, before_json, "
               "after_json, created_at FROM update_log WHERE workspace_id = ?1 AND (" +
                   where + ") AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4",
               {workspace_id, entity_id, before_id, limit});
}

}  // namespace pm::store
