// The change log (table update_log): who changed which entity, with the row
// before and after, written in the write transaction of the change itself so
// the log and the data never disagree. RecordChange is the one way anything
// writes update_log; InsertLogged, UpdateLogged and DeleteLogged apply a change
// to a workspace-scoped row and record it in one call, so repositories cannot
// forget the log or let it disagree with the data.
//
// REQUIRES for every writing function: a write transaction is open on `db`
// (Database::Write).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"
#include "store/row_json.h"

namespace pm::store {

struct Change {
  std::optional<int64_t> workspace_id;
  std::string entity_kind;  // "workspace", "plan", "step", ...
  int64_t entity_id = 0;
  std::string action;     // "create", "update", "delete", "status", "claim", ...
  nlohmann::json before;  // null when not applicable
  nlohmann::json after;
};

void RecordChange(Database& db, const Change& change, const Actor& actor);

// Which entity a logged row change is about: the table's shape, the
// update_log entity_kind ("feedback", "track", ...) and its workspace.
struct LoggedEntity {
  const TableShape& shape;
  std::string kind;
  int64_t workspace_id = 0;
};

// Inserts `values` and logs action "create"; returns the new row as read back.
json InsertLogged(Database& db, const LoggedEntity& entity, const json& values, const Actor& actor);

// Applies `patch` (touching updated_at) to row `id` and logs `action` with the
// row before and after; returns the row after. Throws std::logic_error when the
// row is missing (callers look it up first, inside the same transaction).
json UpdateLogged(Database& db, const LoggedEntity& entity, int64_t id, const json& patch,
                  const Actor& actor, const std::string& action = "update");

// Deletes row `id` and logs action "delete" with `before` (the row, possibly
// enriched by the caller) as the before image.
void DeleteLogged(Database& db, const LoggedEntity& entity, int64_t id, const json& before,
                  const Actor& actor);

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
