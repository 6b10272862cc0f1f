#include "store/step_repository.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/text.h"
#include "common/user_error.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/step_placement.h"
#include "store/transitions.h"
#include "store/update_log.h"

namespace pm::store {

namespace {

// A step row with the names of its plan and phase, as every method returns it.
constexpr const char* kSelectStep =
    "SELECT s.*, p.code AS plan_code, p.title AS plan_title, ph.name AS phase_name "
    "FROM steps AS s JOIN plans AS p ON p.id = s.plan_id JOIN phases AS ph ON ph.id = s.phase_id ";

// The small row List returns: no long text besides the task.
constexpr const char* kSelectListed =
    "SELECT s.id, s.code, s.task, s.status, s.type, s.priority, s.assignee, s.plan_id, "
    "p.code AS plan_code, s.phase_id, ph.name AS phase_name, s.order_index "
    "FROM steps AS s JOIN plans AS p ON p.id = s.plan_id JOIN phases AS ph ON ph.id = s.phase_id ";

int64_t Exec(Database& db, const std::string& sql, const std::vector<json>& params) {
  auto statement = db.Prepare(sql);
  for (size_t i = 0; i < params.size(); ++i) {
    BindJson(statement, static_cast<int>(i + 1), params[i]);
  }
  return statement.Exec();
}

std::string Now(Database& db) {
  auto now = db.Prepare(std::string("SELECT ") + kNowSql);
  now.Step();
  return now.Text(0);
}

int64_t CountInPhase(Database& db, int64_t phase_id) {
  auto count = db.Prepare("SELECT count(*) FROM steps WHERE phase_id = ?");
  count.Bind(1, phase_id);
  count.Step();
  return count.Int64(0);
}

// Shifts the steps of a phase at positions [from, to) by `delta`.
// Uses idx_steps_phase_order.
void Shift(Database& db, int64_t phase_id, int64_t from, std::optional<int64_t> to, int64_t delta) {
  if (to) {
    Exec(db,
         "UPDATE steps SET order_index = order_index + ? "
         "WHERE phase_id = ? AND order_index >= ? AND order_index < ?",
         {delta, phase_id, from, *to});
  } else {
    Exec(db,
         "UPDATE steps SET order_index = order_index + ? WHERE phase_id = ? AND order_index >= ?",
         {delta, phase_id, from});
  }
}

void CheckIndex(int64_t index, int64_t last, const std::string& where) {
  if (index < 0 || index > last) {
    throw UserError("index " + std::to_string(index) + " is out of range for " + where +
                    ": use 0.." + std::to_string(last));
  }
}

std::string Text(const json& row, const char* key) { return row[key].get<std::string>(); }

std::string PhaseOf(const json& step) {
  return PhaseLabel(Text(step, "plan_code"), Text(step, "phase_name"));
}

void CheckFields(const json& fields) {
  for (const auto& [key, value] : fields.items()) {
    const auto& names = StepFieldNames();
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      throw std::logic_error("not a step field: " + key);
    }
  }
  if (auto it = fields.find("task"); it != fields.end()) {
    if (!it->is_string() ||
        it->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) {
      throw UserError("task must not be empty");
    }
  }
}

// Adds to `patch` what its status implies, given the step `before` (null for a
// new step, which may start in any state).
void AddStatusEffects(const json& before, json* patch, const std::string& now, const Actor& actor) {
  const bool is_new = before.is_null();
  const std::string to = (*patch)["status"].get<std::string>();
  const std::string from = is_new ? "pending" : Text(before, "status");
  if (!is_new) {
    CheckTransition(StatusModel::kStep, "step " + Text(before, "code"), from, to);
    if (from == to) return;
  }
  json& p = *patch;
  if (to == "in_progress" && (is_new || before["started_at"].is_null())) p["started_at"] = now;
  if (to == "completed") {
    p["completed_at"] = now;
    p["completed_by"] = actor.agent.empty() ? json(nullptr) : json(actor.agent);
  }
  if (from == "blocked" && to != "blocked" && !p.contains("blocked_reason")) {
    p["blocked_reason"] = nullptr;
  }
  if (to == "pending" && (from == "completed" || from == "cancelled")) {
    p["completed_at"] = nullptr;
    p["completed_by"] = nullptr;
  }
}

void Log(Database& db, int64_t workspace_id, int64_t step_id, const char* action,
         const json& before, const json& after, const Actor& actor) {
  AppendUpdateLog(db, {workspace_id, "step", step_id, action, before, after}, actor);
}

}  // namespace

const std::vector<std::string>& StepFieldNames() {
  static const std::vector<std::string> kNames = {
      "task",           "description",      "type",           "status",
      "priority",       "assignee",         "inputs",         "expected_outputs",
      "context_notes",  "completion_notes", "generator_name", "requires_confirmation",
      "estimate_hours", "blocked_reason"};
  return kNames;
}

