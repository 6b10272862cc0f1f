#include "store/import_reader.h"

#include <spdlog/spdlog.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/user_error.h"
#include "store/dialect.h"
#include "store/export_tables.h"
#include "store/export_writer.h"
#include "store/row_json.h"

namespace pm::store {

namespace {

using nlohmann::json;

std::string KeyText(const json& key) {
  std::string text;
  for (const auto& v : key) text += (text.empty() ? "" : ", ") + v.dump();
  return text;
}

class Importer {
 public:
  Importer(Database& db, std::string_view content, const TransferProgress& progress)
      : db_(db), content_(content), progress_(progress) {}

  ImportSummary Run() {
    // References are checked once, at the end, so a row may point at one that
    // comes later in the file (a duplicate_of a later feedback item).
    db_.ExecScript(DeferForeignKeysSql(db_.engine()));
    size_t pos = 0;
    bool ended = false;
    int64_t row_lines = 0, tombstone_lines = 0;
    while (pos < content_.size()) {
      size_t eol = content_.find('\n', pos);
      if (eol == std::string_view::npos) eol = content_.size();
      std::string_view text = content_.substr(pos, eol - pos);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      pos = eol + 1;
      ++line_;
      if (ended) Fail("there is more after the end line");
      json line;
      try {
        line = json::parse(text);
      } catch (const json::parse_error& e) {
        Fail(std::string("not valid JSON (") + e.what() + ")");
      }
      if (!line.is_object()) Fail("expected a JSON object");
      if (line_ == 1) {
        Header(line);
      } else if (line.contains("table")) {
        Row(line);
        ++row_lines;
      } else if (line.contains("tombstone")) {
        Tombstone(line);
        ++tombstone_lines;
      } else if (line.contains("end")) {
        if (line.value("rows", json()) != row_lines ||
            line.value("tombstones", json()) != tombstone_lines) {
          Fail("the end line counts " + line.value("rows", json()).dump() + " rows and " +
               line.value("tombstones", json()).dump() + " tombstones, the file holds " +
               std::to_string(row_lines) + " and " + std::to_string(tombstone_lines));
        }
        ended = true;
      } else {
        Fail("expected a row ({\"table\":...}), a tombstone or the end line");
      }
      if (progress_ && line_ % 500 == 0) {
        progress_(static_cast<int64_t>(std::min(pos, content_.size())),
                  static_cast<int64_t>(content_.size()));
      }
    }
    if (line_ == 0) throw UserError("the file is empty: expected a project-memory export");
    if (!ended) {
      throw UserError("the file stops at line " + std::to_string(line_) +
                      " without its end line: it was cut short; nothing was imported");
    }
    CheckReferences();
    KeepIdsUnused();
    summary_.lines = line_;
    summary_.rows = row_lines;
    for (const auto& table : ExportTables()) {
      if (auto it = counts_.find(table.name); it != counts_.end()) {
        summary_.tables.emplace_back(table.name, it->second);
      }
    }
    if (progress_) {
      progress_(static_cast<int64_t>(content_.size()), static_cast<int64_t>(content_.size()));
    }
    return summary_;
  }

 private:
  [[noreturn]] void Fail(const std::string& message) const {
    throw UserError("line " + std::to_string(line_) + ": " + message + "; nothing was imported");
  }

  void Header(const json& h) {
    if (h.value("format", json()) != kExportFormatName) {
      Fail(std::string("not a project-memory export (the first line must carry \"format\":\"") +
           kExportFormatName + "\")");
    }
    const json version = h.value("version", json());
    if (!version.is_number_integer() || version.get<int>() != kExportFormatVersion) {
      Fail("format version " + version.dump() + " is not one this binary reads (version " +
           std::to_string(kExportFormatVersion) + "); use a newer project-memory");
    }
    const json schema = h.value("schema_version", json());
    if (!schema.is_number_integer()) Fail("the header has no schema_version");
    const int ours = SchemaVersion(db_);
    if (schema.get<int>() > ours) {
      Fail("the file comes from a newer schema (version " + schema.dump() +
           ") than this database's (version " + std::to_string(ours) +
           "); upgrade project-memory to import it");
    }
    summary_.schema_version = schema.get<int>();
    if (const json ws = h.value("workspace", json()); ws.is_object()) {
      summary_.workspace = ws.value("code", "");
    }
    if (const json since = h.value("since", json()); since.is_string()) {
      summary_.since = since.get<std::string>();
    }
    const json workspaces = h.value("workspaces", json::array());
    if (!workspaces.is_array()) Fail("\"workspaces\" must be an array of {id, uid}");
    for (const auto& ws : workspaces) {
      if (!ws.is_object()) Fail("\"workspaces\" must be an array of {id, uid}");
      CheckWorkspaceIdentity(ws);
    }
  }

