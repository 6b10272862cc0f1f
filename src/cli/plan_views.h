// Reading whole plans through the tools: every plan of a workspace (memory_plan
// "list", all pages) as plan views (memory_plan "get"), and every dependency
// edge that touches them (memory_plan "dependencies" per plan, phase and step).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/graph_render.h"
#include "cli/tool_client.h"

namespace pm::cli {

// The plan views of every unarchived plan of the workspace in `args`
// ({"workspace": ...} or {}), in the order memory_plan "list" sorts them
// (priority). Throws ToolError as the tools do.
json WorkspacePlanViews(ToolClient& client, const json& args);

// Copies "blocked_reason", "holder_agent" and "lease_expires_at" from
// memory_steps "get" onto the steps of `plan_views` whose status is one of
// `statuses` (plan views list step summaries without them): one call per step,
// for at most `limit` steps of each status.
void AddStepDetails(ToolClient& client, const json& args, json& plan_views,
                    const std::vector<std::string>& statuses, size_t limit = SIZE_MAX);

// AddStepDetails for every blocked step: what draws their reasons needs.
inline void AddBlockedReasons(ToolClient& client, const json& args, json& plan_views) {
  AddStepDetails(client, args, plan_views, {"blocked"});
}

// The graph of `plan_views` with every dependency edge of their plans, phases
// and steps (edges to items of other plans bring those items in as outside
// nodes, labelled "P4 Title" / "T9 Task" like the plans' own).
DependencyGraph GraphOfPlans(ToolClient& client, const json& args, const json& plan_views);

}  // namespace pm::cli
