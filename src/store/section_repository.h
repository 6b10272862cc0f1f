// SectionRepository owns workspace_sections: the workspace's own context as
// named sections ("architecture", "conventions", ...), each one text.
//
// Every change runs in one write transaction with its update_log entry
// (entity_kind "section").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/row_json.h"

namespace pm::store {

class SectionRepository {
 public:
  explicit SectionRepository(Database& db) : db_(db) {}

  // Every section of the workspace, by name.
  std::vector<json> All(int64_t workspace_id);
  std::optional<json> Get(int64_t workspace_id, const std::string& name);

  // Sets section `name` to `content`, or with `append` adds `content` after a
  // newline. Returns the section with "created".
  json Set(int64_t workspace_id, const std::string& name, const std::string& content, bool append,
           const Actor& actor);

  // Returns the deleted section, or nullopt when there was none.
  std::optional<json> Delete(int64_t workspace_id, const std::string& name, const Actor& actor);

 private:
  Database& db_;
};

}  // namespace pm::store
