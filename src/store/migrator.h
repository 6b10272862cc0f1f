// Migrator brings a database's schema up to the migrations this binary knows.
//
// Each pending migration runs in its own BEGIN IMMEDIATE transaction and is
// recorded in _migrations (id, name, checksum, applied_at); re-running is a
// no-op, and several processes starting at once apply each migration once.
// A failing migration rolls back completely and Migrate throws MigrationError
// naming the file and SQLite's message. A database holding a migration this
// binary does not know is refused (NewerDatabaseError). Before the first change
// to a database that already has a schema, a copy is written beside the file,
// named after its old schema version (memory.db.schema-0001.bak); a PostgreSQL
// server's backups are its operator's.
//
// MigrateTo moves the schema to any version, down as well as up, in one
// transaction: down scripts (NNNN_name.down.sql) undo applied migrations newest
// first. It is for people (project-memory migrate --to N), e.g. before going
// back to an older binary; serve always migrates up to the latest again.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/migration.h"

namespace pm::store {

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NewerDatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string applied_at;
  bool text_changed = false;  // the embedded file differs from what was applied
  bool known = true;          // false: applied by a newer binary
};

struct MigrationStatus {
  int current_version = 0;  // highest applied
  int latest_version = 0;   // highest known to this binary
  std::vector<AppliedMigration> applied;
  std::vector<Migration> pending;
  std::vector<std::string> warnings;  // e.g. changed text of applied migrations
  // The versions MigrateTo can reach from here (0 included when it can empty the
  // database): every known version down to the newest applied one without a
  // down script. Empty when the database is newer than this binary.
  std::vector<int> reachable;
};

struct MigrationResult {
  std::vector<std::string> applied;   // files applied now
  std::vector<std::string> reverted;  // down scripts run now, newest first
  std::optional<std::string> backup_path;
  std::vector<std::string> warnings;
};

class Migrator {
 public:
  // On PostgreSQL the migrations/postgres/ scripts of the same versions stand
  // in for `migrations` (which name the SQLite files), applied by PgMigrator.
  Migrator(Database& db, std::vector<Migration> migrations);

  // Reads the state without changing anything.
  MigrationStatus Status();

  // Applies every pending migration. Throws NewerDatabaseError or MigrationError.
  MigrationResult Migrate();

  // Moves the schema to `target` — 0 (empty) or a version this binary knows — in
  // one BEGIN IMMEDIATE transaction: applied migrations above it are undone by
  // their down scripts, newest first, then pending ones up to it are applied.
  // When that changes a database with a schema, a copy is written first under a
  // name no earlier backup uses (memory.db.schema-0009.bak, then
  // memory.db.schema-0009.1.bak, ...). Throws NewerDatabaseError when the database
  // holds a migration this binary does not know; MigrationError for an unknown
  // target, a missing down script, or a failing script (naming the file; the
  // database is left as it was).
  MigrationResult MigrateTo(int target);

 private:
  // Throws NewerDatabaseError when `status` has a migration this binary lacks.
  void RefuseNewer(const MigrationStatus& status) const;
  // Writes the pre-migration copy. With `fresh`, never reuses an existing file.
  std::optional<std::string> Backup(int old_version, bool fresh = false);

  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace pm::store
