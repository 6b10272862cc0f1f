#include "tools/all_tools.h"

namespace pm::tools {

void BindAllTools(mcp::ToolRegistry& registry, ToolEnv& env) {
  BindGetNextTask(registry, env);
  BindMemoryPlan(registry, env);
  BindMemoryWorkspace(registry, env);
  BindMemoryFeedback(registry, env);
  BindMemorySteps(registry, env);
  BindMemoryContext(registry, env);
  BindMemoryAgent(registry, env);
  BindUpdateTaskStatus(registry, env);
}

}  // namespace pm::tools
