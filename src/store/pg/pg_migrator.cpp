#include "store/pg/pg_migrator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <regex>
#include <stdexcept>

#include "common/embedded_resources.h"
#include "store/migrator.h"
#include "store/pg/transaction.h"

namespace pm::store::pg {

std::vector<PgMigration> ParsePgMigrations(
    const std::vector<std::pair<std::string, std::string>>& files) {
  static const std::regex kDown(R"((?:.*/)?(\d{4})_([a-z0-9_]+)\.down\.sql)");
  std::vector<std::pair<std::string, std::string>> ups;
  std::map<std::string, std::pair<std::string, std::string>> downs;  // "0001_initial" -> file
  for (const auto& [path, sql] : files) {
    std::smatch m;
    if (std::regex_match(path, m, kDown)) {
      downs[m[1].str() + "_" + m[2].str()] = {path, sql};
    } else {
      ups.emplace_back(path, sql);
    }
  }
  std::vector<PgMigration> out;
  for (auto& up : ParseMigrations(ups)) {
    const std::string stem = VersionTag(up.version) + "_" + up.name;
    auto down = downs.find(stem);
    if (down == downs.end()) {
      throw std::runtime_error("migration " + up.file + " has no down script " + stem +
                               ".down.sql");
    }
    out.push_back({std::move(up), down->second.first, down->second.second});
    downs.erase(down);
  }
  if (!downs.empty()) {
    throw std::runtime_error("down script " + downs.begin()->second.first +
                             " has no migration to reverse");
  }
  return out;
}

const std::vector<PgMigration>& EmbeddedPgMigrations() {
  static const std::vector<PgMigration> migrations = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : EmbeddedFiles()) {
      if (f.path.rfind("migrations/postgres/", 0) == 0) {
        files.emplace_back(std::string(f.path), std::string(f.content));
      }
    }
    return ParsePgMigrations(files);
  }();
  return migrations;
}

int PgMigrator::LatestVersion() const {
  return migrations_.empty() ? 0 : migrations_.back().up.version;
}

std::vector<int> PgMigrator::AppliedVersions() {
  std::vector<int> versions;
  Result ledger = connection_.Execute("SELECT to_regclass('_migrations') IS NOT NULL");
  ledger.Next();
  if (std::get<int64_t>(ledger.Get(0)) == 0) return versions;
  Result rows = connection_.Execute("SELECT id FROM _migrations ORDER BY id");
  while (rows.Next()) versions.push_back(static_cast<int>(std::get<int64_t>(rows.Get(0))));
  return versions;
}

int PgMigrator::CurrentVersion() {
  const auto versions = AppliedVersions();
  return versions.empty() ? 0 : versions.back();
}

std::vector<std::string> PgMigrator::MigrateUp(std::optional<int> target) {
  const int last = target.value_or(LatestVersion());
  const auto applied = AppliedVersions();
  for (int version : applied) {
    const bool known = std::any_of(migrations_.begin(), migrations_.end(),
                                   [&](const PgMigration& m) { return m.up.version == version; });
    if (!known) {
      throw NewerDatabaseError("database " + connection_.target() +
                               " was created by a newer project-memory: it has schema "
                               "migration " +
                               VersionTag(version) + ", and this binary knows migrations up to " +
                               VersionTag(LatestVersion()) +
                               ". Upgrade project-memory to use this database.");
    }
  }
  std::vector<std::string> done;
  for (const auto& m : migrations_) {
    if (m.up.version > last) break;
    if (std::find(applied.begin(), applied.end(), m.up.version) != applied.end()) continue;
    bool applied_now = false;
    try {
      Transaction transaction(connection_, TransactionMode::kWriteLock);
      connection_.ExecuteScript(kCreateLedger);
      Result seen = connection_.Execute("SELECT 1 FROM _migrations WHERE id = ?", {m.up.version});
      if (seen.row_count() == 0) {  // else another process applied it meanwhile
        connection_.ExecuteScript(m.up.sql);
        connection_.Execute("INSERT INTO _migrations (id, name, checksum) VALUES (?, ?, ?)",
                            {m.up.version, m.up.name, m.up.checksum});
        applied_now = true;
      }
      transaction.Commit();
    } catch (const PgError& e) {
      throw MigrationError("migration " + m.up.file + " failed and was rolled back: " + e.what() +
                           ". The database stays at schema version " +
                           VersionTag(CurrentVersion()) + ".");
    }
    if (applied_now) {
      spdlog::info("applied migration {}", m.up.file);
      done.push_back(m.up.file);
    }
  }
  return done;
}

std::vector<std::string> PgMigrator::MigrateDown(int target) {
  std::vector<std::string> done;
  if (AppliedVersions().empty()) return done;
  for (auto m = migrations_.rbegin(); m != migrations_.rend(); ++m) {
    if (m->up.version <= target) break;
    bool reverted = false;
    try {
      Transaction transaction(connection_, TransactionMode::kWriteLock);
      Result seen = connection_.Execute("SELECT 1 FROM _migrations WHERE id = ?", {m->up.version});
      if (seen.row_count() > 0) {
        connection_.ExecuteScript(m->down_sql);
        connection_.Execute("DELETE FROM _migrations WHERE id = ?", {m->up.version});
        reverted = true;
      }
      transaction.Commit();
    } catch (const PgError& e) {
      throw MigrationError(
          "down script " + m->down_file + " failed and was rolled back: " + e.what() +
          ". The database stays at schema version " + VersionTag(CurrentVersion()) + ".");
    }
    if (reverted) {
      spdlog::info("reverted migration {}", m->up.file);
      done.push_back(m->down_file);
    }
  }
  return done;
}

}  // namespace pm::store::pg
