#include "store/migrator.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <map>

namespace pm::store {

namespace {

constexpr const char* kCreateLedger =
    "CREATE TABLE IF NOT EXISTS _migrations ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))";

}  // namespace

MigrationStatus Migrator::Status() {
  MigrationStatus status;
  std::map<int, const Migration*> known;
  for (const auto& m : migrations_) {
    known[m.version] = &m;
    status.latest_version = std::max(status.latest_version, m.version);
  }
  std::map<int, bool> applied_versions;
  if (db_.TableExists("_migrations")) {
    auto q = db_.Prepare("SELECT id, name, checksum, applied_at FROM _migrations ORDER BY id");
    while (q.Step()) {
      AppliedMigration a;
      a.version = q.Int(0);
      a.name = q.Text(1);
      a.applied_at = q.Text(3);
      auto it = known.find(a.version);
      a.known = it != known.end();
      if (a.known && it->second->checksum != q.Text(2)) {
        a.text_changed = true;
        status.warnings.push_back("migration " + it->second->file +
                                  " changed after it was applied on " + a.applied_at +
                                  "; applied migrations must never be edited");
      }
      applied_versions[a.version] = true;
      status.current_version = std::max(status.current_version, a.version);
      status.applied.push_back(std::move(a));
    }
  }
  for (const auto& m : migrations_) {
    if (!applied_versions.count(m.version)) status.pending.push_back(m);
  }
  return status;
}

std::optional<std::string> Migrator::Backup(int old_version) {
  if (db_.in_memory()) return std::nullopt;
  std::string target = db_.path() + ".schema-" + VersionTag(old_version) + ".bak";
  if (std::filesystem::exists(target)) return target;  // kept from an earlier attempt
  // VACUUM INTO writes a consistent copy even while other processes use the file.
  auto vacuum = db_.Prepare("VACUUM INTO ?");
  vacuum.Bind(1, target);
  try {
    vacuum.Exec();
  } catch (const DbError& e) {
    if (std::filesystem::exists(target)) return target;  // another process made it
    throw MigrationError("cannot back up " + db_.path() + " to " + target +
                         " before migrating: " + e.what());
  }
  spdlog::info("backed up {} (schema {}) to {}", db_.path(), VersionTag(old_version), target);
  return target;
}

MigrationResult Migrator::Migrate() {
  MigrationResult result;
  MigrationStatus status = Status();
  for (const auto& a : status.applied) {
    if (!a.known) {
      throw NewerDatabaseError("database " + db_.path() +
                               " was created by a newer project-memory: it has schema "
                               "migration " +
                               VersionTag(a.version) + "_" + a.name +
                               ", and this binary knows "
                               "migrations up to " +
                               VersionTag(status.latest_version) +
                               ". Upgrade project-memory to use this database.");
    }
  }
  result.warnings = status.warnings;
  for (const auto& w : status.warnings) spdlog::warn("{}", w);
  if (status.pending.empty()) return result;

  if (status.current_version > 0) result.backup_path = Backup(status.current_version);

  for (const auto& m : status.pending) {
    bool applied_now = false;
    try {
      db_.Write([&] {
        db_.ExecScript(kCreateLedger);
        auto seen = db_.Prepare("SELECT 1 FROM _migrations WHERE id = ?");
        seen.Bind(1, m.version);
        if (seen.Step()) return;  // another process applied it meanwhile
        db_.ExecScript(m.sql);
        auto record = db_.Prepare("INSERT INTO _migrations (id, name, checksum) VALUES (?, ?, ?)");
        record.Bind(1, m.version);
        record.Bind(2, m.name);
        record.Bind(3, m.checksum);
        record.Exec();
        applied_now = true;
      });
    } catch (const DbError& e) {
      throw MigrationError("migration " + m.file + " failed and was rolled back: " + e.what() +
                           ". The database stays at schema version " +
                           VersionTag(Status().current_version) + ".");
    }
    if (applied_now) {
      spdlog::info("applied migration {}", m.file);
      result.applied.push_back(m.file);
    }
  }
  return result;
}

}  // namespace pm::store
