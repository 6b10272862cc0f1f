#include "store/catalog_repository.h"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include <set>

namespace pm::store {

namespace {

constexpr const char* kHashKey = "catalog_hash";

void BindOptional(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
  if (value) {
    s.bind(index, *value);
  } else {
    s.bind(index);
  }
}

}  // namespace

std::optional<std::string> CatalogRepository::StoredHash() {
  SQLite::Statement q(db_.sql(), "SELECT value FROM meta WHERE key = ?");
  q.bind(1, kHashKey);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

bool CatalogRepository::Sync(const std::string& hash, const std::vector<CatalogToolRow>& tools) {
  if (StoredHash() == hash) return false;  // the common case: no write lock taken
  return db_.Write([&] {
    if (StoredHash() == hash) return false;  // another process synced meanwhile
    auto& sql = db_.sql();
    std::set<std::string> tool_names;
    SQLite::Statement upsert_tool(
        sql,
        "INSERT INTO tools (name, title, description, output_schema) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET title = excluded.title, "
        "description = excluded.description, output_schema = excluded.output_schema");
    SQLite::Statement upsert_action(
        sql,
        "INSERT INTO tool_actions (tool_name, name, description, read_only, destructive, "
        "idempotent, example) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tool_name, name) DO UPDATE SET description = excluded.description, "
        "read_only = excluded.read_only, destructive = excluded.destructive, "
        "idempotent = excluded.idempotent, example = excluded.example RETURNING id");
    SQLite::Statement clear_params(sql, "DELETE FROM tool_action_params WHERE action_id = ?");
    SQLite::Statement insert_param(
        sql,
        "INSERT INTO tool_action_params (action_id, name, position, type, required, "
        "description, enum_values, default_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& tool : tools) {
      tool_names.insert(tool.name);
      upsert_tool.bind(1, tool.name);
      upsert_tool.bind(2, tool.title);
      upsert_tool.bind(3, tool.description);
      BindOptional(upsert_tool, 4, tool.output_schema_json);
      upsert_tool.exec();
      upsert_tool.reset();

      for (const auto& action : tool.actions) {
        upsert_action.bind(1, tool.name);
        upsert_action.bind(2, action.name);
        upsert_action.bind(3, action.description);
        upsert_action.bind(4, action.read_only ? 1 : 0);
        upsert_action.bind(5, action.destructive ? 1 : 0);
        upsert_action.bind(6, action.idempotent ? 1 : 0);
        BindOptional(upsert_action, 7, action.example_json);
        upsert_action.executeStep();
        const int64_t action_id = upsert_action.getColumn(0).getInt64();
        upsert_action.reset();

        clear_params.bind(1, action_id);
        clear_params.exec();
        clear_params.reset();
        int position = 0;
        for (const auto& p : action.params) {
          insert_param.bind(1, action_id);
          insert_param.bind(2, p.name);
          insert_param.bind(3, position++);
          insert_param.bind(4, p.type_json);
          insert_param.bind(5, p.required ? 1 : 0);
          insert_param.bind(6, p.description);
          BindOptional(insert_param, 7, p.enum_json);
          BindOptional(insert_param, 8, p.default_json);
          insert_param.exec();
          insert_param.reset();
        }
      }
      // Actions the catalog no longer has disappear (their params cascade).
      SQLite::Statement drop_actions(sql,
                                     "DELETE FROM tool_actions WHERE tool_name = ? AND name NOT IN "
                                     "(SELECT value FROM json_each(?))");
      nlohmann::json names = nlohmann::json::array();
      for (const auto& action : tool.actions) names.push_back(action.name);
      drop_actions.bind(1, tool.name);
      drop_actions.bind(2, names.dump());
      drop_actions.exec();
    }
    SQLite::Statement tools_now(sql, "SELECT name FROM tools");
    std::vector<std::string> stale;
    while (tools_now.executeStep()) {
      std::string name = tools_now.getColumn(0).getString();
      if (!tool_names.count(name)) stale.push_back(name);
    }
    for (const auto& name : stale) {
      SQLite::Statement drop(sql, "DELETE FROM tools WHERE name = ?");
      drop.bind(1, name);
      drop.exec();
    }
    SQLite::Statement put_hash(sql,
                               "INSERT INTO meta (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    put_hash.bind(1, kHashKey);
    put_hash.bind(2, hash);
    put_hash.exec();
    return true;
  });
}

}  // namespace pm::store
