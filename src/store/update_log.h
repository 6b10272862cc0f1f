// Appends rows to update_log: who changed which entity, with before/after JSON.
// Callers append inside the write transaction of the change itself, so the log
// and the data never disagree.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"

namespace pm::store {

struct UpdateLogEntry {
  std::optional<int64_t> workspace_id;
  std::string entity_kind;  // "workspace", "plan", "step", ...
  int64_t entity_id = 0;
  std::string action;     // "create", "update", "delete", ...
  nlohmann::json before;  // null when not applicable
  nlohmann::json after;
};

// REQUIRES: a write transaction is open on `db`.
void AppendUpdateLog(Database& db, const UpdateLogEntry& entry, const Actor& actor);

// A page of the workspace's update_log, newest first: rows with id below
// `before_id` (0: from the newest), of one entity kind and session when given.
// Rows are {id, entity_kind, entity_id, action, agent, session_id, before,
// after, created_at}.
struct UpdateLogFilter {
  std::optional<std::string> entity_kind, session_id;
};
std::vector<nlohmann::json> ReadUpdateLog(Database& db, int64_t workspace_id,
                                          const UpdateLogFilter& filter, int limit,
                                          int64_t before_id);

}  // namespace pm::store
