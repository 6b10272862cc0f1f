#include "tools/task_args.h"

#include "common/user_error.h"
#include "store/shapes.h"
#include "store/short_codes.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

std::string Shown(const json& ref) { return ref.is_string() ? ref.get<std::string>() : ref.dump(); }

std::string Items(const json& list) {
  std::string text;
  for (const auto& item : list)
    text += (text.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
  return text;
}

}  // namespace

store::WorkItem WorkItemFor(ToolEnv& env, const store::Workspace& ws, const json& ref) {
  if (ref.is_number_integer()) return {store::WorkKind::kStep, StepIdFor(env, ws, ref)};
  if (auto item = store::FindWorkItem(env.db, ws.id, Shown(ref))) return *item;
  throw UserError("no plan, phase or step " + Shown(ref) + " in workspace " + ws.code +
                  " (give P12, T51, P12/Phase name or phase:7)");
}

int64_t StepIdFor(ToolEnv& env, const store::Workspace& ws, const json& ref) {
  return RequireRefId(env, store::shapes::kStep, ws, ref, store::code_prefix::kStep, "task");
}

store::TaskFilter TaskFilterFor(ToolEnv& env, const store::Workspace& ws, const json& args) {
  store::TaskFilter filter;
  filter.workspace_id = ws.id;
  if (args.contains("plan")) {
    filter.plan_id = RequirePlan(env, ws, args["plan"]).id;
  }
  if (args.contains("track")) {
    filter.track_id = store::FindTrackId(env.db, ws.id, args["track"]);
    if (!filter.track_id)
      throw UserError("no track " + Shown(args["track"]) + " in workspace " + ws.code);
  }
  if (args.contains("phase")) {
    const json& ref = args["phase"];
    auto phase = ref.is_number_integer() ? store::FindWorkItem(env.db, ws.id, "phase:" + ref.dump())
                                         : store::FindWorkItem(env.db, ws.id, Shown(ref));
    if (!phase || phase->kind != store::WorkKind::kPhase) {
      throw UserError("no phase " + Shown(ref) + " in workspace " + ws.code +
                      " (give its id or P12/Phase name)");
    }
    filter.phase_id = phase->id;
  }
  if (args.contains("type")) filter.type = args["type"].get<std::string>();
  return filter;
}

std::string TaskText(const store::TaskView& view) {
  const store::Step& t = view.task;
  std::string text = t.code + " " + t.task + " [" + t.status + "]";
  if (t.claim.holder_agent) {
    text += " — held by " + *t.claim.holder_agent;
    if (t.claim.lease_expires_at) text += " until " + *t.claim.lease_expires_at;
  }
  if (view.plan) {
    text += "\nPlan " + view.plan->code + " " + view.plan->title;
    if (view.phase) text += " › " + view.phase->name;
  }
  if (t.description) text += "\n" + *t.description;
  const json inputs = json::parse(t.inputs, nullptr, false);
  const json outputs = json::parse(t.expected_outputs, nullptr, false);
  if (inputs.is_array() && !inputs.empty()) text += "\nInputs: " + Items(inputs);
  if (outputs.is_array() && !outputs.empty()) text += "\nExpected outputs: " + Items(outputs);
  if (t.context_notes) text += "\nContext: " + *t.context_notes;
  for (const auto& r : view.requirements) {
    text += "\nOpen criterion " + r.code + ": " + Summarize(r.text, 100);
  }
  for (const auto& n : view.notes) text += "\n" + n.kind + ": " + Summarize(n.text, 100);
  return text;
}

std::string StepLines(const std::vector<store::StepSummary>& summaries) {
  std::string text;
  for (const auto& s : summaries) {
    text += "- " + s.code + " " + Summarize(s.task, 80) + " (" + s.plan_code + " › " +
            s.phase_name + ")\n";
  }
  return text;
}

}  // namespace pm::tools
