#include "store/context_repository.h"

#include "common/text.h"
#include "common/user_error.h"
#include "store/change_log.h"
#include "store/entity_ref.h"
#include "store/plan.h"
#include "store/shapes.h"
#include "store/short_codes.h"

namespace pm::store {

namespace {

const TableShape kRaw{"context_items", {}, {}};

// A row as callers see it: data parsed back to JSON unless it is text.
json Shaped(json row) {
  if (row.value("format", "") == "json" && row["data"].is_string()) {
    json parsed = json::parse(row["data"].get<std::string>(), nullptr, false);
    if (!parsed.is_discarded()) row["data"] = std::move(parsed);
  }
  return row;
}

std::optional<json> Read(Database& db, int64_t workspace_id, int64_t id) {
  auto row = SelectOne(db, kRaw, "id = ? AND workspace_id = ?", {id, workspace_id});
  if (!row) return std::nullopt;
  return Shaped(std::move(*row));
}

}  // namespace

Anchor ContextRepository::WorkspaceAnchor(int64_t workspace_id) {
  auto ws = SelectOne(db_, TableShape{"workspaces", {}, {}}, "id = ?", {workspace_id});
  if (!ws) throw UserError("workspace " + std::to_string(workspace_id) + " no longer exists");
  return {"workspace", workspace_id, std::nullopt, "workspace " + (*ws)["code"].get<std::string>()};
}

std::optional<Anchor> ContextRepository::FindAnchor(int64_t workspace_id, const std::string& kind,
                                                    const json& ref) {
  if (kind == "workspace") {
    Anchor self = WorkspaceAnchor(workspace_id);
    if (ref.is_null() || RefAsId(ref) == workspace_id ||
        (ref.is_string() && "workspace " + ref.get<std::string>() == self.label)) {
      return self;
    }
    return std::nullopt;
  }
  if (kind == "plan") {
    auto plan = FindPlan(db_, workspace_id, ref);
    if (!plan) return std::nullopt;
    return Anchor{"plan", plan->id, plan->id, "plan " + plan->code};
  }
  if (kind == "step") {
    auto step = FindByRef(db_, shapes::kStep, workspace_id, ref, code_prefix::kStep);
    if (!step) return std::nullopt;
    return Anchor{"step", (*step)["id"], (*step)["plan_id"].get<int64_t>(),
                  "step " + (*step)["code"].get<std::string>()};
  }
  if (kind == "program") {
    auto program = FindByRef(db_, shapes::kProgram, workspace_id, ref, code_prefix::kProgram);
    if (!program) return std::nullopt;
    return Anchor{"program", (*program)["id"], std::nullopt,
                  "program " + (*program)["code"].get<std::string>()};
  }
  auto id = RefAsId(ref);
  if (kind == "track") {
    // By id or exact name (tracks have no code).
    auto track =
        id ? SelectOne(db_, shapes::kTrack, "id = ? AND workspace_id = ?", {*id, workspace_id})
           : SelectOne(db_, shapes::kTrack, "name = ? AND workspace_id = ?", {ref, workspace_id});
    if (!track) return std::nullopt;
    return Anchor{"track", (*track)["id"], std::nullopt,
                  "track " + (*track)["name"].get<std::string>()};
  }
  if (kind == "phase" && id) {
    auto rows = Query(db_, kRaw,
                      "SELECT ph.id AS id, ph.plan_id AS plan_id, ph.name AS name, p.code AS code "
                      "FROM phases AS ph JOIN plans AS p ON p.id = ph.plan_id "
                      "WHERE ph.id = ? AND p.workspace_id = ?",
                      {*id, workspace_id});
    if (rows.empty()) return std::nullopt;
    return Anchor{"phase", *id, rows[0]["plan_id"].get<int64_t>(),
                  "phase " + std::to_string(*id) + " (" + rows[0]["name"].get<std::string>() +
                      ") of " + rows[0]["code"].get<std::string>()};
  }
  return std::nullopt;
}

json StoreContextIn(Database& db, int64_t workspace_id, const NewContext& item,
                    const Actor& actor) {
  const bool text = item.data.is_string();
  json values = {{"type", item.type},
                 {"format", text ? "text" : "json"},
                 {"data", text ? item.data.get<std::string>() : item.data.dump()},
                 {"agent", OrNull(item.agent)}};
  std::optional<json> current;
  if (!item.append) {
    // The newest item of (anchor, type): idx_context_anchor, read backwards.
    auto rows = Query(db, kRaw,
                      "SELECT * FROM context_items WHERE anchor_kind = ? AND anchor_id = ? "
                      "AND type = ? AND workspace_id = ? ORDER BY id DESC LIMIT 1",
                      {item.anchor.kind, item.anchor.id, item.type, workspace_id});
    if (!rows.empty()) current = Shaped(rows[0]);
  }
  json after;
  if (current) {
    const int64_t id = (*current)["id"];
    UpdateRow(db, "context_items", id, values);
    after = *Read(db, workspace_id, id);
    RecordChange(db, {workspace_id, "context", id, "update", *current, after}, actor);
    after["created"] = false;
  } else {
    values["workspace_id"] = workspace_id;
    values["anchor_kind"] = item.anchor.kind;
    values["anchor_id"] = item.anchor.id;
    values["plan_id"] = item.anchor.plan_id ? json(*item.anchor.plan_id) : json(nullptr);
    const int64_t id = InsertRow(db, "context_items", values);
    after = *Read(db, workspace_id, id);
    RecordChange(db, {workspace_id, "context", id, "create", nullptr, after}, actor);
    after["created"] = true;
  }
  return after;
}

json ContextRepository::Store(int64_t workspace_id, const NewContext& item, const Actor& actor) {
  return db_.Write([&] { return StoreContextIn(db_, workspace_id, item, actor); });
}

std::vector<json> ContextRepository::StoreBatch(int64_t workspace_id,
                                                const std::vector<NewContext>& items,
                                                const Actor& actor) {
  return db_.Write([&] {
    std::vector<json> stored;
    for (const auto& item : items) stored.push_back(StoreContextIn(db_, workspace_id, item, actor));
    return stored;
  });
}

std::optional<json> ContextRepository::Get(int64_t workspace_id, int64_t id) {
  return Read(db_, workspace_id, id);
}

RowPage ContextRepository::List(int64_t workspace_id, const ContextFilter& filter, int limit,
                                int64_t after_id, size_t preview_chars) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  auto add = [&](const char* condition, const json& value) {
    where += std::string(" AND ") + condition;
    params.push_back(value);
  };
  if (filter.anchor) {
    add("anchor_kind = ?", filter.anchor->kind);
    add("anchor_id = ?", filter.anchor->id);
  }
  if (filter.type) add("type = ?", *filter.type);
  if (filter.since) add("updated_at >= ?", *filter.since);
  if (filter.until) add("updated_at < ?", *filter.until);
  params.push_back(limit + 1);
  // idx_context_anchor serves an anchor filter, idx_context_workspace_time a
  // time range; otherwise the primary key walks the workspace's items.
  std::vector<json> items;
  for (auto& row :
       Query(db_, kRaw, "SELECT * FROM context_items WHERE " + where + " ORDER BY id LIMIT ?",
             params)) {
    json item = Shaped(std::move(row));
    const std::string shown =
        item["data"].is_string() ? item["data"].get<std::string>() : item["data"].dump();
    if (shown.size() > preview_chars) {
      item.erase("data");
      item["preview"] = Abbreviate(shown, preview_chars);
      item["truncated"] = true;
    }
    items.push_back(std::move(item));
  }
  return PageOf(std::move(items), limit);
}

std::vector<json> ContextRepository::Types(int64_t workspace_id,
                                           const std::optional<Anchor>& anchor) {
  std::string where = "workspace_id = ?";
  std::vector<json> params = {workspace_id};
  if (anchor) {
    where += " AND anchor_kind = ? AND anchor_id = ?";
    params.push_back(anchor->kind);
    params.push_back(anchor->id);
  }
  return Query(db_, kRaw,
               "SELECT type, count(*) AS count, max(updated_at) AS updated_at FROM context_items "
               "WHERE " +
                   where + " GROUP BY type ORDER BY type",
               params);
}

std::optional<json> ContextRepository::Delete(int64_t workspace_id, int64_t id,
                                              const Actor& actor) {
  return db_.Write([&]() -> std::optional<json> {
    auto before = Read(db_, workspace_id, id);
    if (!before) return std::nullopt;
    auto remove = db_.Prepare("DELETE FROM context_items WHERE id = ?");
    remove.Bind(1, id);
    remove.Exec();
    RecordChange(db_, {workspace_id, "context", id, "delete", *before, nullptr}, actor);
    return before;
  });
}

}  // namespace pm::store
