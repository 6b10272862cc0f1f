// A Migration is one numbered schema change: migrations/sqlite/NNNN_name.sql,
// applied once, in order, in its own transaction, and undone by the down script
// beside it, NNNN_name.down.sql (Migrator::MigrateTo). The files are embedded
// in the binary. A migration's SQL must not contain BEGIN/COMMIT: the runner
// owns the transaction. A down script must leave the schema exactly as it was
// before the migration (sqlite_master text included), keeping the data of
// every table and column that existed then.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pm::store {

struct Migration {
  int version = 0;   // NNNN
  std::string name;  // "initial" for 0001_initial.sql
  std::string file;  // "migrations/sqlite/0001_initial.sql"
  std::string sql;
  std::string checksum;   // content hash of sql
  std::string down_file;  // "migrations/sqlite/0001_initial.down.sql"; "" when there is none
  std::string down_sql;

  bool has_down() const { return !down_file.empty(); }
};

// Parses (path, content) pairs into migrations sorted by version, each with its
// down script when one was given. Throws std::runtime_error on a malformed file
// name, a duplicated version, or a down script without its migration (or with
// another name).
std::vector<Migration> ParseMigrations(
    const std::vector<std::pair<std::string, std::string>>& files);

// A schema version as written in file names and messages: 3 -> "0003".
std::string VersionTag(int version);

// The migrations compiled into this binary.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace pm::store
