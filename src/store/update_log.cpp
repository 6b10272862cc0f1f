#include "store/update_log.h"

#include "store/row_json.h"

namespace pm::store {

void AppendUpdateLog(Database& db, const UpdateLogEntry& entry, const Actor& actor) {
  auto insert = db.Prepare(
      "INSERT INTO update_log (workspace_id, entity_kind, entity_id, action, "
      "agent, session_id, before_json, after_json) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (entry.workspace_id) {
    insert.Bind(1, *entry.workspace_id);
  } else {
    insert.Bind(1, nullptr);
  }
  insert.Bind(2, entry.entity_kind);
  insert.Bind(3, entry.entity_id);
  insert.Bind(4, entry.action);
  if (actor.agent.empty())
    insert.Bind(5, nullptr);
  else
    insert.Bind(5, actor.agent);
  if (actor.session_id.empty())
    insert.Bind(6, nullptr);
  else
    insert.Bind(6, actor.session_id);
  if (entry.before.is_null())
    insert.Bind(7, nullptr);
  else
    insert.Bind(7, entry.before.dump());
  if (entry.after.is_null())
    insert.Bind(8, nullptr);
  else
    insert.Bind(8, entry.after.dump());
  insert.Exec();
}

std::vector<nlohmann::json> ReadUpdateLog(Database& db, int64_t workspace_id,
                                          const UpdateLogFilter& filter, int limit,
                                          int64_t before_id) {
  const TableShape shape{"update_log", {"before", "after"}, {}};
  auto optional = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  // idx_update_log_workspace (workspace_id, id), walked backwards.
  return Query(
      db, shape,
      "SELECT id, entity_kind, entity_id, action, agent, session_id, before_json AS "
      "before, after_json AS after, created_at FROM update_log WHERE workspace_id = ?1 "
      "AND (?2 = 0 OR id < ?2) AND (?3 IS NULL OR entity_kind = ?3) "
      "AND (?4 IS NULL OR session_id = ?4) ORDER BY id DESC LIMIT ?5",
      {workspace_id, before_id, optional(filter.entity_kind), optional(filter.session_id), limit});
}

}  // namespace pm::store
