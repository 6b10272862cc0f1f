// What the scheduling tools (get_next_task, update_task_status, memory_plan
// ready, memory_steps next/claim/release/heartbeat) share: reading the
// filter from arguments, and rendering a task for an agent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "store/actor.h"
#include "store/row_json.h"
#include "store/scheduler.h"
#include "store/work_item.h"
#include "store/workspace_repository.h"
#include "tools/tool_env.h"

namespace pm::tools {

using nlohmann::json;

// The steps a call asks about: the workspace, narrowed by the optional "plan"
// (id or P-code), "track" (id or name), "phase" (id or P12/Name) and "type"
// arguments. Throws UserError naming what was not found.
store::TaskFilter TaskFilterFor(ToolEnv& env, const store::Workspace& ws, const json& args);

// A plan, phase or step of the workspace by P12, T51, P12/Design or kind:id
// (an integer is taken as a step id); UserError when none matches.
store::WorkItem WorkItemFor(ToolEnv& env, const store::Workspace& ws, const json& ref);

// A step by id or T-code; UserError when the workspace has none.
int64_t StepIdFor(ToolEnv& env, const store::Workspace& ws, const json& ref);

// The task as text: what to do, where it belongs, what it needs and produces.
std::string TaskText(const store::TaskView& view);
// One line per step summary ("- T7 task (P2 › Build)").
std::string StepLines(const std::vector<store::StepSummary>& summaries);

using store::RowsJson;

}  // namespace pm::tools
