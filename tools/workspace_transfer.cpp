#include "tools/workspace_transfer.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/atomic_file.h"
#include "common/user_error.h"
#include "tools/tool_args.h"
#include "tools/workspace_ref.h"

namespace pm::tools {

namespace {

using nlohmann::json;

std::string Plural(int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string ReadFile(const std::string& path) {
  // A device or a FIFO (/dev/zero, a pipe nobody writes) would never end: only
  // regular files are read, so a bad path cannot hang the server.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    throw UserError("cannot read " + path + ": not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw UserError("cannot read " + path);
  return content.str();
}

}  // namespace

std::string ExportSummaryText(const store::ExportSummary& summary) {
  std::string tables;
  for (const auto& [table, n] : summary.rows) {
    tables += (tables.empty() ? "" : ", ") + table + " " + std::to_string(n);
  }
  std::string text = Plural(summary.total_rows, "row", "rows");
  if (!tables.empty()) text += " (" + tables + ")";
  return text + ", " + Plural(summary.tombstones, "tombstone", "tombstones");
}

std::string ImportSummaryText(const store::ImportSummary& summary) {
  store::ImportCounts all;
  std::string tables;
  for (const auto& [table, c] : summary.tables) {
    all.inserted += c.inserted;
    all.updated += c.updated;
    all.unchanged += c.unchanged;
    std::string parts;
    if (c.inserted) parts += std::to_string(c.inserted) + " new";
    if (c.updated) parts += (parts.empty() ? "" : ", ") + std::to_string(c.updated) + " updated";
    if (c.unchanged) {
      parts += (parts.empty() ? "" : ", ") + std::to_string(c.unchanged) + " unchanged";
    }
    if (c.skipped) parts += (parts.empty() ? "" : ", ") + std::to_string(c.skipped) + " skipped";
    tables += (tables.empty() ? "" : "; ") + table + " " + parts;
  }
  std::string text = Plural(summary.rows, "row", "rows") + ": " + std::to_string(all.inserted) +
                     " inserted, " + std::to_string(all.updated) + " updated, " +
                     std::to_string(all.unchanged) + " unchanged";
  if (!tables.empty()) text += " (" + tables + ")";
  text += "; " + Plural(summary.tombstones_applied, "tombstone", "tombstones") + " applied";
  if (summary.tombstones_absent) {
    text += ", " + std::to_string(summary.tombstones_absent) + " already absent";
  }
  return text;
}

mcp::ToolResult ExportAction(ToolEnv& env, const mcp::ActionCall& call) {
  const json& args = call.args;
  store::ExportOptions options;
  std::string scope = "the whole store";
  if (!args.value("all", false)) {
    store::Workspace ws = WorkspaceFor(env, args);
    options.workspace_id = ws.id;
    scope = "workspace " + ws.code;
  } else if (args.contains("workspace")) {
    throw UserError("pass workspace or all: true, not both");
  }
  if (args.contains("since"))
    options.since = store::NormalizeSinceTime(args["since"].get<std::string>());

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
    const std::string path = NormalizePath(args["path"].get<std::string>(), env.cwd);
    WriteFileAtomically(path, [&](std::ostream& out) {
      summary = store::WriteExport(env.db, options, out, progress);
    });
    result.structured["path"] = path;
    result.text = "Exported " + scope + " to " + path + " (" + std::to_string(summary.bytes) +
                  " bytes): " + ExportSummaryText(summary) + ".";
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
                  " bytes, in structuredContent.content): " + ExportSummaryText(summary) + ".";
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
  const std::string path = NormalizePath(call.args["path"].get<std::string>(), env.cwd);
  const std::string content = ReadFile(path);
  mcp::ProgressNotifier notifier(call.context);
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
  result.structured = {{"path", path},
                       {"schema_version", summary.schema_version},
                       {"workspace_code", summary.workspace ? json(*summary.workspace) : json()},
                       {"rows", summary.rows},
                       {"tables", std::move(tables)},
                       {"tombstones_applied", summary.tombstones_applied},
                       {"tombstones_absent", summary.tombstones_absent}};
  result.text = "Imported " + path + ": " + ImportSummaryText(summary) + ".";
  return result;
}

}  // namespace pm::tools