  const ExportTable& TableOf(const json& name) const {
    const ExportTable* table =
        name.is_string() ? FindExportTable(name.get<std::string>()) : nullptr;
    if (!table) Fail("unknown table " + name.dump());
    return *table;
  }

  const std::set<std::string>& Columns(const std::string& table) {
    auto it = columns_.find(table);
    if (it != columns_.end()) return it->second;
    std::set<std::string> columns;
    auto q = db_.Prepare(TableColumnsSql(db_.engine()));
    q.Bind(1, table);
    while (q.Step()) columns.insert(q.Text(0));
    return columns_.emplace(table, std::move(columns)).first->second;
  }

  // The workspace id of the database row with `key`, or of the file's row via
  // its parent; nullopt when there is none.
  std::optional<int64_t> ExistingWorkspace(const ExportTable& table, const json& key) {
    Statement q = db_.Prepare("SELECT " + table.WorkspaceExpr() + " FROM " + table.name +
                              " WHERE " + table.KeyWhere());
    for (size_t i = 0; i < key.size(); ++i) BindJson(q, static_cast<int>(i + 1), key[i]);
    if (!q.Step()) return std::nullopt;
    found_ = true;
    if (q.IsNull(0)) return std::nullopt;
    return q.Int64(0);
  }

  std::optional<int64_t> IncomingWorkspace(const ExportTable& table, const json& row) {
    if (!table.workspace_column.empty()) {
      const json& v = row.value(table.workspace_column, json());
      return v.is_number_integer() ? std::optional<int64_t>(v.get<int64_t>()) : std::nullopt;
    }
    Statement q = db_.Prepare("SELECT workspace_id FROM " + table.parent_table + " WHERE " +
                              table.parent_key + " = ?");
    BindJson(q, 1, row.value(table.parent_column, json()));
    if (!q.Step()) return std::nullopt;
    return q.Int64(0);
  }

  std::string WorkspaceName(int64_t id) {
    Statement q = db_.Prepare("SELECT code FROM workspaces WHERE id = ?");
    q.Bind(1, id);
    return q.Step() ? "'" + q.Text(0) + "' (#" + std::to_string(id) + ")"
                    : "#" + std::to_string(id);
  }

  void CheckSameWorkspace(const ExportTable& table, const json& key, std::optional<int64_t> file_ws,
                          std::optional<int64_t> db_ws) {
    if (!file_ws || !db_ws || *file_ws == *db_ws) return;
    Fail(table.name + " [" + KeyText(key) + "] is held in this database by workspace " +
         WorkspaceName(*db_ws) + ", but the file gives it to workspace #" +
         std::to_string(*file_ws) +
         ": rows keep their ids on import, so this file cannot be merged into this database "
         "(import it into an empty one)");
  }

  bool HasWorkspace(const json& id) {
    if (!id.is_number_integer()) return false;
    Statement q = db_.Prepare("SELECT 1 FROM workspaces WHERE id = ?");
    q.Bind(1, id.get<int64_t>());
    return q.Step();
  }

  // "\"shop\"" for a workspace row, "uid 9f2c..." for a header entry.
  static std::string Named(const json& workspace) {
    if (workspace.contains("code")) return workspace["code"].dump();
    return "uid " + workspace.value("uid", std::string());
  }

  // Workspaces are the same project only when id and uid agree.
  void CheckWorkspaceIdentity(const json& row) {
    const json id = row.value("id", json()), uid = row.value("uid", json());
    if (!id.is_number_integer() || !uid.is_string()) Fail("a workspace row needs id and uid");
    Statement by_id = db_.Prepare("SELECT uid, code FROM workspaces WHERE id = ?");
    by_id.Bind(1, id.get<int64_t>());
    if (by_id.Step() && by_id.Text(0) != uid.get<std::string>()) {
      Fail("workspace #" + id.dump() + " of the file (" + Named(row) + ") is not workspace #" +
           id.dump() + " of this database ('" + by_id.Text(1) +
           "', another uid): rows keep their ids on import, so the two cannot be merged "
           "(import into an empty database)");
    }
    Statement by_uid = db_.Prepare("SELECT id FROM workspaces WHERE uid = ?");
    by_uid.Bind(1, uid.get<std::string>());
    if (by_uid.Step() && by_uid.Int64(0) != id.get<int64_t>()) {
      Fail("workspace " + Named(row) + " is #" + std::to_string(by_uid.Int64(0)) +
           " in this database but #" + id.dump() + " in the file; ids are kept on import");
    }
  }

