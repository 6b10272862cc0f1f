// Binds the handler of every catalog action. One call per tool, one file per
// tool in tools/, named after it.
#pragma once

#include "mcp/tool_registry.h"
#include "tools/tool_env.h"

namespace pm::tools {

void BindAllTools(mcp::ToolRegistry& registry, ToolEnv& env);

// Each tool's binder; see tools/<tool>.cpp.
void BindGetNextTask(mcp::ToolRegistry& registry, ToolEnv& env);
void BindMemoryPlan(mcp::ToolRegistry& registry, ToolEnv& env);
void BindMemoryWorkspace(mcp::ToolRegistry& registry, ToolEnv& env);
void BindMemoryFeedback(mcp::ToolRegistry& registry, ToolEnv& env);
void BindMemorySteps(mcp::ToolRegistry& registry, ToolEnv& env);
void BindMemoryContext(mcp::ToolRegistry& registry, ToolEnv& env);
void BindMemoryAgent(mcp::ToolRegistry& registry, ToolEnv& env);
void BindUpdateTaskStatus(mcp::ToolRegistry& registry, ToolEnv& env);

// Binds the catalog-driven "describe" action of `tool`.
void BindDescribe(mcp::ToolRegistry& registry, const std::string& tool);
// The help describe answers for `tool`: the whole tool, or the action named by
// args["about"] (UserError naming the actions when it has none of that name).
mcp::ToolResult DescribeResult(const catalog::Tool& tool, const nlohmann::json& args);

}  // namespace pm::tools
