#include "store/migration.h"

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "common/embedded_resources.h"
#include "common/fnv_hash.h"

namespace pm::store {

std::vector<Migration> ParseMigrations(
    const std::vector<std::pair<std::string, std::string>>& files) {
  static const std::regex kName(R"((?:.*/)?(\d{4})_([a-z0-9_]+)\.sql)");
  std::vector<Migration> out;
  for (const auto& [path, sql] : files) {
    // Down scripts undo a migration by hand; the runner only moves forward.
    if (path.size() > 9 && path.compare(path.size() - 9, 9, ".down.sql") == 0) continue;
    std::smatch m;
    if (!std::regex_match(path, m, kName)) {
      throw std::runtime_error("migration file " + path + " is not named NNNN_name.sql");
    }
    Migration migration{std::stoi(m[1].str()), m[2].str(), path, sql, FnvHash::Of(sql)};
    if (migration.version == 0) throw std::runtime_error("migration " + path + ": version 0000");
    out.push_back(std::move(migration));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      throw std::runtime_error("migrations " + out[i - 1].file + " and " + out[i].file +
                               " share a version");
    }
  }
  return out;
}

std::string VersionTag(int version) {
  std::string digits = std::to_string(version);
  return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

const std::vector<Migration>& EmbeddedMigrations() {
  static const std::vector<Migration> migrations = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : EmbeddedFiles()) {
      if (f.path.rfind("migrations/sqlite/", 0) == 0) {
        files.emplace_back(std::string(f.path), std::string(f.content));
      }
    }
    return ParseMigrations(files);
  }();
  return migrations;
}

}  // namespace pm::store
