#include "store/step.h"

#include "common/json_object.h"
#include "store/row_json.h"

namespace pm::store {

json ToJson(const Step& s) {
  return JsonObject()
      .Set("id", s.id)
      .Set("workspace_id", s.workspace_id)
      .Set("plan_id", s.plan_id)
      .Set("phase_id", s.phase_id)
      .Set("code", s.code)
      .Set("order_index", s.order_index)
      .Set("task", s.task)
      .SetOrNull("description", s.description)
      .Set("type", s.type)
      .Set("status", s.status)
      .Set("priority", s.priority)
      .SetOrNull("assignee", s.assignee)
      .Set("inputs", JsonColumn(s.inputs))
      .Set("expected_outputs", JsonColumn(s.expected_outputs))
      .SetOrNull("context_notes", s.context_notes)
      .SetOrNull("completion_notes", s.completion_notes)
      .SetOrNull("blocked_reason", s.blocked_reason)
      .SetOrNull("generator_name", s.generator_name)
      .Set("requires_confirmation", s.requires_confirmation)
      .SetOrNull("estimate_hours", s.estimate_hours)
      .SetOrNull("created_by", s.created_by)
      .SetOrNull("completed_by", s.completed_by)
      .Set("created_at", s.created_at)
      .Set("updated_at", s.updated_at)
      .SetOrNull("started_at", s.started_at)
      .SetOrNull("completed_at", s.completed_at)
      .SetOrNull("holder_agent", s.claim.holder_agent)
      .SetOrNull("holder_session", s.claim.holder_session)
      .SetOrNull("claimed_at", s.claim.claimed_at)
      .SetOrNull("lease_expires_at", s.claim.lease_expires_at)
      .SetOrNull("created_session_id", s.created_session_id)
      .Take();
}

json ToJson(const StepInPlan& s) {
  json out = ToJson(s.step);
  out["plan_code"] = s.plan_code;
  out["plan_title"] = s.plan_title;
  out["phase_name"] = s.phase_name;
  return out;
}

json ToJson(const StepSummary& s) {
  return JsonObject()
      .Set("id", s.id)
      .Set("code", s.code)
      .Set("task", s.task)
      .Set("type", s.type)
      .Set("status", s.status)
      .Set("priority", s.priority)
      .Set("plan_id", s.plan_id)
      .Set("plan_code", s.plan_code)
      .Set("plan_priority", s.plan_priority)
      .Set("phase_id", s.phase_id)
      .Set("phase_name", s.phase_name)
      .Set("phase_order", s.phase_order)
      .Set("order_index", s.order_index)
      .Take();
}

json ToJson(const StepListItem& s) {
  return JsonObject()
      .Set("id", s.id)
      .Set("code", s.code)
      .Set("task", s.task)
      .Set("status", s.status)
      .Set("type", s.type)
      .Set("priority", s.priority)
      .SetOrNull("assignee", s.assignee)
      .Set("plan_id", s.plan_id)
      .Set("plan_code", s.plan_code)
      .Set("phase_id", s.phase_id)
      .Set("phase_name", s.phase_name)
      .Set("order_index", s.order_index)
      .Take();
}

// One list for both column constants below (a literal, so they join at compile time).
#define PM_STEP_COLUMNS                                                                         \
  "s.id, s.workspace_id, s.plan_id, s.phase_id, s.code, s.order_index, s.task, s.description, " \
  "s.type, s.status, s.priority, s.assignee, s.inputs, s.expected_outputs, s.context_notes, "   \
  "s.completion_notes, s.blocked_reason, s.generator_name, s.requires_confirmation, "           \
  "s.estimate_hours, s.created_by, s.completed_by, s.created_at, s.updated_at, s.started_at, "  \
  "s.completed_at, s.holder_agent, s.holder_session, s.claimed_at, s.lease_expires_at, "        \
  "s.created_session_id"

const char* const kStepColumns = PM_STEP_COLUMNS;

const char* const kStepJoins =
    " FROM steps AS s JOIN plans AS p ON p.id = s.plan_id JOIN phases AS ph ON ph.id = s.phase_id ";

Step ReadStep(Statement& row, int first) {
  int c = first;
  Step s;
  s.id = row.Int64(c++);
  s.workspace_id = row.Int64(c++);
  s.plan_id = row.Int64(c++);
  s.phase_id = row.Int64(c++);
  s.code = row.Text(c++);
  s.order_index = row.Int64(c++);
  s.task = row.Text(c++);
  s.description = row.OptText(c++);
  s.type = row.Text(c++);
  s.status = row.Text(c++);
  s.priority = row.Text(c++);
  s.assignee = row.OptText(c++);
  s.inputs = row.Text(c++);
  s.expected_outputs = row.Text(c++);
  s.context_notes = row.OptText(c++);
  s.completion_notes = row.OptText(c++);
  s.blocked_reason = row.OptText(c++);
  s.generator_name = row.OptText(c++);
  s.requires_confirmation = row.Bool(c++);
  if (!row.IsNull(c)) s.estimate_hours = row.Double(c);
  ++c;
  s.created_by = row.OptText(c++);
  s.completed_by = row.OptText(c++);
  s.created_at = row.Text(c++);
  s.updated_at = row.Text(c++);
  s.started_at = row.OptText(c++);
  s.completed_at = row.OptText(c++);
  s.claim.holder_agent = row.OptText(c++);
  s.claim.holder_session = row.OptText(c++);
  s.claim.claimed_at = row.OptText(c++);
  s.claim.lease_expires_at = row.OptText(c++);
  if (!row.IsNull(c)) s.created_session_id = row.Int64(c);
  ++c;
  return s;
}

const char* const kStepInPlanColumns = PM_STEP_COLUMNS ", p.code, p.title, ph.name";

#undef PM_STEP_COLUMNS

StepInPlan ReadStepInPlan(Statement& row) {
  StepInPlan s;
  s.step = ReadStep(row);
  s.plan_code = row.Text(31);
  s.plan_title = row.Text(32);
  s.phase_name = row.Text(33);
  return s;
}

const char* const kStepSummaryColumns =
    "s.id, s.code, s.task, s.type, s.status, s.priority, s.plan_id, p.code, p.priority, "
    "s.phase_id, ph.name, ph.order_index, s.order_index";

StepSummary ReadStepSummary(Statement& row, int first) {
  int c = first;
  StepSummary s;
  s.id = row.Int64(c++);
  s.code = row.Text(c++);
  s.task = row.Text(c++);
  s.type = row.Text(c++);
  s.status = row.Text(c++);
  s.priority = row.Text(c++);
  s.plan_id = row.Int64(c++);
  s.plan_code = row.Text(c++);
  s.plan_priority = row.Text(c++);
  s.phase_id = row.Int64(c++);
  s.phase_name = row.Text(c++);
  s.phase_order = row.Int64(c++);
  s.order_index = row.Int64(c++);
  return s;
}

const char* const kStepListColumns =
    "s.id, s.code, s.task, s.status, s.type, s.priority, s.assignee, s.plan_id, p.code, "
    "s.phase_id, ph.name, s.order_index";

StepListItem ReadStepListItem(Statement& row) {
  int c = 0;
  StepListItem s;
  s.id = row.Int64(c++);
  s.code = row.Text(c++);
  s.task = row.Text(c++);
  s.status = row.Text(c++);
  s.type = row.Text(c++);
  s.priority = row.Text(c++);
  s.assignee = row.OptText(c++);
  s.plan_id = row.Int64(c++);
  s.plan_code = row.Text(c++);
  s.phase_id = row.Int64(c++);
  s.phase_name = row.Text(c++);
  s.order_index = row.Int64(c++);
  return s;
}

}  // namespace pm::store
