#include "store/export_writer.h"

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "common/user_error.h"
#include "store/dialect.h"
#include "store/export_tables.h"

namespace pm::store {

namespace {

using ordered_json = nlohmann::ordered_json;

void AppendValue(std::string& line, Statement& q, int column, const std::string& where) {
  switch (q.Type(column)) {
    case ColumnType::kNull:
      line += "null";
      break;
    case ColumnType::kInteger:
      line += std::to_string(q.Int64(column));
      break;
    case ColumnType::kReal:
      line += nlohmann::json(q.Double(column)).dump();
      break;
    case ColumnType::kText:
      try {
        line += nlohmann::json(q.Text(column)).dump();
      } catch (const nlohmann::json::exception&) {
        throw std::runtime_error(where + " holds text that is not valid UTF-8");
      }
      break;
  }
}

// The rows of `table` in the scope, as lines.
class TableQuery {
 public:
  // `revived`: ids (a JSON array) of rows that count as changed whatever
  // their times say.
  TableQuery(Engine engine, const ExportTable& table, const ExportOptions& options,
             const nlohmann::json& revived = nlohmann::json::array()) {
    std::string where;
    if (options.workspace_id) where = table.ScopeWhere();
    if (options.since && !table.since_where.empty()) {
      std::string changed = table.since_where;
      if (!revived.empty()) changed = "(" + changed + " OR id IN " + JsonIds(engine, "?") + ")";
      where += (where.empty() ? "" : " AND ") + changed;
    }
    where_ = where.empty() ? "" : " WHERE " + where;
    std::string order;
    for (const auto& k : table.key) order += (order.empty() ? "" : ", ") + k;
    order_ = " ORDER BY " + order;
    if (options.workspace_id) params_.emplace_back(*options.workspace_id);
    if (options.since && !table.since_where.empty()) {
      params_.emplace_back(*options.since);
      if (!revived.empty()) params_.emplace_back(revived.dump());
    }
  }

  void Bind(Statement& q) const {
    int i = 1;
    for (const auto& p : params_) {
      if (p.is_number_integer()) {
        q.Bind(i++, p.get<int64_t>());
      } else {
        q.Bind(i++, p.get<std::string>());
      }
    }
  }

  const std::string& where() const { return where_; }
  const std::string& order() const { return order_; }

