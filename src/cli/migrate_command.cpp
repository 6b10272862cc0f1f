// `project-memory migrate`: apply pending schema migrations, move the schema to a
// version (--to N, down or up), or show where it stands (--status).
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
  if (options.path != ":memory:" && !store::IsPostgresUrl(options.path) &&
      !std::filesystem::exists(options.path)) {
    std::cout << "Database " << options.path << " does not exist yet; " << migrations.size()
              << " migration(s) will be applied when it is first used:\n";
    for (const auto& m : migrations) std::cout << "  pending  " << m.file << "\n";
    return 0;
  }
  options.read_only = options.path != ":memory:" && !store::IsPostgresUrl(options.path);
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
  if (!status.reachable.empty()) {
    std::cout << "migrate --to N reaches";
    for (int v : status.reachable) std::cout << " " << store::VersionTag(v);
    std::cout << (status.reachable.front() == 0 ? " (every applied migration has a down script).\n"
                                                : " (older migrations have no down script).\n");
  }
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

int MoveTo(const GlobalOptions& global, int target) {
  store::DatabaseOptions options = DatabaseOptionsFrom(global);
  store::EnsureParentDirectory(options.path);
  store::Database db(options);
  store::Migrator migrator(db, store::EmbeddedMigrations());
  store::MigrationResult result = migrator.MigrateTo(target);
  const store::MigrationStatus status = migrator.Status();
  // The catalog tables exist only at the latest schema; serve re-seeds them there.
  if (status.current_version == status.latest_version)
    SeedCatalog(db, catalog::Catalog::Embedded());
  for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
  if (result.backup_path) std::cout << "Backed up the database to " << *result.backup_path << "\n";
  for (const auto& file : result.reverted) std::cout << "Reverted with " << file << "\n";
  for (const auto& file : result.applied) std::cout << "Applied " << file << "\n";
  std::cout << "Database " << db.path() << " is at schema version "
            << store::VersionTag(status.current_version) << ".\n";
  if (status.current_version < status.latest_version) {
    std::cout << "serve (and every command that opens it) migrates it up to "
              << store::VersionTag(status.latest_version) << " again.\n";
  }
  return 0;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, GlobalOptions& global, CommandRunner* run) {
  auto status = std::make_shared<bool>(false);
  auto to = std::make_shared<int>(-1);
  CLI::App* cmd =
      app.add_subcommand("migrate", "Apply pending schema migrations (serve does this too)");
  CLI::Option* status_flag =
      cmd->add_flag("--status", *status, "Show applied and pending migrations; change nothing");
  cmd->add_option("--to", *to,
                  "Move the schema to version N (0: empty), down through the migrations' down "
                  "scripts or up, in one transaction")
      ->check(CLI::NonNegativeNumber)
      ->excludes(status_flag);
  cmd->footer(
      "Examples:\n"
      "  project-memory migrate\n"
      "  project-memory --db ./memory.db migrate --status\n"
      "  project-memory --db ./memory.db migrate --to 7   # e.g. before going back to an older\n"
      "                                                   # binary\n"
      "\n"
      "Before migrating a database that already has a schema, a copy is kept beside it\n"
      "as <file>.schema-NNNN.bak (NNNN = its old schema version; --to never overwrites an\n"
      "older copy: <file>.schema-NNNN.1.bak, ...). Going down drops what the undone\n"
      "migrations added, data included; the copy keeps it. --to refuses a database\n"
      "created by a newer project-memory.");
  cmd->callback([&global, status, to, run] {
    *run = [&global, status, to] {
      if (*to >= 0) return MoveTo(global, *to);
      return *status ? PrintStatus(global) : Apply(global);
    };
  });
}

}  // namespace pm::cli
