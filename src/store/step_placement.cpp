#include "store/step_placement.h"

#include <cctype>

#include "common/text.h"
#include "common/user_error.h"
#include "store/change_log.h"
#include "store/created_session.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "store/typed_query.h"

namespace pm::store {

namespace {

Phase CreatePhase(Database& db, const Plan& plan, const std::string& name, const Actor& actor) {
  auto next = db.Prepare("SELECT coalesce(max(order_index) + 1, 0) FROM phases WHERE plan_id = ?");
  next.Bind(1, plan.id);
  next.Step();
  const int64_t order_index = next.Int64(0);
  next.Reset();
  const int64_t id =
      InsertRow(db, "phases", {{"plan_id", plan.id}, {"name", name}, {"order_index", order_index}});
  Phase phase = *LoadPhase(db, id);
  RecordChange(db, {plan.workspace_id, "phase", id, "create", nullptr, ToJson(phase)}, actor);
  return phase;
}

}  // namespace

Plan RequirePlan(Database& db, int64_t workspace_id, int64_t plan_id) {
  auto plan = LoadPlan(db, workspace_id, plan_id);
  if (!plan) throw UserError("plan #" + std::to_string(plan_id) + " is not in this workspace");
  return *plan;
}

Plan BacklogPlan(Database& db, int64_t workspace_id, const Actor& actor) {
  // Uses the partial unique index idx_plans_backlog.
  if (auto plan = ReadFirst(db,
                            std::string("SELECT ") + kPlanColumns +
                                " FROM plans AS p WHERE p.workspace_id = ? AND p.is_backlog",
                            {workspace_id}, ReadPlan)) {
    return *plan;
  }
  const int64_t id =
      InsertRow(db, "plans",
                {{"workspace_id", workspace_id},
                 {"code", AllocateCode(db, workspace_id, code_prefix::kPlan)},
                 {"title", "Backlog"},
                 {"description", "Steps added without naming a plan."},
                 {"category", "chore"},
                 {"status", "active"},
                 {"is_backlog", true},
                 {"created_by", actor.agent.empty() ? json(nullptr) : json(actor.agent)},
                 {"created_session_id", OrNull(CreatedSessionId(db, workspace_id, actor))}});
  Plan plan = *LoadPlan(db, id);
  RecordChange(db, {workspace_id, "plan", id, "create", nullptr, ToJson(plan)}, actor);
  CreatePhase(db, plan, "Backlog", actor);
  return plan;
}

Phase RequirePhase(Database& db, const Plan& plan, const json& ref) {
  const std::vector<Phase> phases = PlanPhases(db, plan.id);
  const std::optional<int64_t> id = RefAsId(ref);
  for (const auto& phase : phases) {
    if (id && phase.id == *id) return phase;
  }
  if (ref.is_string()) {
    const std::string name = ref.get<std::string>();
    for (const auto& phase : phases) {
      if (phase.name == name) return phase;
    }
    for (const auto& phase : phases) {
      if (AsciiLower(phase.name) == AsciiLower(name)) return phase;
    }
  }
  std::vector<std::string> names;
  for (const auto& phase : phases) {
    names.push_back("'" + phase.name + "' (" + std::to_string(phase.id) + ")");
  }
  const std::string shown = ref.is_string() ? "'" + ref.get<std::string>() + "'" : ref.dump();
  throw UserError(
      "plan " + plan.code + " has no phase " + shown +
      (names.empty() ? "; it has no phases yet" : "; its phases: " + JoinChoices(names, ", ")));
}

Phase PhaseForAdding(Database& db, const Plan& plan, const json& ref, const Actor& actor) {
  const std::vector<Phase> phases = PlanPhases(db, plan.id);
  if (phases.empty() && !RefAsId(ref)) {
    const bool named =
        ref.is_string() && ref.get<std::string>().find_first_not_of(" \t\r\n") != std::string::npos;
    return CreatePhase(db, plan, named ? ref.get<std::string>() : "Phase 1", actor);
  }
  if (ref.is_null()) return phases.back();
  return RequirePhase(db, plan, ref);
}

std::string PhaseLabel(const std::string& plan_code, const std::string& phase_name) {
  return plan_code + " phase '" + phase_name + "'";
}

}  // namespace pm::store
