#include "store/logged_change.h"

#include <stdexcept>

#include "store/update_log.h"

namespace pm::store {

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
  AppendUpdateLog(db, {entity.workspace_id, entity.kind, id, "create", nullptr, after}, actor);
  return after;
}

json UpdateLogged(Database& db, const LoggedEntity& entity, int64_t id, const json& patch,
                  const Actor& actor, const std::string& action) {
  json before = Reread(db, entity, id);
  UpdateRow(db, entity.shape.table, id, patch);
  json after = Reread(db, entity, id);
  AppendUpdateLog(db, {entity.workspace_id, entity.kind, id, action, before, after}, actor);
  return after;
}

void DeleteLogged(Database& db, const LoggedEntity& entity, int64_t id, const json& before,
                  const Actor& actor) {
  auto remove = db.Prepare("DELETE FROM " + CheckIdentifier(entity.shape.table) + " WHERE id = ?");
  remove.Bind(1, id);
  remove.Exec();
  AppendUpdateLog(db, {entity.workspace_id, entity.kind, id, "delete", before, nullptr}, actor);
}

}  // namespace pm::store
