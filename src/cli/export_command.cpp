// `project-memory export`: the store, or one workspace, as lossless JSONL (the
// format is described in src/store/export_format.h), to stdout or a file; a
// progress bar and a summary on stderr.
#include <filesystem>
#include <iostream>

#include "app/workspace_ref.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "cli/startup.h"
#include "common/atomic_file.h"
#include "render/transfer_summary.h"
#include "store/export_writer.h"

namespace pm::cli {

namespace {

struct ExportCommandOptions {
  std::string workspace;  // id, code or path; empty: the whole store
  std::string since;
  std::string output;  // file; empty or "-": stdout
  bool quiet = false;
};

int Export(const GlobalOptions& global, const ExportCommandOptions& options) {
  auto db = OpenStore(global);
  store::ExportOptions export_options;
  std::string scope = "every workspace";
  if (!options.workspace.empty()) {
    store::WorkspaceRepository workspaces(*db);
    store::Workspace ws = app::ResolveWorkspace(workspaces, nlohmann::json(options.workspace),
                                                std::filesystem::current_path().string());
    export_options.workspace_id = ws.id;
    scope = "workspace " + ws.code;
  }
  if (!options.since.empty()) export_options.since = store::NormalizeSinceTime(options.since);

  ProgressBar bar("export", "rows", options.quiet);
  auto progress = [&bar](int64_t done, int64_t total) { bar.Update(done, total); };
  store::ExportSummary summary;
  std::string destination = "stdout";
  if (options.output.empty() || options.output == "-") {
    std::ios::sync_with_stdio(false);
    summary = store::WriteExport(*db, export_options, std::cout, progress);
  } else {
    WriteFileAtomically(options.output, [&](std::ostream& file) {
      summary = store::WriteExport(*db, export_options, file, progress);
    });
    destination = options.output;
  }
  bar.Finish();
  if (!options.quiet) {
    std::cerr << "Exported " << scope
              << (export_options.since ? " changed after " + *export_options.since : "") << " to "
              << destination << " (" << GroupDigits(summary.bytes)
              << " bytes): " << render::ExportSummaryText(summary) << ".\n";
  }
  return 0;
}

}  // namespace

void AddExportCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<ExportCommandOptions>();
  CLI::App* cmd =
      app.add_subcommand("export",
                         "Write every workspace (or one) as lossless JSONL: every row, for backup, "
                         "moving or syncing a store");
  cmd->add_option("--workspace", options->workspace,
                  "Only this workspace (id, code or path); default: the whole store");
  cmd->add_option("--since", options->since,
                  "Only rows changed after this ISO time (as stored, UTC), plus tombstones of "
                  "rows deleted since");
  cmd->add_option("-o,--output", options->output, "Write to this file instead of stdout");
  cmd->add_flag("-q,--quiet", options->quiet, "No progress bar and no summary on stderr");
  cmd->footer(
      "Examples:\n"
      "  project-memory export -o backup.jsonl               # the whole store\n"
      "  project-memory export --workspace shop > shop.jsonl\n"
      "  project-memory export --since 2026-12-01T10:00:00Z -o changes.jsonl\n"
      "  project-memory --db other.db import backup.jsonl    # and back\n"
      "\n"
      "One JSON object per line: a header (format, version, schema version), tombstones\n"
      "(with --since), the rows of each table (parents first, by id), an end line. The same\n"
      "data always gives the same bytes. Progress and a summary go to stderr.");
  cmd->callback(
      [&global, options, run] { *run = [&global, options] { return Export(global, *options); }; });
}

}  // namespace pm::cli
