#include "tools/memory_workspace_transfer.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/workspace_ref.h"
#include "common/atomic_file.h"
#include "common/file_read.h"
#include "common/user_error.h"
#include "render/transfer_summary.h"
#include "tools/tool_args.h"

namespace pm::tools {

using nlohmann::json;

store::ExportOptions ExportScope(ToolEnv& env, const json& args, std::string* scope) {
  store::ExportOptions options;
  *scope = "the whole store";
  if (!args.value("all", false)) {
    store::Workspace ws = WorkspaceFor(env, args);
    options.workspace_id = ws.id;
    *scope = "workspace " + ws.code;
  } else if (args.contains("workspace")) {
    throw UserError("pass workspace or all: true, not both");
  }
  if (args.contains("since"))
    options.since = store::NormalizeSinceTime(args["since"].get<std::string>());
  return options;
}

mcp::ToolResult ExportAction(ToolEnv& env, const mcp::ActionCall& call) {
  const json& args = call.args;
  std::string scope;
  const store::ExportOptions options = ExportScope(env, args, &scope);

  mcp::ProgressNotifier notifier(call.context);
  store::TransferProgress progress;
  if (notifier.active()) {
    progress = [&notifier](int64_t done, int64_t total) {
      notifier.Report(done, total, "exported " + std::to_string(done) + " rows");
    };
  }
  mcp::ToolResult result;
  store::ExportSummary summary;
  if (args.contains("path")) {
    if (!env.file_writes) throw UserError("this server does not write files; export without path");
    const std::string path =
        AllowedPath(env, options.workspace_id, args["path"].get<std::string>(),
                    "leave out path to get the export inline (up to 64 KiB), or over HTTP GET "
                    "/api/export for any size");
    app::CheckExportTarget(path, args.value("overwrite", false));
    WriteFileAtomically(path, [&](std::ostream& out) {
      summary = store::WriteExport(env.db, options, out, progress);
    });
    result.structured["path"] = path;
    result.text = "Exported " + scope + " to " + path + " (" + std::to_string(summary.bytes) +
                  " bytes): " + render::ExportSummaryText(summary) + ".";
  } else {
    std::ostringstream out;
    summary = store::WriteExport(env.db, options, out, progress);
    if (out.str().size() > kInlineExportBytes) {
      throw UserError("the export is " + std::to_string(out.str().size()) +
                      " bytes, more than the " + std::to_string(kInlineExportBytes) +
                      " returned inline; pass path to write it to a file");
    }
    result.structured["content"] = out.str();
    result.text = "Exported " + scope + " (" + std::to_string(summary.bytes) +
                  " bytes, in structuredContent.content): " + render::ExportSummaryText(summary) +
                  ".";
  }
  json rows = json::object();
  for (const auto& [table, n] : summary.rows) rows[table] = n;
  result.structured["bytes"] = summary.bytes;
  result.structured["rows"] = std::move(rows);
  result.structured["total_rows"] = summary.total_rows;
  result.structured["tombstones"] = summary.tombstones;
  return result;
}

mcp::ToolResult ImportAction(ToolEnv& env, const mcp::ActionCall& call) {
  const json& args = call.args;
  if (args.contains("path") == args.contains("content")) {
    throw UserError(
        "import needs path (a file written by export) or content (the export's text), one of "
        "them");
  }
  if (args.contains("content")) {
    return ImportContent(env, args["content"].get<std::string>(), std::nullopt, call.context);
  }
  const std::string path =
      AllowedPath(env, std::nullopt, args["path"].get<std::string>(),
                  "pass the export's text as content, or over HTTP POST it to /api/import");
  return ImportContent(env, ReadWholeFile(path), path, call.context);
}

mcp::ToolResult ImportContent(ToolEnv& env, std::string_view content,
                              const std::optional<std::string>& path,
                              const mcp::CallContext& context) {
  mcp::ProgressNotifier notifier(context);
  store::TransferProgress progress;
  if (notifier.active()) {
    progress = [&notifier](int64_t done, int64_t total) {
      notifier.Report(done, total, "imported " + std::to_string(done) + " bytes");
    };
  }
  store::ImportSummary summary = store::ImportExport(env.db, content, progress);
  json tables = json::object();
  for (const auto& [table, c] : summary.tables) {
    tables[table] = {{"inserted", c.inserted}, {"updated", c.updated}, {"unchanged", c.unchanged}};
    if (c.skipped) tables[table]["skipped"] = c.skipped;
  }
  mcp::ToolResult result;
  result.structured = {{"schema_version", summary.schema_version},
                       {"workspace_code", summary.workspace ? json(*summary.workspace) : json()},
                       {"rows", summary.rows},
                       {"tables", std::move(tables)},
                       {"tombstones_applied", summary.tombstones_applied},
                       {"tombstones_absent", summary.tombstones_absent}};
  if (path) result.structured["path"] = *path;
  result.text = "Imported " + (path ? *path : std::string("the content")) + ": " +
                render::ImportSummaryText(summary) + ".";
  return result;
}

}  // namespace pm::tools
