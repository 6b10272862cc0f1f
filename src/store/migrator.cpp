#include "store/migrator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "store/pg/pg_migrator.h"

namespace pm::store {

namespace {

constexpr const char* kCreateLedger =
    "CREATE TABLE IF NOT EXISTS _migrations ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))";

// What MigrateTo runs: down scripts newest first, then migrations oldest first.
struct Move {
  std::vector<const Migration*> down;
  std::vector<const Migration*> up;
  bool empty() const { return down.empty() && up.empty(); }
};

std::string KnownVersions(const std::vector<Migration>& migrations) {
  std::string out = "0000";
  for (const auto& m : migrations) out += ", " + VersionTag(m.version);
  return out;
}

// The scripts that take a database with `applied` migrations to `target`.
// Throws MigrationError when the target is unknown or a down script is missing.
// REQUIRES: every applied version is known (RefuseNewer).
Move PlanMove(const std::vector<Migration>& migrations, const std::set<int>& applied, int target) {
  const bool known_target =
      target == 0 || std::any_of(migrations.begin(), migrations.end(),
                                 [&](const Migration& m) { return m.version == target; });
  if (!known_target) {
    throw MigrationError("there is no schema version " + VersionTag(target) +
                         "; this binary knows " + KnownVersions(migrations) + ".");
  }
  Move move;
  for (auto it = migrations.rbegin(); it != migrations.rend(); ++it) {
    if (it->version <= target || !applied.count(it->version)) continue;
    if (!it->has_down()) {
      throw MigrationError("cannot go below schema version " + VersionTag(it->version) +
                           ": migration " + it->file + " has no down script.");
    }
    move.down.push_back(&*it);
  }
  for (const auto& m : migrations) {
    if (m.version <= target && !applied.count(m.version)) move.up.push_back(&m);
  }
  return move;
}

std::set<int> AppliedVersions(const MigrationStatus& status) {
  std::set<int> out;
  for (const auto& a : status.applied) out.insert(a.version);
  return out;
}

// On PostgreSQL, the migrations/postgres/ scripts of the versions `migrations` names.
std::vector<Migration> PostgresCounterparts(const std::vector<Migration>& migrations) {
  int up_to = 0;
  for (const auto& m : migrations) up_to = std::max(up_to, m.version);
  std::vector<Migration> out;
  for (const auto& m : pg::EmbeddedPgMigrations()) {
    if (m.up.version > up_to) continue;
    Migration both = m.up;
    both.down_file = m.down_file;
    both.down_sql = m.down_sql;
    out.push_back(std::move(both));
  }
  return out;
}

}  // namespace

Migrator::Migrator(Database& db, std::vector<Migration> migrations)
    : db_(db),
      migrations_(db.engine() == Engine::kPostgres ? PostgresCounterparts(migrations)
                                                   : std::move(migrations)) {}

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
  const bool newer = std::any_of(status.applied.begin(), status.applied.end(),
                                 [](const AppliedMigration& a) { return !a.known; });
  if (!newer) {
    // Down to the newest applied migration that cannot be undone.
    int floor = 0;
    for (const auto& m : migrations_) {
      if (applied_versions.count(m.version) && !m.has_down()) floor = m.version;
    }
    if (floor == 0) status.reachable.push_back(0);
    for (const auto& m : migrations_) {
      if (m.version >= floor) status.reachable.push_back(m.version);
    }
  }
  return status;
}

std::optional<std::string> Migrator::Backup(int old_version, bool fresh) {
  if (db_.in_memory()) return std::nullopt;
  const std::string stem = db_.path() + ".schema-" + VersionTag(old_version);
  std::string target = stem + ".bak";
  if (fresh) {
    for (int n = 1; std::filesystem::exists(target); ++n) {
      target = stem + "." + std::to_string(n) + ".bak";
    }
  } else if (std::filesystem::exists(target)) {
    return target;  // kept from an earlier attempt
  }
  try {
    db_.BackupTo(target);
  } catch (const StorageError& e) {
    if (std::filesystem::exists(target)) return target;  // another process made it
    throw MigrationError("cannot back up " + db_.path() + " to " + target +
                         " before migrating: " + e.what());
  }
  spdlog::info("backed up {} (schema {}) to {}", db_.path(), VersionTag(old_version), target);
  return target;
}

void Migrator::RefuseNewer(const MigrationStatus& status) const {
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
}

MigrationResult Migrator::Migrate() {
  MigrationResult result;
  MigrationStatus status = Status();
  RefuseNewer(status);
  result.warnings = status.warnings;
  for (const auto& w : status.warnings) spdlog::warn("{}", w);
  if (status.pending.empty()) return result;

  if (status.current_version > 0 && db_.engine() == Engine::kSqlite) {
    result.backup_path = Backup(status.current_version);
  }

  for (const auto& m : status.pending) {
    bool applied_now = false;
    try {
      db_.Write([&] {
        db_.ExecScript(db_.engine() == Engine::kSqlite ? kCreateLedger : pg::kCreateLedger);
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

MigrationResult Migrator::MigrateTo(int target) {
  MigrationResult result;
  MigrationStatus status = Status();
  RefuseNewer(status);
  result.warnings = status.warnings;
  for (const auto& w : status.warnings) spdlog::warn("{}", w);
  // Checked before the backup, so a refused move writes nothing.
  if (PlanMove(migrations_, AppliedVersions(status), target).empty()) return result;

  if (status.current_version > 0) result.backup_path = Backup(status.current_version, true);

  std::string running;  // the script being run, for the error message
  try {
    db_.Write([&] {
      result.applied.clear();
      result.reverted.clear();
      db_.ExecScript(kCreateLedger);
      // Planned again inside the transaction: another process may have
      // migrated since Status() read the ledger.
      std::set<int> applied;
      auto ids = db_.Prepare("SELECT id FROM _migrations");
      while (ids.Step()) applied.insert(ids.Int(0));
      for (int version : applied) {
        if (!std::any_of(migrations_.begin(), migrations_.end(),
                         [&](const Migration& m) { return m.version == version; })) {
          throw NewerDatabaseError("database " + db_.path() +
                                   " was migrated by a newer project-memory meanwhile "
                                   "(schema migration " +
                                   VersionTag(version) + ").");
        }
      }
      Move move = PlanMove(migrations_, applied, target);
      for (const Migration* m : move.down) {
        running = m->down_file;
        db_.ExecScript(m->down_sql);
        auto forget = db_.Prepare("DELETE FROM _migrations WHERE id = ?");
        forget.Bind(1, m->version);
        forget.Exec();
        result.reverted.push_back(m->down_file);
      }
      for (const Migration* m : move.up) {
        running = m->file;
        db_.ExecScript(m->sql);
        auto record = db_.Prepare("INSERT INTO _migrations (id, name, checksum) VALUES (?, ?, ?)");
        record.BindAll(m->version, m->name, m->checksum);
        record.Exec();
        result.applied.push_back(m->file);
      }
      running.clear();
    });
  } catch (const DbError& e) {
    throw MigrationError((running.empty() ? std::string("moving to schema version ")
                                          : running + " failed while moving to schema version ") +
                         VersionTag(target) + ": " + e.what() +
                         ". Nothing was changed: the database stays at schema version " +
                         VersionTag(status.current_version) + ".");
  }
  for (const auto& file : result.reverted) spdlog::info("reverted migration with {}", file);
  for (const auto& file : result.applied) spdlog::info("applied migration {}", file);
  return result;
}

}  // namespace pm::store
