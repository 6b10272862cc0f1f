// The MCP resources of project memory, as Markdown:
//   project-memory://workspace/{workspace}          an overview (id, code or path)
//   project-memory://plan/{plan}                    a plan (id; or code in the
//                                                   server directory's workspace)
//   project-memory://knowledge/{workspace}/{slug}   a knowledge entry
//   project-memory://research/{workspace}/{id}      a research document
// resources/list names every workspace and, in each, its plans, knowledge and
// research, in a stable order.
#pragma once

#include "mcp/resource_registry.h"
#include "tools/tool_env.h"

namespace pm::tools {

// `env` must outlive the registry's use.
void BindResources(mcp::ResourceRegistry& registry, ToolEnv& env);

}  // namespace pm::tools
