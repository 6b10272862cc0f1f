// The embedded migrations go down as well as up (seed 002: "db-migrate-down"):
// every one has a down script, going down to 0 and back up rebuilds the schema
// byte for byte, and a round trip through any older version keeps the rows of
// every table (and column) that version has.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "store/export_fixture.h"
#include "store/migrator.h"
#include "test_support.h"

namespace pm::store {

namespace {

// Every schema object but its storage location (rootpage), sorted by name, as
// one text: equal texts mean equal schemas, SQL text included.
std::string SchemaText(Database& db) {
  auto q = db.Prepare(
      "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_master ORDER BY type, name");
  std::string out;
  while (q.Step()) {
    for (int i = 0; i < 4; ++i) out += q.Text(i) + (i < 3 ? "|" : "\n");
  }
  return out;
}

// Ordinary tables with their columns (FTS shadow tables included: their rows
// are the indexes, which must survive too).
std::map<std::string, std::vector<std::string>> Tables(Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  auto tables = db.Prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
      "'CREATE VIRTUAL TABLE%' AND name NOT IN ('sqlite_sequence')");
  while (tables.Step()) {
    const std::string table = tables.Text(0);
    auto columns = db.Prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
    columns.Bind(1, table);
    while (columns.Step()) out[table].push_back(columns.Text(0));
  }
  return out;
}

// A table's rows: its columns and, per row, each value quoted as SQL.
struct TableRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

TableRows ReadRows(Database& db, const std::string& table,
                   const std::vector<std::string>& columns) {
  std::string select;
  for (const auto& c : columns) select += (select.empty() ? "quote(\"" : ", quote(\"") + c + "\")";
  auto q = db.Prepare("SELECT " + select + " FROM \"" + table + "\"");
  TableRows out{columns, {}};
  while (q.Step()) {
    std::vector<std::string> row;
    for (int i = 0; i < q.ColumnCount(); ++i) row.push_back(q.Text(i));
    out.rows.push_back(std::move(row));
  }
  return out;
}

// The rows restricted to `columns` (which must all be in `rows`), one text per
// row, sorted: comparable whatever order the table returns them in.
std::vector<std::string> Project(const TableRows& rows, const std::vector<std::string>& columns) {
  std::vector<size_t> at;
  for (const auto& c : columns) {
    auto it = std::find(rows.columns.begin(), rows.columns.end(), c);
    REQUIRE_MESSAGE(it != rows.columns.end(), "column " << c << " appeared going down");
    at.push_back(static_cast<size_t>(it - rows.columns.begin()));
  }
  std::vector<std::string> out;
  for (const auto& row : rows.rows) {
    std::string text;
    for (size_t i : at) text += row[i] + "|";
    out.push_back(std::move(text));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> EmbeddedVersions() {
  std::vector<int> out;
  for (const auto& m : EmbeddedMigrations()) out.push_back(m.version);
  return out;
}

}  // namespace

TEST_CASE("every embedded migration has a down script") {
  for (const auto& m : EmbeddedMigrations()) {
    CAPTURE(m.file);
    CHECK(m.has_down());
    CHECK(m.down_file == "migrations/sqlite/" + VersionTag(m.version) + "_" + m.name + ".down.sql");
  }
}

TEST_CASE("empty -> latest -> 0 -> latest rebuilds sqlite_master byte for byte") {
  Database db(DatabaseOptions{});
  Migrator migrator(db, EmbeddedMigrations());
  migrator.Migrate();
  const std::string latest = SchemaText(db);
  REQUIRE(latest.find("idx_steps_status") != std::string::npos);

  MigrationResult down = migrator.MigrateTo(0);
  CHECK(down.reverted.size() == EmbeddedMigrations().size());
  CHECK(migrator.Status().current_version == 0);
  // Nothing is left but the ledger and SQLite's own sequence table.
  CHECK(SchemaText(db) ==
        "table|_migrations|_migrations|" +
            db.QueryText("SELECT sql FROM sqlite_master WHERE "
                         "name = '_migrations'") +
            "\ntable|sqlite_sequence|sqlite_sequence|CREATE TABLE sqlite_sequence(name,seq)\n");

  MigrationResult up = migrator.MigrateTo(migrator.Status().latest_version);
  CHECK(up.applied.size() == EmbeddedMigrations().size());
  CHECK(SchemaText(db) == latest);
}

// Reads the schema from sqlite_master and FTS5's shadow tables; PostgreSQL's
// down scripts are checked object by object in pg_migrator_test.
TEST_CASE(
    "latest -> N -> latest keeps the data of every table N still has (SQLite only: "
    "sqlite_master)" *
    PM_SQLITE_ONLY) {
  const std::vector<int> versions = EmbeddedVersions();
  const int latest = versions.back();
  // Every older version, down to 0001 (where only workspaces, the catalog and the
  // logs are left).
  for (auto it = versions.rbegin() + 1; it != versions.rend(); ++it) {
    const int n = *it;
    CAPTURE(n);
    auto db = testing::MigratedMemoryDatabase();
    testing::FillEveryTable(*db);
    const std::string schema = SchemaText(*db);
    std::map<std::string, TableRows> at_latest;
    for (const auto& [table, columns] : Tables(*db)) {
      at_latest[table] = ReadRows(*db, table, columns);
    }

    Migrator migrator(*db, EmbeddedMigrations());
    migrator.MigrateTo(n);
    REQUIRE(migrator.Status().current_version == n);
    const auto tables_at_n = Tables(*db);
    size_t rows_kept = 0;
    for (const auto& [name, columns] : tables_at_n) {
      const std::string& table = name;  // CAPTURE cannot take a binding (clang 14)
      if (table == "_migrations") continue;
      CAPTURE(table);
      REQUIRE(at_latest.count(table));
      const std::vector<std::string> expected = Project(at_latest[table], columns);
      CHECK(Project(ReadRows(*db, table, columns), columns) == expected);
      rows_kept += expected.size();
    }
    CHECK(rows_kept > 0);

    migrator.MigrateTo(latest);
    CHECK(SchemaText(*db) == schema);
    for (const auto& [name, columns] : tables_at_n) {
      const std::string& table = name;  // CAPTURE cannot take a binding (clang 14)
      if (table == "_migrations") continue;
      CAPTURE(table);
      CHECK(Project(ReadRows(*db, table, columns), columns) == Project(at_latest[table], columns));
    }
  }
}

}  // namespace pm::store
