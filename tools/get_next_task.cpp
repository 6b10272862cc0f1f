// get_next_task (seed 002 FR-08): the best ready task of a workspace, claimed
// for the caller unless claim=false. See catalog/get_next_task.json.
#include "store/scheduler.h"
#include "tools/all_tools.h"
#include "tools/task_args.h"
#include "tools/tool_args.h"

namespace pm::tools {

namespace {

mcp::ToolResult GetNextTask(ToolEnv& env, const mcp::ActionCall& call) {
  const json& a = call.args;
  store::Workspace ws = WorkspaceFor(env, a);
  const store::NextTask next = store::Scheduler(env.db).GetNextTask(
      TaskFilterFor(env, ws, a), a["claim"], a["lease_seconds"], ActorFor(env, a));
  mcp::ToolResult result;
  result.structured = store::ToJson(next);
  if (!next.task) {
    result.text = next.nothing_ready->message;
    return result;
  }
  const std::string& code = next.task->task.code;
  result.text =
      TaskText(*next.task) +
      (next.claimed ? "\nWhen done: update_task_status task=" + code + " status=completed."
                    : "\nNot claimed: start it with update_task_status task=" + code +
                          " status=in_progress.");
  return result;
}

}  // namespace

void BindGetNextTask(mcp::ToolRegistry& registry, ToolEnv& env) {
  // Without a claim it only reads, and its answer depends on the data alone.
  registry.Bind(
      "get_next_task", "get", [&env](const mcp::ActionCall& c) { return GetNextTask(env, c); },
      [](const json& args) { return !args.value("claim", true); });
  BindDescribe(registry, "get_next_task");
}

}  // namespace pm::tools
