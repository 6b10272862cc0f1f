#include "store/plan_view.h"

#include "common/json_object.h"

namespace pm::store {

using nlohmann::json;

void PlanProgress::Count(const std::string& status) {
  ++total;
  if (status == "completed") ++completed;
  if (status == "in_progress") ++in_progress;
  if (status == "blocked") ++blocked;
  if (status == "pending") ++pending;
  if (status == "cancelled") ++cancelled;
}

PlanProgress& PlanProgress::operator+=(const PlanProgress& o) {
  total += o.total;
  completed += o.completed;
  in_progress += o.in_progress;
  blocked += o.blocked;
  pending += o.pending;
  cancelled += o.cancelled;
  return *this;
}

int64_t PlanProgress::percent() const {
  const int64_t countable = total - cancelled;
  return countable > 0 ? (100 * completed) / countable : 0;
}

json ToJson(const PlanProgress& p) {
  return JsonObject()
      .Set("total", p.total)
      .Set("completed", p.completed)
      .Set("in_progress", p.in_progress)
      .Set("blocked", p.blocked)
      .Set("pending", p.pending)
      .Set("cancelled", p.cancelled)
      .Set("percent", p.percent())
      .Take();
}

const char* const kPlanViewStepColumns =
    "id, code, phase_id, order_index, task, type, status, priority, assignee";

PlanViewStep ReadPlanViewStep(Statement& row, int first) {
  int c = first;
  PlanViewStep s;
  s.id = row.Int64(c++);
  s.code = row.Text(c++);
  s.phase_id = row.Int64(c++);
  s.order_index = row.Int64(c++);
  s.task = row.Text(c++);
  s.type = row.Text(c++);
  s.status = row.Text(c++);
  s.priority = row.Text(c++);
  s.assignee = row.OptText(c++);
  return s;
}

json ToJson(const PlanViewStep& s) {
  return JsonObject()
      .Set("id", s.id)
      .Set("code", s.code)
      .Set("phase_id", s.phase_id)
      .Set("order_index", s.order_index)
      .Set("task", s.task)
      .Set("type", s.type)
      .Set("status", s.status)
      .Set("priority", s.priority)
      .SetOrNull("assignee", s.assignee)
      .Take();
}

json ToJson(const PlanViewPhase& p) {
  json out = ToJson(p.phase);
  out["progress"] = ToJson(p.progress);
  json steps = json::array();
  for (const auto& step : p.steps) steps.push_back(ToJson(step));
  out["steps"] = std::move(steps);
  return out;
}

json ToJson(const PlanView& v) {
  json plan = ToJson(v.plan);
  plan["archived"] = false;
  plan["track"] = ToJson(v.track);
  plan["progress"] = ToJson(v.progress);
  json phases = json::array();
  for (const auto& phase : v.phases) phases.push_back(ToJson(phase));
  json requirements = json::array();
  for (const auto& r : v.requirements) requirements.push_back(ToJson(r));
  return JsonObject()
      .Set("plan", std::move(plan))
      .Set("phases", std::move(phases))
      .Set("notes", v.notes)
      .Set("requirements", std::move(requirements))
      .Set("git_links", v.git_links)
      .Take();
}

}  // namespace pm::store
