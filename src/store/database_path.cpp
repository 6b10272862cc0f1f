#include "store/database_path.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace pm::store {

namespace fs = std::filesystem;

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

}  // namespace

std::string ResolveDatabasePath(const std::string& cli_value) {
  if (!cli_value.empty()) return cli_value;
  if (std::string env = Env("PROJECT_MEMORY_DB"); !env.empty()) return env;
  fs::path data_home = Env("XDG_DATA_HOME");
  if (data_home.empty() || data_home.is_relative()) {
    std::string home = Env("HOME");
    if (home.empty()) {
      throw std::runtime_error(
          "cannot find a place for the database: set --db, PROJECT_MEMORY_DB or HOME");
    }
    data_home = fs::path(home) / ".local" / "share";
  }
  return (data_home / "project-memory" / "memory.db").string();
}

void EnsureParentDirectory(const std::string& db_path) {
  if (db_path.empty() || db_path == ":memory:" || db_path.rfind("file:", 0) == 0) return;
  if (db_path.rfind("postgresql://", 0) == 0 || db_path.rfind("postgres://", 0) == 0) return;
  fs::path parent = fs::path(db_path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    throw std::runtime_error("cannot create the database directory " + parent.string() + ": " +
                             ec.message());
  }
}

}  // namespace pm::store
