#include "tools/all_tools.h"

namespace pm::tools {

void BindAllTools(mcp::ToolRegistry& registry, ToolEnv& env) {
  BindMemoryWorkspace(registry, env);
  BindMemoryFeedback(registry, env);
}

}  // namespace pm::tools
