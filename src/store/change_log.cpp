#include "store/change_log.h"

#include <stdexcept>

namespace pm::store {

void RecordChange(Database& db, const Change& entry, const Actor& actor) {
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

namespace {

json Reread(Database& db, const LoggedEntity& entity, int64_t id) {
  auto row = SelectOne(db, entity.shape, "id = ?", {id});
  if (!row) {
    throw std::logic_error(entity.shape.table + " row " + std::to_string(id) + " vanished");
  }
  return *row;
}

}  // namespace

json InsertLogged(Database& db, const LoggedEntity& entity, const json& values,
                  const Actor& actor) {
  const int64_t id = InsertRow(db, entity.shape.table, values);
  json after = Reread(db, entity, id);
  RecordChange(db, {entity.workspace_id, entity.kind, id, "create", nullptr, after}, actor);
  return after;
}

json UpdateLogged(Database& db, const LoggedEntity& entity, int64_t id, const json& patch,
                  const Actor& actor, const std::string& action) {
  json before = Reread(db, entity, id);
  UpdateRow(db, entity.shape.table, id, patch);
  json after = Reread(db, entity, id);
  RecordChange(db, {entity.workspace_id, entity.kind, id, action, before, after}, actor);
  return after;
}

void DeleteLogged(Database& db, const LoggedEntity& entity, int64_t id, const json& before,
                  const Actor& actor) {
  auto remove = db.Prepare("DELETE FROM " + CheckIdentifier(entity.shape.table) + " WHERE id = ?");
  remove.Bind(1, id);
  remove.Exec();
  RecordChange(db, {entity.workspace_id, entity.kind, id, "delete", before, nullptr}, actor);
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
      "AND (?2 = 0 OR id < ?2) AND (entity_kind = ?3 OR ?3 IS NULL) "
      "AND (session_id = ?4 OR ?4 IS NULL) ORDER BY id DESC LIMIT ?5",
      {workspace_id, before_id, optional(filter.entity_kind), optional(filter.session_id), limit});
}

}  // namespace pm::store
