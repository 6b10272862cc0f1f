// PgMigrator brings a PostgreSQL database's schema to a version of
// migrations/postgres/ (the same version numbers as migrations/sqlite/), and
// back down: each NNNN_name.sql has a NNNN_name.down.sql that reverses it
// exactly.
//
// Like store::Migrator: each migration runs in its own transaction, recorded in
// _migrations (id, name, checksum, applied_at); re-running is a no-op; a
// failing migration rolls back completely and throws MigrationError naming the
// file, the line and the server's message; a database holding a migration this
// binary does not know is refused (NewerDatabaseError). Every migration
// transaction takes the kWriteLock advisory lock, so several processes starting
// at once apply each migration once. Backups are the server's business
// (pg_dump, base backups), so nothing is copied before a change.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/migration.h"
#include "store/pg/connection.h"

namespace pm::store::pg {

struct PgMigration {
  Migration up;           // file "migrations/postgres/0001_initial.sql"
  std::string down_file;  // "migrations/postgres/0001_initial.down.sql"
  std::string down_sql;
};

// The ledger of applied migrations (store::Migrator creates it too, on PostgreSQL).
inline constexpr const char* kCreateLedger =
    "CREATE TABLE IF NOT EXISTS _migrations ("
    " id bigint PRIMARY KEY,"
    " name text NOT NULL,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', statement_timestamp()))";

// Pairs (path, content) files into migrations sorted by version. Throws
// std::runtime_error on a malformed name, a duplicated version, or an up
// script without its down script (or the reverse).
std::vector<PgMigration> ParsePgMigrations(
    const std::vector<std::pair<std::string, std::string>>& files);

// The migrations/postgres/ files compiled into this binary.
const std::vector<PgMigration>& EmbeddedPgMigrations();

class PgMigrator {
 public:
  PgMigrator(Connection& connection, std::vector<PgMigration> migrations)
      : connection_(connection), migrations_(std::move(migrations)) {}

  // The highest version applied (0 on an empty database). Throws PgError.
  int CurrentVersion();
  int LatestVersion() const;

  // Applies every migration up to `target` (default: all) not applied yet and
  // returns their files. Throws NewerDatabaseError or MigrationError.
  std::vector<std::string> MigrateUp(std::optional<int> target = std::nullopt);

  // Runs the down scripts of every applied migration above `target`, newest
  // first, and returns their files. Throws MigrationError.
  std::vector<std::string> MigrateDown(int target);

 private:
  std::vector<int> AppliedVersions();

  Connection& connection_;
  std::vector<PgMigration> migrations_;
};

}  // namespace pm::store::pg
