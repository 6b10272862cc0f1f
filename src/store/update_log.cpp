#include "store/update_log.h"

#include <SQLiteCpp/Statement.h>

namespace pm::store {

void AppendUpdateLog(Database& db, const UpdateLogEntry& entry, const Actor& actor) {
  auto insert = db.Prepare("INSERT INTO update_log (workspace_id, entity_kind, entity_id, action, "
                           "agent, session_id, before_json, after_json) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (entry.workspace_id) {
    insert->bind(1, *entry.workspace_id);
  } else {
    insert->bind(1);
  }
  insert->bind(2, entry.entity_kind);
  insert->bind(3, entry.entity_id);
  insert->bind(4, entry.action);
  if (actor.agent.empty()) insert->bind(5); else insert->bind(5, actor.agent);
  if (actor.session_id.empty()) insert->bind(6); else insert->bind(6, actor.session_id);
  if (entry.before.is_null()) insert->bind(7); else insert->bind(7, entry.before.dump());
  if (entry.after.is_null()) insert->bind(8); else insert->bind(8, entry.after.dump());
  insert->exec();
}

}  // namespace pm::store
