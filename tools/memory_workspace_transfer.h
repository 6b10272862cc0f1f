// memory_workspace actions "export" and "import": the store, or one workspace,
// as lossless JSONL (format: src/store/export_format.h), for agents.
//
// export writes to `path` when given and the server's file policy allows it
// (through a temporary file renamed into place, so a reader never sees half a
// file; a file that is not an export is replaced only with overwrite: true);
// without it the JSONL comes back inline in structuredContent.content when it
// is at most kInlineExportBytes, and is refused otherwise. import reads `path`
// (policy permitting) or takes the export's text as `content`. Both send
// notifications/progress when the request carried a progressToken.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

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

// Applies an export's text (read from `path`, when it came from a file): what
// import does once it has the content. Shared with the HTTP server's POST
// /api/import. Throws UserError when the content is refused; nothing is
// written then.
mcp::ToolResult ImportContent(ToolEnv& env, std::string_view content,
                              const std::optional<std::string>& path,
                              const mcp::CallContext& context);

}  // namespace pm::tools
