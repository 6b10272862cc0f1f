#include "store/migration.h"

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "common/embedded_resources.h"
#include "common/fnv_hash.h"

namespace pm::store {

std::vector<Migration> ParseMigrations(
    const std::vector<std::pair<std::string, std::string>>& files) {
  static const std::regex kName(R"((?:.*/)?(\d{4})_([a-z0-9_]+)(\.down)?\.sql)");
  std::vector<Migration> out;
  struct Down {
    int version;
    std::string name;
    const std::pair<std::string, std::string>* file;
  };
  std::vector<Down> downs;
  for (const auto& file : files) {
    const auto& [path, sql] = file;
    std::smatch m;
    if (!std::regex_match(path, m, kName)) {
      throw std::runtime_error("migration file " + path +
                               " is not named NNNN_name.sql or NNNN_name.down.sql");
    }
    if (m[3].matched) {
      downs.push_back({std::stoi(m[1].str()), m[2].str(), &file});
      continue;
    }
    Migration migration{std::stoi(m[1].str()), m[2].str(), path, sql, FnvHash::Of(sql), "", ""};
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
  for (const Down& down : downs) {
    const auto& [version, name, file] = down;
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const Migration& up) { return up.version == down.version; });
    if (it == out.end() || it->name != name) {
      throw std::runtime_error("down script " + file->first + " has no migration " +
                               VersionTag(version) + "_" + name + ".sql");
    }
    if (it->has_down()) {
      throw std::runtime_error("migration " + it->file + " has two down scripts");
    }
    it->down_file = file->first;
    it->down_sql = file->second;
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
