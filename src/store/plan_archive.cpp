#include "store/plan_archive.h"

#include <algorithm>
#include <map>

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/dependency_repository.h"
#include "store/shapes.h"

namespace pm::store {

namespace {

struct ForeignKey {
  std::string child, column, parent, on_delete;
};

std::vector<ForeignKey> ForeignKeys(Database& db) {
  std::vector<ForeignKey> keys;
  auto q = db.Prepare(
      "SELECT m.name, f.\"from\", f.\"table\", f.on_delete FROM sqlite_schema AS m, "
      "pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table' "
      "AND m.name NOT IN ('plan_archives', 'archived_rows') ORDER BY m.name, f.id");
  while (q.Step()) {
    keys.push_back({q.Text(0), q.Text(1), q.Text(2), q.Text(3)});
  }
  return keys;
}

json IdsOf(const std::vector<json>& rows) {
  json ids = json::array();
  for (const auto& r : rows) ids.push_back(r["id"]);
  return ids;
}

const TableShape kRaw{"", {}, {}};
// Work items that dependency edges can point at, by kind and table.
const std::pair<const char*, const char*> kEdgeTables[] = {
    {"plan", "plans"}, {"phase", "phases"}, {"step", "steps"}};
constexpr const char* kLinkPrefix = "@link ";

json Summary(const std::string& code, const std::map<std::string, int64_t>& counts) {
  json rows = json::object();
  for (const auto& [table, n] : counts) rows[table] = n;
  return {{"plan", code}, {"rows", rows}};
}

// Parses the JSON columns of an archived row the way live rows are read.
json Shaped(json row, const TableShape& shape) {
  for (const auto& column : shape.json_columns) {
    if (row.contains(column) && row[column].is_string()) {
      json parsed = json::parse(row[column].get<std::string>(), nullptr, false);
      if (!parsed.is_discarded()) row[column] = parsed;
    }
  }
  for (const auto& column : shape.bool_columns) {
    if (row.contains(column) && row[column].is_number())
      row[column] = row[column].get<int64_t>() != 0;
  }
  return row;
}

}  // namespace

json PlanArchive::Archive(int64_t plan_id, const Actor& actor) {
  return db_.Write([&] {
    auto plan = SelectOne(db_, TableShape{"plans", {}, {}}, "id = ?", {plan_id});
    if (!plan) throw UserError("plan " + std::to_string(plan_id) + " is not a live plan");
    const auto keys = ForeignKeys(db_);

    // Walk the CASCADE edges from plans, breadth first, collecting owned rows.
    std::map<std::string, std::map<int64_t, json>> owned;
    owned["plans"][plan_id] = *plan;
    std::vector<std::string> queue = {"plans"};
    for (size_t i = 0; i < queue.size(); ++i) {
      const std::string parent = queue[i];
      std::vector<json> parent_rows;
      for (const auto& [id, row] : owned[parent]) parent_rows.push_back(row);
      for (const auto& fk : keys) {
        if (fk.parent != parent || fk.on_delete != "CASCADE") continue;
        for (auto& row :
             Query(db_, kRaw,
                   "SELECT * FROM " + CheckIdentifier(fk.child) + " WHERE " +
                       CheckIdentifier(fk.column) + " IN (SELECT value FROM json_each(?))",
                   {IdsOf(parent_rows)})) {
          owned[fk.child][row["id"].get<int64_t>()] = row;
        }
        if (std::find(queue.begin(), queue.end(), fk.child) == queue.end()) {
          queue.push_back(fk.child);
        }
      }
    }
    // Edges touching the plan or anything in it have no foreign keys to walk:
    // they are kept here, and the delete below drops them (by trigger).
    for (const auto& [kind, table] : kEdgeTables) {
      if (!owned.count(table)) continue;
      std::vector<json> rows;
      for (const auto& [id, row] : owned[table]) rows.push_back(row);
      for (auto& edge :
           Query(db_, kRaw,
                 "SELECT * FROM dependencies WHERE (source_kind = ?1 AND source_id IN "
                 "(SELECT value FROM json_each(?2))) OR (target_kind = ?1 AND target_id IN "
                 "(SELECT value FROM json_each(?2)))",
                 {kind, IdsOf(rows)})) {
        owned["dependencies"][edge["id"].get<int64_t>()] = edge;
      }
    }
    auto header = db_.Prepare(
        "INSERT INTO plan_archives (plan_id, workspace_id, code, title, status, "
        "archived_by) VALUES (?, ?, ?, ?, ?, ?)");
    header.Bind(1, plan_id);
    BindJson(header, 2, (*plan)["workspace_id"]);
    BindJson(header, 3, (*plan)["code"]);
    BindJson(header, 4, (*plan)["title"]);
    BindJson(header, 5, (*plan)["status"]);
    BindJson(header, 6, actor.agent.empty() ? json(nullptr) : json(actor.agent));
    header.Exec();

    auto keep = db_.Prepare(
        "INSERT INTO archived_rows (plan_id, table_name, row_id, data) "
        "VALUES (?, ?, ?, ?)");
    std::map<std::string, int64_t> counts;
    for (const auto& [table, rows] : owned) {
      for (const auto& [id, row] : rows) {
        keep.Bind(1, plan_id);
        keep.Bind(2, table);
        keep.Bind(3, id);
        keep.Bind(4, row.dump());
        keep.Exec();
        keep.Reset();
      }
      counts[table] = static_cast<int64_t>(rows.size());
    }
    // Rows outside the plan that point at its rows with SET NULL: remember them.
    for (const auto& fk : keys) {
      if (fk.on_delete != "SET NULL" || !owned.count(fk.parent) || owned.count(fk.child)) continue;
      std::vector<json> parents;
      for (const auto& [id, row] : owned[fk.parent]) parents.push_back(row);
      for (const auto& row : Query(db_, kRaw,
                                   "SELECT id, " + CheckIdentifier(fk.column) + " AS value FROM " +
                                       CheckIdentifier(fk.child) + " WHERE " + fk.column +
                                       " IN (SELECT value FROM json_each(?))",
                                   {IdsOf(parents)})) {
        keep.Bind(1, plan_id);
        keep.Bind(2, kLinkPrefix + fk.child + "." + fk.column);
        keep.Bind(3, row["id"].get<int64_t>());
        keep.Bind(4, json{{"value", row["value"]}}.dump());
        keep.Exec();
        keep.Reset();
      }
    }
    auto remove = db_.Prepare("DELETE FROM plans WHERE id = ?");
    remove.Bind(1, plan_id);
    remove.Exec();
    json summary = Summary((*plan)["code"], counts);
    RecordChange(
        db_, {(*plan)["workspace_id"].get<int64_t>(), "plan", plan_id, "archive", *plan, summary},
        actor);
    return summary;
  });
}

json PlanArchive::Restore(int64_t plan_id, const Actor& actor) {
  return db_.Write([&] {
    auto header = SelectOne(db_, TableShape{"plan_archives", {}, {}}, "plan_id = ?", {plan_id});
    if (!header) throw UserError("plan " + std::to_string(plan_id) + " is not archived");
    const auto keys = ForeignKeys(db_);
    // Rows go back with their ids; parents and children may arrive in any order.
    db_.ExecScript("PRAGMA defer_foreign_keys = ON");
    std::map<std::string, int64_t> counts;
    std::vector<json> edges;
    auto rows = db_.Prepare(
        "SELECT table_name, row_id, data FROM archived_rows "
        "WHERE plan_id = ? ORDER BY table_name, row_id");
    rows.Bind(1, plan_id);
    while (rows.Step()) {
      const std::string table = rows.Text(0);
      const int64_t row_id = rows.Int64(1);
      json data = json::parse(rows.Text(2));
      if (table.rfind(kLinkPrefix, 0) == 0) {
        const std::string target = table.substr(std::string(kLinkPrefix).size());
        const std::string child = target.substr(0, target.find('.'));
        const std::string column = target.substr(target.find('.') + 1);
        auto relink =
            db_.Prepare("UPDATE " + CheckIdentifier(child) + " SET " + CheckIdentifier(column) +
                        " = ? WHERE id = ? AND " + column + " IS NULL");
        BindJson(relink, 1, data["value"]);
        relink.Bind(2, row_id);
        relink.Exec();
        continue;
      }
      if (table == "dependencies") {  // once every row is back; see below
        edges.push_back(std::move(data));
        continue;
      }
      // A SET NULL reference whose target is gone (a deleted track) stays null.
      for (const auto& fk : keys) {
        if (fk.child != table || fk.on_delete != "SET NULL" || data[fk.column].is_null()) continue;
        if (!SelectOne(db_, TableShape{fk.parent, {}, {}}, "id = ?", {data[fk.column]})) {
          data[fk.column] = nullptr;
        }
      }
      InsertRow(db_, table, data);
      counts[table]++;
    }
    // An edge comes back when both its ends are live again (the other end may
    // be in a plan archived or deleted since), it is not back already (it
    // joined two plans that were both archived), and it closes no cycle with
    // edges added meanwhile. Otherwise it is reported and dropped.
    DependencyRepository deps(db_);
    json dropped = json::array();
    for (const auto& edge : edges) {
      WorkItem source{*ParseKind(edge["source_kind"]), edge["source_id"]};
      WorkItem target{*ParseKind(edge["target_kind"]), edge["target_id"]};
      if (SelectOne(db_, TableShape{"dependencies", {}, {}}, "id = ?", {edge["id"]})) continue;
      const bool live = WorkItemWorkspace(db_, source) && WorkItemWorkspace(db_, target);
      if (live && deps.CycleThrough(source, target).empty()) {
        InsertRow(db_, "dependencies", edge);
        counts["dependencies"]++;
      } else {
        dropped.push_back(WorkItemLabel(db_, source) + " → " + WorkItemLabel(db_, target));
      }
    }
    auto drop = db_.Prepare("DELETE FROM plan_archives WHERE plan_id = ?");
    drop.Bind(1, plan_id);
    drop.Exec();
    json summary = Summary((*header)["code"], counts);
    if (!dropped.empty()) summary["dependencies_dropped"] = dropped;
    RecordChange(
        db_,
        {(*header)["workspace_id"].get<int64_t>(), "plan", plan_id, "restore", nullptr, summary},
        actor);
    return summary;
  });
}

std::optional<json> PlanArchive::View(int64_t plan_id) {
  auto header = SelectOne(db_, TableShape{"plan_archives", {}, {}}, "plan_id = ?", {plan_id});
  if (!header) return std::nullopt;
  std::map<std::string, std::vector<json>> tables;
  auto rows = db_.Prepare(
      "SELECT table_name, data FROM archived_rows WHERE plan_id = ? "
      "ORDER BY table_name, row_id");
  rows.Bind(1, plan_id);
  while (rows.Step()) {
    tables[rows.Text(0)].push_back(json::parse(rows.Text(1)));
  }
  auto ordered = [](std::vector<json> v) {
    std::stable_sort(v.begin(), v.end(), [](const json& a, const json& b) {
      return a.value("order_index", 0) < b.value("order_index", 0);
    });
    return v;
  };
  json plan = Shaped(tables["plans"].at(0), shapes::kPlan);
  plan["archived"] = true;
  plan["archived_at"] = (*header)["archived_at"];
  json phases = json::array();
  for (auto phase : ordered(tables["phases"])) {
    json steps = json::array();
    for (const auto& step : ordered(tables["steps"])) {
      if (step["phase_id"] == phase["id"]) {
        steps.push_back(PickKeys(step, {"id", "code", "phase_id", "order_index", "task", "type",
                                        "status", "priority", "assignee"}));
      }
    }
    phase["steps"] = steps;
    phases.push_back(phase);
  }
  json requirements = json::array();
  for (const auto& r : ordered(tables["requirements"]))
    requirements.push_back(Shaped(r, shapes::kRequirement));
  return json{{"plan", plan},
              {"phases", phases},
              {"notes", tables["plan_notes"]},
              {"requirements", requirements},
              {"git_links", tables["git_links"]}};
}

}  // namespace pm::store
