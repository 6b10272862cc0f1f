// A Migration is one numbered schema change: migrations/sqlite/NNNN_name.sql, applied
// once, in order, in its own transaction. The files are embedded in the binary.
// A migration's SQL must not contain BEGIN/COMMIT: the runner owns the transaction.
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
  std::string checksum;  // content hash of sql
};

// Parses (path, content) pairs into migrations sorted by version, skipping down
// scripts (NNNN_name.down.sql, which undo a migration by hand). Throws
// std::runtime_error on a malformed file name or a duplicated version.
std::vector<Migration> ParseMigrations(
    const std::vector<std::pair<std::string, std::string>>& files);

// A schema version as written in file names and messages: 3 -> "0003".
std::string VersionTag(int version);

// The migrations compiled into this binary.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace pm::store
