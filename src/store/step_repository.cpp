#include "store/step_repository.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/text.h"
#include "common/user_error.h"
#include "store/change_log.h"
#include "store/clock.h"
#include "store/created_session.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/step_lifecycle.h"
#include "store/step_placement.h"
#include "store/transitions.h"

namespace pm::store {

namespace {

[[noreturn]] void ThrowNoSuchStep(int64_t step_id) {
  throw UserError("step #" + std::to_string(step_id) +
                  " does not exist (any more) in this workspace");
}

int64_t Exec(Database& db, const std::string& sql, const std::vector<json>& params) {
  auto statement = db.Prepare(sql);
  for (size_t i = 0; i < params.size(); ++i) {
    BindJson(statement, static_cast<int>(i + 1), params[i]);
  }
  return statement.Exec();
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

std::string PhaseOf(const StepInPlan& s) { return PhaseLabel(s.plan_code, s.phase_name); }

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

}  // namespace

const std::vector<std::string>& StepFieldNames() {
  static const std::vector<std::string> kNames = {
      "task",           "description",      "type",           "status",
      "priority",       "assignee",         "inputs",         "expected_outputs",
      "context_notes",  "completion_notes", "generator_name", "requires_confirmation",
      "estimate_hours", "blocked_reason"};
  return kNames;
}

std::optional<StepInPlan> StepRepository::Find(int64_t workspace_id, int64_t step_id) {
  auto q = db_.Prepare(std::string("SELECT ") + kStepInPlanColumns + kStepJoins +
                       "WHERE s.id = ? AND s.workspace_id = ?");
  q.BindAll(step_id, workspace_id);
  if (!q.Step()) return std::nullopt;
  return ReadStepInPlan(q);
}

StepInPlan StepRepository::Load(int64_t workspace_id, int64_t step_id) {
  if (auto row = Find(workspace_id, step_id)) return *row;
  ThrowNoSuchStep(step_id);
}

std::vector<StepInPlan> StepRepository::Add(int64_t workspace_id, const StepTarget& target,
                                            const std::vector<json>& steps,
                                            std::optional<int64_t> index, const Actor& actor) {
  if (steps.empty()) throw UserError("nothing to add: give task or steps");
  for (const auto& fields : steps) {
    CheckFields(fields);
    if (!fields.contains("task")) throw UserError("every step needs a task");
  }
  return db_.Write([&] {
    const Plan plan = target.plan_id ? RequirePlan(db_, workspace_id, *target.plan_id)
                                     : BacklogPlan(db_, workspace_id, actor);
    const Phase phase = PhaseForAdding(db_, plan, target.phase, actor);
    const int64_t phase_id = phase.id;
    const int64_t count = CountInPhase(db_, phase_id);
    const int64_t at = index.value_or(count);
    CheckIndex(at, count, PhaseLabel(plan.code, phase.name));
    Shift(db_, phase_id, at, std::nullopt, static_cast<int64_t>(steps.size()));
    const std::string now = NowTimestamp();
    std::vector<StepInPlan> added;
    const json created_session = OrNull(CreatedSessionId(db_, workspace_id, actor));
    for (const auto& fields : steps) {
      json values = fields;
      if (values.contains("status")) {
        StepLifecycle::AddInitialStatusFields(values["status"], now, actor, &values);
      }
      values["workspace_id"] = workspace_id;
      values["plan_id"] = plan.id;
      values["phase_id"] = phase_id;
      values["code"] = AllocateCode(db_, workspace_id, code_prefix::kStep);
      values["order_index"] = at + static_cast<int64_t>(added.size());
      values["created_by"] = actor.agent.empty() ? json(nullptr) : json(actor.agent);
      values["created_session_id"] = created_session;
      const int64_t id = InsertRow(db_, "steps", values);
      added.push_back(Load(workspace_id, id));
      RecordChange(db_, {workspace_id, "step", id, "create", nullptr, ToJson(added.back())}, actor);
    }
    return added;
  });
}

StepInPlan StepRepository::ApplyChange(int64_t workspace_id, const StepChange& change,
                                       const Actor& actor) {
  CheckFields(change.fields);
  if (change.fields.empty()) throw UserError("nothing to update: pass a step field");
  auto status = change.fields.find("status");
  if (status != change.fields.end()) {
    // Decided on the row as the lifecycle's Load locks it (on PostgreSQL a
    // claim beside this write is waited for and then seen).
    StepLifecycle lifecycle(db_);
    const Step current = lifecycle.Load(change.step_id);
    if (current.workspace_id != workspace_id) ThrowNoSuchStep(change.step_id);
    if (*status != current.status) {
      // A status move: the lifecycle's rules, the other fields in the same change.
      StatusChange move;
      move.status = status->get<std::string>();
      move.force = change.force;
      lifecycle.Move(current, move, actor, change.fields);
      return Load(workspace_id, change.step_id);
    }
  }
  const StepInPlan before = Load(workspace_id, change.step_id);
  UpdateRow(db_, "steps", change.step_id, change.fields);
  StepInPlan after = Load(workspace_id, change.step_id);
  RecordChange(db_, {workspace_id, "step", change.step_id, "update", ToJson(before), ToJson(after)},
               actor);
  return after;
}

std::vector<StepInPlan> StepRepository::Update(int64_t workspace_id,
                                               const std::vector<StepChange>& changes,
                                               const Actor& actor) {
  return db_.Write([&] {
    std::vector<StepInPlan> updated;
    for (const auto& change : changes) {
      try {
        updated.push_back(ApplyChange(workspace_id, change, actor));
      } catch (const UserError& e) {
        if (change.label.empty()) throw;
        throw UserError(change.label + ": " + e.what() + "; nothing was changed");
      }
    }
    return updated;
  });
}

StepInPlan StepRepository::Move(int64_t workspace_id, int64_t step_id, const json& phase,
                                std::optional<int64_t> index, const Actor& actor) {
  return db_.Write([&] {
    const StepInPlan before = Load(workspace_id, step_id);
    const int64_t from_phase = before.step.phase_id;
    const int64_t from_index = before.step.order_index;
    int64_t to_phase = from_phase;
    std::string to_label = PhaseOf(before);
    if (!phase.is_null()) {
      const Plan plan = RequirePlan(db_, workspace_id, before.step.plan_id);
      const Phase target = RequirePhase(db_, plan, phase);
      to_phase = target.id;
      to_label = PhaseLabel(plan.code, target.name);
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
    StepInPlan after = Load(workspace_id, step_id);
    RecordChange(db_, {workspace_id, "step", step_id, "move", ToJson(before), ToJson(after)},
                 actor);
    return after;
  });
}

std::vector<StepInPlan> StepRepository::Reorder(int64_t workspace_id,
                                                const std::vector<int64_t>& order,
                                                const Actor& actor) {
  if (order.empty()) throw UserError("order must list the steps of one phase");
  return db_.Write([&] {
    std::vector<StepInPlan> rows;
    for (int64_t id : order) rows.push_back(Load(workspace_id, id));
    const StepInPlan& first = rows.front();
    const std::string where = PhaseOf(first);
    std::set<int64_t> seen;
    for (const auto& row : rows) {
      if (row.step.phase_id != first.step.phase_id) {
        throw UserError(row.step.code + " is in " + PhaseOf(row) + ", not " + where +
                        "; reorder one phase at a time");
      }
      if (!seen.insert(row.step.id).second) {
        throw UserError(row.step.code + " appears twice in order");
      }
    }
    // Uses idx_steps_phase_order.
    auto current =
        db_.Prepare("SELECT id, code FROM steps WHERE phase_id = ? ORDER BY order_index");
    current.Bind(1, first.step.phase_id);
    std::vector<std::string> missing;
    while (current.Step()) {
      if (!seen.count(current.Int64(0))) missing.push_back(current.Text(1));
    }
    if (!missing.empty()) {
      throw UserError("order must list every step of " + where +
                      "; missing: " + JoinChoices(missing, ", "));
    }
    std::vector<StepInPlan> result;
    for (size_t i = 0; i < rows.size(); ++i) {
      const StepInPlan& before = rows[i];
      if (before.step.order_index != static_cast<int64_t>(i)) {
        UpdateRow(db_, "steps", before.step.id, {{"order_index", static_cast<int64_t>(i)}});
        result.push_back(Load(workspace_id, before.step.id));
        RecordChange(db_,
                     {workspace_id, "step", before.step.id, "reorder", ToJson(before),
                      ToJson(result.back())},
                     actor);
      } else {
        result.push_back(before);
      }
    }
    return result;
  });
}

StepInPlan StepRepository::Delete(int64_t workspace_id, int64_t step_id, const Actor& actor) {
  return db_.Write([&] {
    const StepInPlan before = Load(workspace_id, step_id);
    Exec(db_, "DELETE FROM steps WHERE id = ? AND workspace_id = ?", {step_id, workspace_id});
    Shift(db_, before.step.phase_id, before.step.order_index + 1, std::nullopt, -1);
    RecordChange(db_, {workspace_id, "step", step_id, "delete", ToJson(before), nullptr}, actor);
    return before;
  });
}

StepPage StepRepository::List(int64_t workspace_id, const StepFilter& filter, int limit,
                              std::optional<int64_t> after_step) {
  std::string sql =
      std::string("SELECT ") + kStepListColumns + kStepJoins + "WHERE s.workspace_id = ?";
  std::vector<json> params = {workspace_id};
  if (filter.plan_id) {
    sql += " AND s.plan_id = ?";
    params.push_back(*filter.plan_id);
  }
  if (!filter.phase.is_null()) {
    std::optional<int64_t> phase_id = RefAsId(filter.phase);
    if (filter.plan_id) {
      const Plan plan = RequirePlan(db_, workspace_id, *filter.plan_id);
      phase_id = RequirePhase(db_, plan, filter.phase).id;
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
  if (filter.created_session_id) {
    sql += " AND s.created_session_id = ?";
    params.push_back(*filter.created_session_id);
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
  auto q = db_.Prepare(sql);
  for (size_t i = 0; i < params.size(); ++i) BindJson(q, static_cast<int>(i + 1), params[i]);
  while (q.Step()) page.items.push_back(ReadStepListItem(q));
  if (page.items.size() > static_cast<size_t>(limit)) {
    page.items.pop_back();
    page.next_after_step = page.items.back().id;
  }
  return page;
}

}  // namespace pm::store