  void Row(const json& line) {
    const ExportTable& table = TableOf(line["table"]);
    const json& row = line.value("row", json());
    if (!row.is_object() || row.empty()) Fail("\"row\" must be an object of column values");
    const auto& known = Columns(table.name);
    json key = json::array();
    for (const auto& k : table.key) {
      auto it = row.find(k);
      if (it == row.end() || it->is_null()) Fail(table.name + " row without its key " + k);
      key.push_back(*it);
    }
    std::string columns, values, updates, differs;
    for (const auto& [column, value] : row.items()) {
      if (!known.count(column))
        Fail("table " + table.name + " has no column " + json(column).dump());
      if (value.is_object() || value.is_array()) {
        Fail(table.name + "." + column + " must be a number, string or null");
      }
      columns += (columns.empty() ? "" : ", ") + column;
      values += values.empty() ? "?" : ", ?";
      if (std::find(table.key.begin(), table.key.end(), column) != table.key.end()) continue;
      updates += (updates.empty() ? "" : ", ") + column + " = excluded." + column;
      differs += (differs.empty() ? "" : " OR ") + table.name + "." + column +
                 " IS DISTINCT FROM excluded." + column;
    }
    if (table.name == "workspaces") CheckWorkspaceIdentity(row);
    // A workspace export carries its programs' links to other workspaces; a
    // link to a workspace that is not here has nothing to show the program to.
    if (table.name == "program_workspace_links" &&
        !HasWorkspace(row.value("workspace_id", json()))) {
      ++counts_[table.name].skipped;
      return;
    }
    found_ = false;
    std::optional<int64_t> db_ws = ExistingWorkspace(table, key);
    const bool existed = found_;
    if (existed) CheckSameWorkspace(table, key, IncomingWorkspace(table, row), db_ws);

    std::string conflict;
    for (const auto& k : table.key) conflict += (conflict.empty() ? "" : ", ") + k;
    std::string sql = "INSERT INTO " + table.name + " (" + columns + ") VALUES (" + values +
                      ") ON CONFLICT (" + conflict + ") DO " +
                      (updates.empty() ? "NOTHING" : "UPDATE SET " + updates + " WHERE " + differs);
    int64_t changed = 0;
    try {
      Statement upsert = db_.Prepare(sql);
      int i = 1;
      for (const auto& [column, value] : row.items()) BindJson(upsert, i++, value);
      changed = upsert.Exec();
    } catch (const DbError& e) {
      Fail(table.name + " [" + KeyText(key) + "] was refused: " + e.what());
    }
    ImportCounts& counts = counts_[table.name];
    if (!existed) {
      ++counts.inserted;
    } else if (changed > 0) {
      ++counts.updated;
    } else {
      ++counts.unchanged;
    }
  }

  void Tombstone(const json& line) {
    const ExportTable& table = TableOf(line["tombstone"]);
    const json& key = line.value("key", json());
    if (!key.is_array() || key.size() != table.key.size()) {
      Fail("the tombstone's key must be an array of " + std::to_string(table.key.size()) +
           " values");
    }
    for (const auto& v : key) {
      if (!v.is_number_integer() && !v.is_string()) Fail("key values are integers or strings");
    }
    const json ws = line.value("workspace_id", json());
    found_ = false;
    std::optional<int64_t> db_ws = ExistingWorkspace(table, key);
    if (!found_) {
      ++summary_.tombstones_absent;
      return;
    }
    CheckSameWorkspace(
        table, key,
        ws.is_number_integer() ? std::optional<int64_t>(ws.get<int64_t>()) : std::nullopt, db_ws);
    if (table.name == "workspaces") {
      const json uid = line.value("uid", json());
      if (!uid.is_string()) Fail("a workspace tombstone needs the workspace's uid");
      Statement q = db_.Prepare("SELECT uid, code FROM workspaces WHERE id = ?");
      BindJson(q, 1, key[0]);
      if (q.Step() && q.Text(0) != uid.get<std::string>()) {
        Fail("the file deletes workspace #" + key[0].dump() + ", but #" + key[0].dump() +
             " here is another project ('" + q.Text(1) + "', another uid)");
      }
    }
    try {
      Statement remove = db_.Prepare("DELETE FROM " + table.name + " WHERE " + table.KeyWhere());
      for (size_t i = 0; i < key.size(); ++i) BindJson(remove, static_cast<int>(i + 1), key[i]);
      remove.Exec();
    } catch (const DbError& e) {
      Fail("deleting " + table.name + " [" + KeyText(key) + "] was refused: " + e.what());
    }
    ++summary_.tombstones_applied;
  }

