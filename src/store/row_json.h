// Rows as JSON objects: the store's plain representation of plans, steps,
// feedback and the rest, so repositories stay short and results go straight into
// structuredContent. A TableShape says which TEXT columns hold JSON and which
// INTEGER columns are booleans; everything else maps by column type.
//
// Table and column names passed here come from code, never from input; they are
// still checked to be plain identifiers.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::store {

using nlohmann::json;

struct TableShape {
  std::string table;
  std::set<std::string> json_columns;  // TEXT holding JSON: parsed on read, dumped on write
  std::set<std::string> bool_columns;  // INTEGER 0/1 read as false/true
};

// Binds a JSON value: null, bool (0/1), integer, number, string; arrays and
// objects as their JSON text.
void BindJson(Statement& statement, int index, const json& value);

// The current row of `statement` as an object keyed by column name.
json ReadRow(Statement& statement, const TableShape& shape);

// SELECT * FROM shape.table WHERE <where> (with `params` bound in order).
std::optional<json> SelectOne(Database& db, const TableShape& shape, const std::string& where,
                              const std::vector<json>& params);
std::vector<json> SelectAll(Database& db, const TableShape& shape, const std::string& where,
                            const std::vector<json>& params);

// Runs any SELECT and reads every row with `shape`'s column kinds.
std::vector<json> Query(Database& db, const TableShape& shape, const std::string& sql,
                        const std::vector<json>& params);

// INSERT INTO table (keys of `values`) VALUES (...); returns the new id.
int64_t InsertRow(Database& db, const std::string& table, const json& values);

// UPDATE table SET <keys of patch> [, updated_at = now] WHERE id = ?. Returns the
// number of rows changed (0 or 1).
int64_t UpdateRow(Database& db, const std::string& table, int64_t id, const json& patch,
                  bool touch_updated_at = true);

// The keys of `object` among `keys` that are present, copied.
json PickKeys(const json& object, std::initializer_list<const char*> keys);

// Throws std::logic_error unless `name` is [a-z_][a-z0-9_]*.
const std::string& CheckIdentifier(const std::string& name);

// A JSON column's text as JSON (the text itself when it does not parse).
json JsonColumn(const std::string& text);

// An optional value as JSON: the value, or null when absent.
template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

// Typed rows as a JSON array, each by its ToJson (found by argument-dependent
// lookup next to the row's type).
template <typename Row>
json RowsJson(const std::vector<Row>& rows) {
  json out = json::array();
  for (const auto& row : rows) out.push_back(ToJson(row));
  return out;
}

}  // namespace pm::store
