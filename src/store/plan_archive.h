// PlanArchive moves a plan and every row it owns out of the live tables, in one
// transaction, and brings it back whole with the same ids.
//
// "Owned" is read from the schema: every table reachable from plans through
// ON DELETE CASCADE foreign keys (phases, steps, notes, requirements, git links,
// and whatever later migrations hang off them). Rows elsewhere that point at the
// plan with ON DELETE SET NULL (e.g. feedback linked to it) are remembered and
// re-linked on restore if they still exist and were not linked elsewhere since.
// Dependency edges touching the plan, its phases or steps (polymorphic, so no
// foreign keys) are archived with it and come back on restore when both ends
// are live and the edge closes no cycle; the summary lists any it dropped.
// Archived rows live in plan_archives / archived_rows, keeping live queries small.
#pragma once

#include <optional>

#include "store/actor.h"
#include "store/row_json.h"

namespace pm::store {

class PlanArchive {
 public:
  explicit PlanArchive(Database& db) : db_(db) {}

  // Returns {"plan": code, "rows": {table: count}}. Throws UserError when the
  // plan does not exist or is already archived.
  json Archive(int64_t plan_id, const Actor& actor);
  // Returns the same summary. Throws UserError when the plan is not archived.
  json Restore(int64_t plan_id, const Actor& actor);

  // The archived plan as PlanRepository::View shows live ones, with
  // "archived": true; nullopt when no such archived plan exists.
  std::optional<json> View(int64_t plan_id);

 private:
  Database& db_;
};

}  // namespace pm::store