 private:
  std::string where_, order_;
  std::vector<nlohmann::json> params_;
};

// Rows a restore brought back from the archive after `since`, by table: they
// return with the times they had when archived, so their times alone would
// leave them out. A restore deletes the archived copies, whose tombstones name
// the live rows (table_name, row_id; "@link child.column" entries are
// references the restore set again on child rows).
std::map<std::string, nlohmann::json> RevivedRows(Database& db, const std::string& since) {
  std::map<std::string, nlohmann::json> revived;
  auto q = db.Prepare("SELECT " + JsonElement(db.engine(), "row_key", 1) + ", " +
                      JsonElement(db.engine(), "row_key", 2) +
                      " FROM tombstones WHERE table_name = 'archived_rows' AND deleted_at > ?");
  q.Bind(1, since);
  while (q.Step()) {
    std::string table = q.Text(0);
    if (table.rfind("@link ", 0) == 0) table = table.substr(6, table.find('.') - 6);
    const ExportTable* t = FindExportTable(table);
    if (!t || t->key != std::vector<std::string>{"id"} || t->since_where.empty()) continue;
    auto& ids = revived[table];
    if (ids.is_null()) ids = nlohmann::json::array();
    ids.push_back(q.Int64(1));
  }
  return revived;
}

}  // namespace

int SchemaVersion(Database& db) {
  if (!db.TableExists("_migrations")) return 0;
  auto v = db.Prepare("SELECT coalesce(max(id), 0) FROM _migrations");
  v.Step();
  return v.Int(0);
}

std::string NormalizeSinceTime(const std::string& time) {
  static const std::regex kTime(
      R"((\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?)?)");
  std::smatch m;
  if (!std::regex_match(time, m, kTime)) {
    throw UserError(
        "--since wants an ISO time such as 2026-12-01T10:00:00.000Z or 2026-12-01, "
        "not \"" +
        time + "\"");
  }
  if (!m[2].matched) return m[1].str();  // a date: every time of that day sorts after it
  std::string millis = m[4].matched ? m[4].str() : "";
  millis.append(3 - millis.size(), '0');
  return m[1].str() + "T" + m[2].str() + ":" + (m[3].matched ? m[3].str() : "00") + "." + millis +
         "Z";
}

// The export itself, inside its read transaction.
static ExportSummary WriteExportInSnapshot(Database& db, const ExportOptions& options,
                                           std::ostream& out, const TransferProgress& progress);

ExportSummary WriteExport(Database& db, const ExportOptions& options, std::ostream& out,
                          const TransferProgress& progress) {
  return db.Read([&] { return WriteExportInSnapshot(db, options, out, progress); });
}

static ExportSummary WriteExportInSnapshot(Database& db, const ExportOptions& options,
                                           std::ostream& out, const TransferProgress& progress) {
  ExportSummary summary;
  std::string line;
  auto emit = [&] {
    line.push_back('\n');
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    summary.bytes += static_cast<int64_t>(line.size());
    if (!out) throw std::runtime_error("cannot write the export (disk full or output closed?)");
  };

  ordered_json header;
  header["format"] = kExportFormatName;
  header["version"] = kExportFormatVersion;
  header["schema_version"] = SchemaVersion(db);
  header["workspace"] = nullptr;
  if (options.workspace_id) {
    auto q = db.Prepare("SELECT id, uid, code FROM workspaces WHERE id = ?");
    q.Bind(1, *options.workspace_id);
    if (!q.Step()) {
      throw UserError("no workspace #" + std::to_string(*options.workspace_id));
    }
    header["workspace"] = {{"id", q.Int64(0)}, {"uid", q.Text(1)}, {"code", q.Text(2)}};
  }
  header["since"] = options.since ? ordered_json(*options.since) : ordered_json(nullptr);
  // Every workspace of the scope with its uid, so an import can tell the same
  // project from another that has the same id, even when the file (--since)
  // holds no workspace row.
  header["workspaces"] = ordered_json::array();
  {
    auto q = db.Prepare(std::string("SELECT id, uid FROM workspaces") +
                        (options.workspace_id ? " WHERE id = ?" : "") + " ORDER BY id");
    if (options.workspace_id) q.Bind(1, *options.workspace_id);
    while (q.Step()) {
      header["workspaces"].push_back({{"id", q.Int64(0)}, {"uid", q.Text(1)}});
    }
  }
  line = header.dump();
  emit();

  std::map<std::string, nlohmann::json> revived;
  if (options.since) revived = RevivedRows(db, *options.since);
  auto revived_of = [&revived](const std::string& table) {
    auto it = revived.find(table);
    return it == revived.end() ? nlohmann::json::array() : it->second;
  };

  // The total, for progress: one count per table over the same conditions.
  int64_t total = 0;
  if (progress) {
    for (const auto& table : ExportTables()) {
      TableQuery query(db.engine(), table, options, revived_of(table.name));
      auto q = db.Prepare("SELECT count(*) FROM " + table.name + query.where());
      query.Bind(q);
      q.Step();
      total += q.Int64(0);
    }
  }
  int64_t done = 0;
  auto tick = [&] {
    if (progress && ++done % 500 == 0) progress(done, total);
  };

  if (options.since) {
    std::string sql =
        "SELECT table_name, row_key, workspace_id, deleted_at, uid FROM tombstones "
        "WHERE deleted_at > ?";
    if (options.workspace_id) sql += " AND workspace_id = ?";
    sql += " ORDER BY id";  // deletion order
    auto q = db.Prepare(sql);
    q.Bind(1, *options.since);
    if (options.workspace_id) q.Bind(2, *options.workspace_id);
    while (q.Step()) {
      const std::string name = q.Text(0);
      const ExportTable* table = FindExportTable(name);
      if (!table) continue;
      const std::string key_text = q.Text(1);
      const nlohmann::json key = nlohmann::json::parse(key_text);
      // A row deleted and then brought back (a restored archive) is not gone.
      Statement exists = db.Prepare("SELECT 1 FROM " + table->name + " WHERE " + table->KeyWhere());
      for (size_t i = 0; i < key.size(); ++i) {
        if (key[i].is_string()) {
          exists.Bind(static_cast<int>(i + 1), key[i].get<std::string>());
        } else {
          exists.Bind(static_cast<int>(i + 1), key[i].get<int64_t>());
        }
      }
      if (exists.Step()) continue;
      line =
          "{\"tombstone\":" + nlohmann::json(name).dump() + ",\"key\":" + key.dump() +
          ",\"workspace_id\":" + (q.IsNull(2) ? std::string("null") : std::to_string(q.Int64(2))) +
          ",\"deleted_at\":" + nlohmann::json(q.Text(3)).dump() +
          (q.IsNull(4) ? std::string() : ",\"uid\":" + nlohmann::json(q.Text(4)).dump()) + "}";
      emit();
      ++summary.tombstones;
    }
  }

  for (const auto& table : ExportTables()) {
    TableQuery query(db.engine(), table, options, revived_of(table.name));
    auto q = db.Prepare("SELECT * FROM " + table.name + query.where() + query.order());
    query.Bind(q);
    const int columns = q.ColumnCount();
    std::vector<std::string> names;
    for (int i = 0; i < columns; ++i) names.push_back(nlohmann::json(q.ColumnName(i)).dump());
    const std::string prefix = "{\"table\":" + nlohmann::json(table.name).dump() + ",\"row\":{";
    int64_t rows = 0;
    while (q.Step()) {
      line = prefix;
      for (int i = 0; i < columns; ++i) {
        if (i > 0) line.push_back(',');
        line += names[static_cast<size_t>(i)];
        line.push_back(':');
        AppendValue(line, q, i, table.name + "." + q.ColumnName(i));
      }
      line += "}}";
      emit();
      ++rows;
      tick();
    }
    if (rows > 0) summary.rows.emplace_back(table.name, rows);
    summary.total_rows += rows;
  }

  ordered_json end;
  end["end"] = true;
  end["rows"] = summary.total_rows;
  end["tombstones"] = summary.tombstones;
  line = end.dump();
  emit();
  out.flush();
  if (progress) progress(total, total);
  return summary;
}

}  // namespace pm::store