std::optional<json> StepRepository::Find(int64_t workspace_id, int64_t step_id) {
  auto rows =
      Query(db_, shapes::kStep, std::string(kSelectStep) + "WHERE s.id = ? AND s.workspace_id = ?",
            {step_id, workspace_id});
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

json StepRepository::Load(int64_t workspace_id, int64_t step_id) {
  if (auto row = Find(workspace_id, step_id)) return *row;
  throw UserError("step #" + std::to_string(step_id) +
                  " does not exist (any more) in this workspace");
}

std::vector<json> StepRepository::Add(int64_t workspace_id, const StepTarget& target,
                                      const std::vector<json>& steps, std::optional<int64_t> index,
                                      const Actor& actor) {
  if (steps.empty()) throw UserError("nothing to add: give task or steps");
  for (const auto& fields : steps) {
    CheckFields(fields);
    if (!fields.contains("task")) throw UserError("every step needs a task");
  }
  return db_.Write([&] {
    const json plan = target.plan_id ? RequirePlan(db_, workspace_id, *target.plan_id)
                                     : BacklogPlan(db_, workspace_id, actor);
    const json phase = PhaseForAdding(db_, plan, target.phase, actor);
    const int64_t phase_id = phase["id"].get<int64_t>();
    const int64_t count = CountInPhase(db_, phase_id);
    const int64_t at = index.value_or(count);
    CheckIndex(at, count, PhaseLabel(Text(plan, "code"), Text(phase, "name")));
    Shift(db_, phase_id, at, std::nullopt, static_cast<int64_t>(steps.size()));
    const std::string now = Now(db_);
    std::vector<json> added;
    for (const auto& fields : steps) {
      json values = fields;
      if (values.contains("status")) AddStatusEffects(nullptr, &values, now, actor);
      values["workspace_id"] = workspace_id;
      values["plan_id"] = plan["id"];
      values["phase_id"] = phase_id;
      values["code"] = AllocateCode(db_, workspace_id, code_prefix::kStep);
      values["order_index"] = at + static_cast<int64_t>(added.size());
      values["created_by"] = actor.agent.empty() ? json(nullptr) : json(actor.agent);
      const int64_t id = InsertRow(db_, "steps", values);
      added.push_back(Load(workspace_id, id));
      Log(db_, workspace_id, id, "create", nullptr, added.back(), actor);
    }
    return added;
  });
}

json StepRepository::ApplyChange(int64_t workspace_id, const StepChange& change,
                                 const std::string& now, const Actor& actor) {
  CheckFields(change.fields);
  if (change.fields.empty()) throw UserError("nothing to update: pass a step field");
  const json before = Load(workspace_id, change.step_id);
  json patch = change.fields;
  if (patch.contains("status")) AddStatusEffects(before, &patch, now, actor);
  UpdateRow(db_, "steps", change.step_id, patch);
  json after = Load(workspace_id, change.step_id);
  Log(db_, workspace_id, change.step_id, "update", before, after, actor);
  return after;
}

std::vector<json> StepRepository::Update(int64_t workspace_id,
                                         const std::vector<StepChange>& changes,
                                         const Actor& actor) {
  return db_.Write([&] {
    const std::string now = Now(db_);
    std::vector<json> updated;
    for (const auto& change : changes) {
      try {
        updated.push_back(ApplyChange(workspace_id, change, now, actor));
      } catch (const UserError& e) {
        if (change.label.empty()) throw;
        throw UserError(change.label + ": " + e.what() + "; nothing was changed");
      }
    }
    return updated;
  });
}

json StepRepository::Move(int64_t workspace_id, int64_t step_id, const json& phase,
                          std::optional<int64_t> index, const Actor& actor) {
  return db_.Write([&] {
    const json before = Load(workspace_id, step_id);
    const int64_t from_phase = before["phase_id"].get<int64_t>();
    const int64_t from_index = before["order_index"].get<int64_t>();
    int64_t to_phase = from_phase;
    std::string to_label = PhaseOf(before);
    if (!phase.is_null()) {
      const json plan = RequirePlan(db_, workspace_id, before["plan_id"].get<int64_t>());
      const json target = RequirePhase(db_, plan, phase);
      to_phase = target["id"].get<int64_t>();
      to_label = PhaseLabel(Text(plan, "code"), Text(target, "name"));
    }
    if (to_phase == from_phase) {
      const int64_t last = CountInPhase(db_, from_phase) - 1;
      const int64_t to = index.value_or(last);
      CheckIndex(to, last, to_label);
      if (to == from_index) return before;
      if (to > from_index) {
        Shift(db_, from_phase, from_index + 1, to + 1, -1);
      } else {
        Shift(db_, from_phase, to, from_index, +1);
      }
      UpdateRow(db_, "steps", step_id, {{"order_index", to}});
    } else {
      const int64_t count = CountInPhase(db_, to_phase);
      const int64_t to = index.value_or(count);
      CheckIndex(to, count, to_label);
      Shift(db_, from_phase, from_index + 1, std::nullopt, -1);
      Shift(db_, to_phase, to, std::nullopt, +1);
      UpdateRow(db_, "steps", step_id, {{"phase_id", to_phase}, {"order_index", to}});
    }
    json after = Load(workspace_id, step_id);
    Log(db_, workspace_id, step_id, "move", before, after, actor);
    return after;
  });
}

std::vector<json> StepRepository::Reorder(int64_t workspace_id, const std::vector<int64_t>& order,
                                          const Actor& actor) {
  if (order.empty()) throw UserError("order must list the steps of one phase");
  return db_.Write([&] {
    std::vector<json> rows;
    for (int64_t id : order) rows.push_back(Load(workspace_id, id));
    const json& first = rows.front();
    const std::string where = PhaseOf(first);
    std::set<int64_t> seen;
    for (const auto& row : rows) {
      if (row["phase_id"] != first["phase_id"]) {
        throw UserError(Text(row, "code") + " is in " + PhaseOf(row) + ", not " + where +
                        "; reorder one phase at a time");
      }
      if (!seen.insert(row["id"].get<int64_t>()).second) {
        throw UserError(Text(row, "code") + " appears twice in order");
      }
    }
    // Uses idx_steps_phase_order.
    auto current =
        SelectAll(db_, shapes::kStep, "phase_id = ? ORDER BY order_index", {first["phase_id"]});
    std::vector<std::string> missing;
    for (const auto& row : current) {
      if (!seen.count(row["id"].get<int64_t>())) missing.push_back(Text(row, "code"));
    }
    if (!missing.empty()) {
      throw UserError("order must list every step of " + where +
                      "; missing: " + JoinChoices(missing, ", "));
    }
    std::vector<json> result;
    for (size_t i = 0; i < rows.size(); ++i) {
      const json& before = rows[i];
      if (before["order_index"] != static_cast<int64_t>(i)) {
        UpdateRow(db_, "steps", before["id"].get<int64_t>(),
                  {{"order_index", static_cast<int64_t>(i)}});
        result.push_back(Load(workspace_id, before["id"].get<int64_t>()));
        Log(db_, workspace_id, before["id"].get<int64_t>(), "reorder", before, result.back(),
            actor);
      } else {
        result.push_back(before);
      }
    }
    return result;
  });
}

json StepRepository::Delete(int64_t workspace_id, int64_t step_id, const Actor& actor) {
  return db_.Write([&] {
    const json before = Load(workspace_id, step_id);
    Exec(db_, "DELETE FROM steps WHERE id = ? AND workspace_id = ?", {step_id, workspace_id});
    Shift(db_, before["phase_id"].get<int64_t>(), before["order_index"].get<int64_t>() + 1,
          std::nullopt, -1);
    Log(db_, workspace_id, step_id, "delete", before, nullptr, actor);
    return before;
  });
}

StepPage StepRepository::List(int64_t workspace_id, const StepFilter& filter, int limit,
                              std::optional<int64_t> after_step) {
  std::string sql = std::string(kSelectListed) + "WHERE s.workspace_id = ?";
  std::vector<json> params = {workspace_id};
  if (filter.plan_id) {
    sql += " AND s.plan_id = ?";
    params.push_back(*filter.plan_id);
  }
  if (!filter.phase.is_null()) {
    std::optional<int64_t> phase_id = RefAsId(filter.phase);
    if (filter.plan_id) {
      const json plan = RequirePlan(db_, workspace_id, *filter.plan_id);
      phase_id = RequirePhase(db_, plan, filter.phase)["id"].get<int64_t>();
    }
    if (!phase_id) throw UserError("a phase given by name needs its plan");
    sql += " AND s.phase_id = ?";
    params.push_back(*phase_id);
  }
  const std::pair<const char*, const std::optional<std::string>*> equal[] = {
      {" AND s.status = ?", &filter.status},
      {" AND s.assignee = ?", &filter.assignee},
      {" AND s.type = ?", &filter.type}};
  for (const auto& [clause, value] : equal) {
    if (!*value) continue;
    sql += clause;
    params.push_back(**value);
  }
  if (after_step) {
    auto at = Query(db_, shapes::kStep,
                    "SELECT s.plan_id, ph.order_index AS phase_order, s.order_index, s.id "
                    "FROM steps AS s JOIN phases AS ph ON ph.id = s.phase_id "
                    "WHERE s.id = ? AND s.workspace_id = ?",
                    {*after_step, workspace_id});
    if (at.empty()) {
      throw UserError("the step this cursor continues from was deleted; list again without cursor");
    }
    sql += " AND (s.plan_id, ph.order_index, s.order_index, s.id) > (?, ?, ?, ?)";
    for (const char* key : {"plan_id", "phase_order", "order_index", "id"}) {
      params.push_back(at[0][key]);
    }
  }
  sql += " ORDER BY s.plan_id, ph.order_index, s.order_index, s.id LIMIT ?";
  params.push_back(limit + 1);
  StepPage page;
  page.items = Query(db_, shapes::kStep, sql, params);
  if (page.items.size() > static_cast<size_t>(limit)) {
    page.items.pop_back();
    page.next_after_step = page.items.back()["id"].get<int64_t>();
  }
  return page;
}

}  // namespace pm::store
