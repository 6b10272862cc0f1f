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
};

struct MigrationResult {
  std::vector<std::string> applied;  // files applied now
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

 private:
  std::optional<std::string> Backup(int old_version);

  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace pm::store
