// The PostgreSQL schema against the SQLite one: the same tables with the same
// columns in the same order, the same views, indexes and triggers by name, and
// a tsvector table for every FTS5 table.
#include <doctest/doctest.h>

#include <set>

#include "pg_fixture.h"
#include "store/database.h"
#include "store/migrator.h"

namespace pm::store::pg {

namespace {

std::vector<std::string> SqliteColumns(Database& db, const std::string& table) {
  auto q = db.Prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
  q.Bind(1, table);
  std::vector<std::string> columns;
  while (q.Step()) columns.push_back(q.Text(0));
  return columns;
}

std::vector<std::string> PgColumns(Connection& c, const std::string& table) {
  Result r = c.Execute(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = ? ORDER BY ordinal_position",
      {table});
  std::vector<std::string> columns;
  while (r.Next()) columns.push_back(std::get<std::string>(r.Get(0)));
  return columns;
}

std::set<std::string> PgNames(Connection& c, const std::string& sql) {
  Result r = c.Execute(sql);
  std::set<std::string> names;
  while (r.Next()) names.insert(std::get<std::string>(r.Get(0)));
  return names;
}

}  // namespace

PG_TEST_CASE("PostgreSQL has every SQLite table with the same columns in the same order") {
  Database sqlite(DatabaseOptions{});
  Migrator(sqlite, EmbeddedMigrations()).Migrate();
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);

  // FTS5 virtual tables and their shadow tables (plans_fts_data, ...) are the
  // engine's own; each virtual table has a tsvector table of the same name.
  std::set<std::string> fts;
  auto virtuals = sqlite.Prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' "
      "AND sql LIKE 'CREATE VIRTUAL TABLE%'");
  while (virtuals.Step()) fts.insert(virtuals.Text(0));
  REQUIRE(fts.size() == 10);
  const auto pg_tables = PgNames(
      *c,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE'");
  for (const auto& name : fts) {
    CAPTURE(name);
    CHECK(pg_tables.count(name) == 1);
  }

  std::set<std::string> sqlite_tables;
  auto tables = sqlite.Prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' "
      "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' "
      "ORDER BY name");
  while (tables.Step()) {
    const std::string name = tables.Text(0);
    const bool shadow = std::any_of(
        fts.begin(), fts.end(), [&](const std::string& f) { return name.rfind(f + "_", 0) == 0; });
    if (!shadow) sqlite_tables.insert(name);
  }
  REQUIRE(sqlite_tables.size() > 25);
  for (const auto& table : sqlite_tables) {
    CAPTURE(table);
    CHECK(PgColumns(*c, table) == SqliteColumns(sqlite, table));
  }
  // ... and nothing more than those and the full-text tables.
  for (const auto& table : pg_tables) {
    CAPTURE(table);
    CHECK((sqlite_tables.count(table) == 1 || fts.count(table) == 1));
  }

  // Views read the same columns.
  auto views = sqlite.Prepare("SELECT name FROM sqlite_schema WHERE type = 'view'");
  int view_count = 0;
  while (views.Step()) {
    const std::string view = views.Text(0);
    CAPTURE(view);
    CHECK(PgColumns(*c, view) == SqliteColumns(sqlite, view));
    ++view_count;
  }
  CHECK(view_count == 3);

  // Indexes and triggers carry the same names.
  const auto pg_indexes =
      PgNames(*c, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
  const auto pg_triggers =
      PgNames(*c, "SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal");
  auto named = sqlite.Prepare(
      "SELECT type, name FROM sqlite_schema WHERE type IN ('index', 'trigger') "
      "AND name NOT LIKE 'sqlite_autoindex%'");
  while (named.Step()) {
    const std::string type = named.Text(0);
    const std::string name = named.Text(1);
    CAPTURE(name);
    CHECK((type == "index" ? pg_indexes : pg_triggers).count(name) == 1);
  }
}

}  // namespace pm::store::pg
