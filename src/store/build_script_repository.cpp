#include "store/build_script_repository.h"

#include "store/change_log.h"
#include "store/entity_ref.h"

namespace pm::store {

namespace {

const TableShape kScript{"build_scripts", {}, {}};

json PlanParam(std::optional<int64_t> plan_id) { return plan_id ? json(*plan_id) : json(nullptr); }

}  // namespace

json BuildScriptRepository::Add(int64_t workspace_id, std::optional<int64_t> plan_id,
                                const std::string& name, const json& values, const Actor& actor) {
  return db_.Write([&] {
    const LoggedEntity entity{kScript, "build_script", workspace_id};
    json columns = PickKeys(values, {"command", "description", "directory"});
    // idx_build_scripts_name.
    auto existing = SelectOne(
        db_, kScript, "workspace_id = ? AND coalesce(plan_id, 0) = coalesce(?, 0) AND name = ?",
        {workspace_id, PlanParam(plan_id), name});
    json row;
    if (existing) {
      row = UpdateLogged(db_, entity, (*existing)["id"], columns, actor);
    } else {
      columns["workspace_id"] = workspace_id;
      columns["plan_id"] = PlanParam(plan_id);
      columns["name"] = name;
      if (!actor.agent.empty()) columns["created_by"] = actor.agent;
      row = InsertLogged(db_, entity, columns, actor);
    }
    row["created"] = !existing;
    return row;
  });
}

std::optional<json> BuildScriptRepository::Find(int64_t workspace_id,
                                                std::optional<int64_t> plan_id, const json& ref) {
  if (auto id = RefAsId(ref)) {
    return SelectOne(db_, kScript, "id = ? AND workspace_id = ?", {*id, workspace_id});
  }
  return SelectOne(db_, kScript,
                   "workspace_id = ? AND name = ? AND (plan_id IS NULL OR plan_id = ?) "
                   "ORDER BY plan_id IS NULL",
                   {workspace_id, ref, PlanParam(plan_id)});
}

RowPage BuildScriptRepository::List(int64_t workspace_id, std::optional<int64_t> plan_id, int limit,
                                    int64_t after_id) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  if (plan_id) {
    where += " AND (plan_id IS NULL OR plan_id = ?)";
    params.push_back(*plan_id);
  }
  params.push_back(limit + 1);
  return PageOf(SelectAll(db_, kScript, where + " ORDER BY id LIMIT ?", params), limit);
}

void BuildScriptRepository::Delete(int64_t workspace_id, const json& row, const Actor& actor) {
  db_.Write([&] {
    DeleteLogged(db_, {kScript, "build_script", workspace_id}, row["id"], row, actor);
  });
}

}  // namespace pm::store
