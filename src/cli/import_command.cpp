// `project-memory import-library`: read a workspace's agent, instruction and
// skill files into its library (what memory_agent action "import" does), and
// `project-memory reindex`: rebuild the full-text search indexes.
#include <filesystem>
#include <iostream>

#include "app/library_import.h"
#include "app/workspace_ref.h"
#include "cli/commands.h"
#include "cli/startup.h"
#include "store/search_index.h"

namespace pm::cli {

namespace {

struct ImportOptions {
  std::string workspace;  // id, code or path; empty: the one registered for the directory
  std::string dir = ".";
};

int ImportLibrary(const GlobalOptions& global, const ImportOptions& options) {
  auto db = OpenStore(global);
  const std::string cwd = std::filesystem::current_path().string();
  const std::string dir = app::NormalizePath(options.dir, cwd);
  store::WorkspaceRepository workspaces(*db);
  // Without --workspace, the workspace registered for DIR (or an ancestor).
  store::Workspace ws = app::ResolveWorkspace(
      workspaces,
      options.workspace.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.workspace),
      options.workspace.empty() ? dir : cwd);
  store::LibraryRepository library(*db);
  nlohmann::json report = app::ImportLibrary(library, ws.id, dir, {"cli", ""});
  std::cout << "Imported " << dir << " into workspace " << ws.code << ": " << report["added"].size()
            << " added, " << report["updated"].size() << " updated, " << report["unchanged"].size()
            << " unchanged.\n";
  for (const char* outcome : {"added", "updated", "unchanged"}) {
    for (const auto& name : report[outcome]) {
      std::cout << "  " << outcome << "  " << name.get<std::string>() << "\n";
    }
  }
  return 0;
}

int Reindex(const GlobalOptions& global) {
  auto db = OpenStore(global);
  nlohmann::json counts = store::SearchIndex(*db).Rebuild();
  std::cout << "Rebuilt the full-text indexes of " << db->path() << ":\n";
  for (const auto& [index, rows] : counts.items())
    std::cout << "  " << index << "  " << rows << "\n";
  return 0;
}

}  // namespace

void AddImportLibraryCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd =
      app.add_subcommand("import-library",
                         "Import agents/*.md, .github/instructions/*.instructions.md and "
                         ".github/skills/*/SKILL.md into a workspace's library");
  cmd->add_option("--workspace", options->workspace,
                  "Workspace id, code or path (default: the one registered for DIR)");
  cmd->add_option("dir", options->dir, "Directory to read (default: .)");
  cmd->footer(
      "Examples:\n"
      "  project-memory import-library ~/src/shop\n"
      "  project-memory import-library --workspace shop .\n"
      "\n"
      "Running it again updates what changed and reports the rest as unchanged.");
  cmd->callback([&global, options, run] {
    *run = [&global, options] { return ImportLibrary(global, *options); };
  });
}

void AddReindexCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  CLI::App* cmd = app.add_subcommand(
      "reindex",
      "Rebuild the full-text search indexes from their rows (triggers keep them in "
      "sync; this repairs)");
  cmd->footer("Example:\n  project-memory --db ./memory.db reindex");
  cmd->callback([&global, run] { *run = [&global] { return Reindex(global); }; });
}

}  // namespace pm::cli