  // Every reference resolves, now that the whole file is in.
  void CheckReferences() {
    if (db_.engine() == Engine::kPostgres) {
      // The deferred checks run now; the first broken reference throws.
      try {
        db_.ExecScript("SET CONSTRAINTS ALL IMMEDIATE");
      } catch (const DbError& e) {
        if (e.kind() != DbErrorKind::kForeignKey) throw;
        throw UserError(std::string("rows reference rows that are neither in the file nor in "
                                    "this database (") +
                        e.what() +
                        "), e.g. a plan in a program of a workspace the file does not hold; "
                        "nothing was imported");
      }
      return;
    }
    auto q = db_.Prepare("PRAGMA foreign_key_check");
    std::string broken;
    int n = 0;
    while (q.Step()) {
      if (++n > 5) continue;
      std::string row = q.IsNull(1) ? "" : " #" + q.Text(1);
      broken += (broken.empty() ? "" : "; ") + q.Text(0) + row + " -> " + q.Text(2);
    }
    if (n > 0) {
      throw UserError(std::to_string(n) +
                      " rows reference rows that are neither in the file nor in this database (" +
                      broken +
                      "), e.g. a plan in a program of a workspace the file does not hold; "
                      "nothing was imported");
    }
  }

  // Ids of archived rows stay reserved in sqlite_sequence, as they were where
  // the file came from, so a restore never meets a new row with its id.
  void KeepIdsUnused() {
    auto q = db_.Prepare(
        "SELECT table_name, max(row_id) FROM archived_rows GROUP BY table_name "
        "UNION ALL SELECT 'plans', max(plan_id) FROM plan_archives");
    std::vector<std::pair<std::string, int64_t>> highest;
    while (q.Step()) {
      if (!q.IsNull(1)) {
        highest.emplace_back(q.Text(0), q.Int64(1));
      }
    }
    if (db_.engine() == Engine::kPostgres) {
      // Rows came with their ids: every identity moves past its table's
      // largest id, and past the archived ones.
      db_.QueryInt("SELECT pm_sync_identities()");
      for (const auto& [table, id] : highest) {
        if (!FindExportTable(table)) continue;
        auto move = db_.Prepare(
            "SELECT setval(CAST(s AS regclass), ?) FROM (SELECT pg_get_serial_sequence(?, 'id') "
            "AS s) AS q WHERE s IS NOT NULL AND ? > coalesce(pg_sequence_last_value(CAST(s AS "
            "regclass)), 0)");
        move.BindAll(id, table, id);
        move.Exec();
      }
      return;
    }
    for (const auto& [table, id] : highest) {
      if (!FindExportTable(table)) continue;
      auto update = db_.Prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?");
      update.Bind(1, id);
      update.Bind(2, table);
      if (update.Exec() == 0) {
        auto insert = db_.Prepare(
            "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE EXISTS "
            "(SELECT 1 FROM sqlite_schema WHERE name = ? AND sql LIKE "
            "'%AUTOINCREMENT%')");
        insert.Bind(1, table);
        insert.Bind(2, id);
        insert.Bind(3, table);
        insert.Exec();
      }
    }
  }

  Database& db_;
  std::string_view content_;
  const TransferProgress& progress_;
  int64_t line_ = 0;
  bool found_ = false;
  ImportSummary summary_;
  std::map<std::string, ImportCounts> counts_;
  std::map<std::string, std::set<std::string>> columns_;
};

}  // namespace

ImportSummary ImportExport(Database& db, std::string_view content,
                           const TransferProgress& progress) {
  ImportSummary summary = db.Write([&] { return Importer(db, content, progress).Run(); });
  if (db.engine() == Engine::kPostgres && summary.rows > 0 && !db.in_write()) {
    // Fresh statistics for the planner: until autovacuum gets round to it, a
    // store just filled would be planned as the empty one it was.
    try {
      db.ExecScript("ANALYZE");
    } catch (const DbError& e) {
      spdlog::warn("ANALYZE after the import failed ({}); the import itself is committed",
                   e.what());
    }
  }
  return summary;
}

}  // namespace pm::store
