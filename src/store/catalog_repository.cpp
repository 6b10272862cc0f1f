#include "store/catalog_repository.h"

#include <nlohmann/json.hpp>

#include <set>

#include "store/dialect.h"

namespace pm::store {

namespace {

constexpr const char* kHashKey = "catalog_hash";

void BindOptional(Statement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.Bind(index, *value);
  } else {
    s.Bind(index, nullptr);
  }
}

}  // namespace

std::optional<std::string> CatalogRepository::StoredHash() {
  auto q = db_.Prepare("SELECT value FROM meta WHERE key = ?");
  q.Bind(1, kHashKey);
  if (!q.Step()) return std::nullopt;
  return q.Text(0);
}

bool CatalogRepository::Sync(const std::string& hash, const std::vector<CatalogToolRow>& tools) {
  if (StoredHash() == hash) return false;  // the common case: no write lock taken
  return db_.Write([&] {
    if (StoredHash() == hash) return false;  // another process synced meanwhile
    std::set<std::string> tool_names;
    auto upsert_tool = db_.Prepare(
        "INSERT INTO tools (name, title, description, output_schema) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET title = excluded.title, "
        "description = excluded.description, output_schema = excluded.output_schema");
    auto upsert_action = db_.Prepare(
        "INSERT INTO tool_actions (tool_name, name, description, read_only, destructive, "
        "idempotent, example) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tool_name, name) DO UPDATE SET description = excluded.description, "
        "read_only = excluded.read_only, destructive = excluded.destructive, "
        "idempotent = excluded.idempotent, example = excluded.example RETURNING id");
    auto clear_params = db_.Prepare("DELETE FROM tool_action_params WHERE action_id = ?");
    auto insert_param = db_.Prepare(
        "INSERT INTO tool_action_params (action_id, name, position, type, required, "
        "description, enum_values, default_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& tool : tools) {
      tool_names.insert(tool.name);
      upsert_tool.Bind(1, tool.name);
      upsert_tool.Bind(2, tool.title);
      upsert_tool.Bind(3, tool.description);
      BindOptional(upsert_tool, 4, tool.output_schema_json);
      upsert_tool.Exec();
      upsert_tool.Reset();

      for (const auto& action : tool.actions) {
        upsert_action.Bind(1, tool.name);
        upsert_action.Bind(2, action.name);
        upsert_action.Bind(3, action.description);
        upsert_action.Bind(4, action.read_only ? 1 : 0);
        upsert_action.Bind(5, action.destructive ? 1 : 0);
        upsert_action.Bind(6, action.idempotent ? 1 : 0);
        BindOptional(upsert_action, 7, action.example_json);
        upsert_action.Step();
        const int64_t action_id = upsert_action.Int64(0);
        upsert_action.Reset();

        clear_params.Bind(1, action_id);
        clear_params.Exec();
        clear_params.Reset();
        int position = 0;
        for (const auto& p : action.params) {
          insert_param.Bind(1, action_id);
          insert_param.Bind(2, p.name);
          insert_param.Bind(3, position++);
          insert_param.Bind(4, p.type_json);
          insert_param.Bind(5, p.required ? 1 : 0);
          insert_param.Bind(6, p.description);
          BindOptional(insert_param, 7, p.enum_json);
          BindOptional(insert_param, 8, p.default_json);
          insert_param.Exec();
          insert_param.Reset();
        }
      }
      // Actions the catalog no longer has disappear (their params cascade).
      auto drop_actions = db_.Prepare(
          "DELETE FROM tool_actions WHERE tool_name = ? AND name NOT IN (SELECT value FROM " +
          JsonValues(db_.engine(), "?") + ")");
      nlohmann::json names = nlohmann::json::array();
      for (const auto& action : tool.actions) names.push_back(action.name);
      drop_actions.Bind(1, tool.name);
      drop_actions.Bind(2, names.dump());
      drop_actions.Exec();
    }
    auto tools_now = db_.Prepare("SELECT name FROM tools");
    std::vector<std::string> stale;
    while (tools_now.Step()) {
      std::string name = tools_now.Text(0);
      if (!tool_names.count(name)) stale.push_back(name);
    }
    for (const auto& name : stale) {
      auto drop = db_.Prepare("DELETE FROM tools WHERE name = ?");
      drop.Bind(1, name);
      drop.Exec();
    }
    auto put_hash = db_.Prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    put_hash.Bind(1, kHashKey);
    put_hash.Bind(2, hash);
    put_hash.Exec();
    return true;
  });
}

}  // namespace pm::store
