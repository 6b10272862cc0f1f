// update_task_status (seed 002 FR-09): move a task through its lifecycle and
// learn what became ready. See catalog/update_task_status.json.
#include "store/scheduler.h"
#include "tools/all_tools.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

mcp::ToolResult UpdateTaskStatus(ToolEnv& env, const mcp::ActionCall& call) {
  const json& a = call.args;
  store::Workspace ws = WorkspaceFor(env, a);
  store::StatusChange change;
  change.status = a["status"];
  if (a.contains("notes")) change.notes = a["notes"].get<std::string>();
  if (a.contains("completion_notes"))
    change.completion_notes = a["completion_notes"].get<std::string>();
  change.force = a["force"];
  const store::StatusUpdate r = store::Scheduler(env.db).UpdateTaskStatus(
      StepIdFor(env, ws, a["task"]), change, ActorFor(env, a));

  mcp::ToolResult result;
  result.structured = store::ToJson(r);
  const store::Step& t = r.task.task;
  result.text = t.code + " is " + t.status + " (was " + r.previous_status + ").";
  if (!r.became_ready.empty()) result.text += " Now ready:\n" + StepLines(r.became_ready);
  if (r.plan_open_steps == 0 && r.task.plan) {
    const std::string plan = r.task.plan->code;
    result.text +=
        "\nEvery step of " + plan + " is done: mark the plan completed with memory_plan update.";
  }
  return result;
}

}  // namespace

void BindUpdateTaskStatus(mcp::ToolRegistry& registry, ToolEnv& env) {
  registry.Bind("update_task_status", "set",
                [&env](const mcp::ActionCall& c) { return UpdateTaskStatus(env, c); });
  BindDescribe(registry, "update_task_status");
}

}  // namespace pm::tools
