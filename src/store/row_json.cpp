#include "store/row_json.h"
#include "store/clock.h"

#include <stdexcept>

namespace pm::store {

const std::string& CheckIdentifier(const std::string& name) {
  bool ok = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    ok = ok && (std::islower(static_cast<unsigned char>(c)) ||
                std::isdigit(static_cast<unsigned char>(c)) || c == '_');
  }
  if (!ok) throw std::logic_error("not a plain SQL identifier: " + name);
  return name;
}

json PickKeys(const json& object, std::initializer_list<const char*> keys) {
  json out = json::object();
  for (const char* key : keys) {
    if (auto it = object.find(key); it != object.end()) out[key] = *it;
  }
  return out;
}

json JsonColumn(const std::string& text) {
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(text) : value;
}

void BindJson(Statement& s, int index, const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      s.Bind(index, nullptr);
      break;
    case json::value_t::boolean:
      s.Bind(index, v.get<bool>());
      break;
    case json::value_t::number_integer:
      s.Bind(index, v.get<int64_t>());
      break;
    case json::value_t::number_unsigned:
      s.Bind(index, static_cast<int64_t>(v.get<uint64_t>()));
      break;
    case json::value_t::number_float:
      s.Bind(index, v.get<double>());
      break;
    case json::value_t::string:
      s.Bind(index, v.get_ref<const std::string&>());
      break;
    default:
      s.Bind(index, v.dump());
      break;
  }
}

json ReadRow(Statement& s, const TableShape& shape) {
  json row = json::object();
  for (int i = 0; i < s.ColumnCount(); ++i) {
    const std::string name = s.ColumnName(i);
    switch (s.Type(i)) {
      case ColumnType::kNull:
        row[name] = nullptr;
        break;
      case ColumnType::kInteger:
        if (shape.bool_columns.count(name)) {
          row[name] = s.Int64(i) != 0;
        } else {
          row[name] = s.Int64(i);
        }
        break;
      case ColumnType::kReal:
        row[name] = s.Double(i);
        break;
      default:
        if (shape.json_columns.count(name)) {
          row[name] = json::parse(s.Text(i), nullptr, false);
          if (row[name].is_discarded()) row[name] = s.Text(i);
        } else {
          row[name] = s.Text(i);
        }
        break;
    }
  }
  return row;
}

std::vector<json> Query(Database& db, const TableShape& shape, const std::string& sql,
                        const std::vector<json>& params) {
  auto q = db.Prepare(sql);
  for (size_t i = 0; i < params.size(); ++i) BindJson(q, static_cast<int>(i + 1), params[i]);
  std::vector<json> rows;
  while (q.Step()) rows.push_back(ReadRow(q, shape));
  return rows;
}

std::vector<json> SelectAll(Database& db, const TableShape& shape, const std::string& where,
                            const std::vector<json>& params) {
  return Query(db, shape, "SELECT * FROM " + CheckIdentifier(shape.table) + " WHERE " + where,
               params);
}

std::optional<json> SelectOne(Database& db, const TableShape& shape, const std::string& where,
                              const std::vector<json>& params) {
  auto rows = Query(
      db, shape, "SELECT * FROM " + CheckIdentifier(shape.table) + " WHERE " + where + " LIMIT 1",
      params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

int64_t InsertRow(Database& db, const std::string& table, const json& values) {
  std::string columns, marks;
  for (const auto& [key, value] : values.items()) {
    columns += (columns.empty() ? "" : ", ") + CheckIdentifier(key);
    marks += marks.empty() ? "?" : ", ?";
  }
  auto insert = db.Prepare("INSERT INTO " + CheckIdentifier(table) + " (" + columns + ") VALUES (" +
                           marks + ") RETURNING id");
  int index = 1;
  for (const auto& [key, value] : values.items()) BindJson(insert, index++, value);
  if (!insert.Step()) throw std::logic_error("INSERT INTO " + table + " returned no id");
  const int64_t id = insert.Int64(0);
  // Step to the end: a RETURNING statement can still fail after its row (a full
  // database), and the reset that returns it to the cache would swallow that
  // failure and silently undo the insert inside a transaction that commits.
  while (insert.Step()) {
  }
  return id;
}

int64_t UpdateRow(Database& db, const std::string& table, int64_t id, const json& patch,
                  bool touch_updated_at) {
  std::string sets;
  for (const auto& [key, value] : patch.items()) {
    sets += (sets.empty() ? "" : ", ") + CheckIdentifier(key) + " = ?";
  }
  if (touch_updated_at) sets += (sets.empty() ? "" : ", ") + std::string("updated_at = ?");
  if (sets.empty()) return 0;
  auto update = db.Prepare("UPDATE " + CheckIdentifier(table) + " SET " + sets + " WHERE id = ?");
  int index = 1;
  for (const auto& [key, value] : patch.items()) BindJson(update, index++, value);
  if (touch_updated_at) update.Bind(index++, NowTimestamp());
  update.Bind(index, id);
  return update.Exec();
}

}  // namespace pm::store
