// memory_workspace actions "export" and "import": the store, or one workspace,
// as lossless JSONL (format: src/store/export_format.h), for agents; plus the
// summaries the CLI's export and import commands print.
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
mcp::ToolResult ImportAction(ToolEnv& env, const mcp::ActionCall& call);

// "1204 rows (workspaces 1, plans 3, ...), 2 tombstones"
std::string ExportSummaryText(const store::ExportSummary& summary);
// "1204 rows: 1000 inserted, 4 updated, 200 unchanged (plans 3 new, ...); 1 tombstone applied"
std::string ImportSummaryText(const store::ImportSummary& summary);

}  // namespace pm::tools
