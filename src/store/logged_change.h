// Row changes that log themselves: each one applies a change to a
// workspace-scoped row and appends the update_log entry (before/after JSON) for
// it, so repositories cannot forget the log or let it disagree with the data.
//
// REQUIRES for every function: a write transaction is open on `db` (Database::Write).
#pragma once

#include <string>

#include "store/actor.h"
#include "store/row_json.h"

namespace pm::store {

// Which entity a change is about: the table's shape, the update_log entity_kind
// ("feedback", "track", ...) and the workspace it belongs to.
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

}  // namespace pm::store
