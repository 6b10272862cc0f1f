// The MCP prompts of project memory:
//   start_work (plan?, workspace?)  a briefing and the next ready task, read
//                                   only, with how to claim it (get_next_task)
//   plan_feature (idea, workspace?, category?)
//                                   how to turn an idea into a plan with phases,
//                                   steps and acceptance criteria
//   hand_off (plan, to_agent?, workspace?)
//                                   the plan's state, its steps in progress, and
//                                   the memory_agent handoff call to make
// Every call a prompt tells the agent to make is checked against the catalog
// when the prompt is rendered (std::logic_error if the catalog lacks it).
#pragma once

#include "mcp/prompt_registry.h"
#include "tools/tool_env.h"

namespace pm::tools {

// `env` must outlive the registry's use.
void BindPrompts(mcp::PromptRegistry& registry, ToolEnv& env);

}  // namespace pm::tools
