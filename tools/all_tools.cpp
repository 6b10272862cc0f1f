#include "tools/all_tools.h"

#include "store/storage_error.h"

namespace pm::tools {

void BindAllTools(mcp::ToolRegistry& registry, ToolEnv& env) {
  // A full, locked, read-only or damaged database, or a value the schema
  // refuses, is something the agent (or its person) can act on: an isError
  // result with the reason, not -32603.
  registry.SetFailureTranslator([&env](const std::exception& e) -> std::optional<std::string> {
    if (auto storage = store::AsStorageError(e, env.db.storage_context())) {
      return std::string(storage->what());
    }
    return store::DescribeRefusedValue(e);
  });
  // Reads marked reusable are answered again while nothing has been committed.
  registry.SetDataStamp([&env]() -> std::optional<std::pair<int64_t, int64_t>> {
    if (auto stamp = env.db.Stamp()) return std::make_pair(stamp->others, stamp->own);
    return std::nullopt;
  });
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
