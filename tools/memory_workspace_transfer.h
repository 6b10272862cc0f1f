// memory_workspace actions "export" and "import": the store, or one workspace,
// as lossless JSONL (format: src/store/export_format.h), for agents.
//
// export writes to `path` when given (through a temporary file renamed into
// place, so a reader never sees half a file); without it the JSONL comes back
// inline in structuredContent.content when it is at most kInlineExportBytes,
// and is refused otherwise. import reads `path`. Both send
// notifications/progress when the request carried a progressToken.
#pragma once

#include <cstddef>
#include <string>

#include "mcp/tool_registry.h"
#include "store/export_writer.h"
#include "store/import_reader.h"
#include "tools/tool_env.h"

namespace pm::tools {

inline constexpr size_t kInlineExportBytes = 64 * 1024;

mcp::ToolResult ExportAction(ToolEnv& env, const mcp::ActionCall& call);

// What an export of `args` covers ("workspace" or "all": true, "since"), and a
// name for it ("workspace shop", "the whole store"). Throws UserError for an
// unknown workspace, both at once or a malformed since. Shared with the HTTP
// server's streamed GET /api/export.
store::ExportOptions ExportScope(ToolEnv& env, const nlohmann::json& args, std::string* scope);
mcp::ToolResult ImportAction(ToolEnv& env, const mcp::ActionCall& call);

}  // namespace pm::tools
