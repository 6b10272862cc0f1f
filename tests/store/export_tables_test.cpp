// The export covers every table holding user data, and every exported table
// records its deletions: a table added by a later migration fails here until it
// is exported (src/store/export_tables.cpp) with a tombstone trigger, or listed
// as not exported on purpose.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "store/export_tables.h"
#include "test_support.h"

namespace pm::store {

namespace {

std::set<std::string> Names(Database& db, const std::string& sql) {
  std::set<std::string> names;
  auto q = db.Prepare(sql);
  while (q.Step()) names.insert(q.Text(0));
  return names;
}

}  // namespace

TEST_CASE("every table holding user data is exported, and nothing else") {
  auto db = testing::MigratedMemoryDatabase();
  const bool pg = testing::OnPostgres(*db);
  // The full-text indexes: FTS5 tables, or PostgreSQL's tables of tsvectors.
  const std::set<std::string> fts =
      Names(*db, pg ? "SELECT table_name FROM information_schema.columns WHERE table_schema = "
                      "current_schema() AND column_name = 'document' AND data_type = 'tsvector'"
                    : "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE "
                      "VIRTUAL TABLE%'");
  REQUIRE(!fts.empty());
  std::set<std::string> expected;
  for (const auto& table :
       Names(*db, pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                       "current_schema() AND table_type = 'BASE TABLE'"
                     : "SELECT name FROM sqlite_schema WHERE type = 'table'")) {
    // Full-text indexes and their shadow tables (plans_fts_data, ...) are derived.
    bool derived = std::any_of(fts.begin(), fts.end(), [&](const std::string& v) {
      return table == v || table.rfind(v + "_", 0) == 0;
    });
    const auto& skipped = NotExportedTables();
    if (derived || std::find(skipped.begin(), skipped.end(), table) != skipped.end()) continue;
    expected.insert(table);
  }
  std::set<std::string> exported;
  for (const auto& t : ExportTables()) {
    CAPTURE(t.name);
    CHECK(exported.insert(t.name).second);  // exported once
  }
  CHECK(exported == expected);
}

TEST_CASE("every exported table has a tombstone trigger that records its deletions") {
  auto db = testing::MigratedMemoryDatabase();
  if (testing::OnPostgres(*db)) {
    // One AFTER DELETE trigger per table calls pm_tombstone(), whose branch for
    // the table records its key.
    const std::string function = db->QueryText(
        "SELECT prosrc FROM pg_proc WHERE proname = 'pm_tombstone' AND pronamespace = "
        "CAST(current_schema() AS regnamespace)");
    for (const auto& t : ExportTables()) {
      CAPTURE(t.name);
      auto q = db->Prepare(
          "SELECT count(*) FROM information_schema.triggers WHERE event_object_schema = "
          "current_schema() AND event_object_table = ? AND event_manipulation = 'DELETE' AND "
          "action_timing = 'AFTER' AND action_statement LIKE '%pm_tombstone()%'");
      q.Bind(1, t.name);
      REQUIRE(q.Step());
      CHECK(q.Int64(0) == 1);
      std::string key;
      for (const auto& k : t.key) key += (key.empty() ? "" : ", ") + std::string("OLD.") + k;
      CHECK(function.find("jsonb_build_array(" + key + ")") != std::string::npos);
    }
    return;
  }
  for (const auto& t : ExportTables()) {
    CAPTURE(t.name);
    auto q = db->Prepare(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
        "AND sql LIKE '%AFTER DELETE%' AND sql LIKE '%INSERT INTO tombstones%'");
    q.Bind(1, t.name);
    REQUIRE(q.Step());
    const std::string sql = q.Text(0);
    CHECK(sql.find("'" + t.name + "'") != std::string::npos);
    // The key it records is the table's key, in order.
    std::string key;
    for (const auto& k : t.key) key += (key.empty() ? "" : ", ") + std::string("old.") + k;
    CHECK(sql.find("json_array(" + key + ")") != std::string::npos);
  }
}

TEST_CASE("each exported table's key is its primary key") {
  auto db = testing::MigratedMemoryDatabase();
  for (const auto& t : ExportTables()) {
    CAPTURE(t.name);
    auto q = db->Prepare(
        testing::OnPostgres(*db)
            ? "SELECT a.attname FROM pg_index AS i JOIN pg_attribute AS a ON a.attrelid = "
              "i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indisprimary AND i.indrelid = "
              "CAST(CAST(? AS text) AS regclass) ORDER BY array_position(CAST(i.indkey AS "
              "int2[]), a.attnum)"
            : "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
    q.Bind(1, t.name);
    std::vector<std::string> pk;
    while (q.Step()) pk.push_back(q.Text(0));
    CHECK(pk == t.key);
  }
}

}  // namespace pm::store
