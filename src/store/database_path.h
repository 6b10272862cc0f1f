// Where the database lives: --db, else $PROJECT_MEMORY_DB, else
// $XDG_DATA_HOME/project-memory/memory.db (~/.local/share/project-memory/memory.db).
#pragma once

#include <optional>
#include <string>

namespace pm::store {

// The path to use given the --db value (empty when not given).
// Throws std::runtime_error when no location can be derived (no HOME either).
std::string ResolveDatabasePath(const std::string& cli_value);

// Creates the missing parent directories of a file database. No-op for ":memory:".
// Throws std::runtime_error naming the directory when it cannot be created.
void EnsureParentDirectory(const std::string& db_path);

}  // namespace pm::store
