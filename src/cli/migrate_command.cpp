// `project-memory migrate`: apply pending schema migrations, or show them.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/startup.h"
#include "store/database_path.h"
#include "store/migrator.h"

namespace pm::cli {

namespace {

int PrintStatus(const GlobalOptions& global) {
  store::DatabaseOptions options = DatabaseOptionsFrom(global);
  const auto& migrations = store::EmbeddedMigrations();
  if (options.path != ":memory:" && !std::filesystem::exists(options.path)) {
    std::cout << "Database " << options.path << " does not exist yet; " << migrations.size()
              << " migration(s) will be applied when it is first used:\n";
    for (const auto& m : migrations) std::cout << "  pending  " << m.file << "\n";
    return 0;
  }
  options.read_only = options.path != ":memory:";
  store::Database db(options);
  store::MigrationStatus status = store::Migrator(db, migrations).Status();
  std::cout << "Database " << db.path() << ": schema version "
            << store::VersionTag(status.current_version) << "; this binary knows up to "
            << store::VersionTag(status.latest_version) << ".\n";
  for (const auto& a : status.applied) {
    std::cout << "  applied  " << store::VersionTag(a.version) << "_" << a.name << "  "
              << a.applied_at << (a.text_changed ? "  (file changed since it was applied!)" : "")
              << (a.known ? "" : "  (unknown to this binary: created by a newer version)") << "\n";
  }
  for (const auto& m : status.pending) std::cout << "  pending  " << m.file << "\n";
  if (status.pending.empty()) std::cout << "Up to date.\n";
  return 0;
}

int Apply(const GlobalOptions& global) {
  store::DatabaseOptions options = DatabaseOptionsFrom(global);
  store::EnsureParentDirectory(options.path);
  store::Database db(options);
  store::MigrationResult result = store::Migrator(db, store::EmbeddedMigrations()).Migrate();
  SeedEmbeddedCatalog(db);
  for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
  if (result.backup_path) std::cout << "Backed up the database to " << *result.backup_path << "\n";
  for (const auto& file : result.applied) std::cout << "Applied " << file << "\n";
  std::cout << "Database " << db.path() << " is at schema version "
            << store::VersionTag(
                   store::Migrator(db, store::EmbeddedMigrations()).Status().current_version)
            << ".\n";
  return 0;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto status = std::make_shared<bool>(false);
  CLI::App* cmd =
      app.add_subcommand("migrate", "Apply pending schema migrations (serve does this too)");
  cmd->add_flag("--status", *status, "Show applied and pending migrations; change nothing");
  cmd->footer(
      "Examples:\n"
      "  project-memory migrate\n"
      "  project-memory --db ./memory.db migrate --status\n"
      "\n"
      "Before migrating a database that already has a schema, a copy is kept beside it\n"
      "as <file>.schema-NNNN.bak (NNNN = its old schema version).");
  cmd->callback([&global, status, run] {
    *run = [&global, status] { return *status ? PrintStatus(global) : Apply(global); };
  });
}

}  // namespace pm::cli
