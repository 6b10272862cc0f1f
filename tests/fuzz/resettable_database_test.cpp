// The fuzzer's database returns to its pristine state after every session, so
// an input behaves the same alone as after any other.
#include "fuzz/resettable_database.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "fuzz/fuzz_session.h"
#include "test_support.h"

namespace {

using pm::fuzz::ResettableDatabase;

// Row counts of every table but the full-text shadow tables, and sqlite_sequence.
std::map<std::string, int64_t> Contents(pm::store::Database& db) {
  std::map<std::string, int64_t> counts;
  SQLite::Statement tables(db.sql(),
                           "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = "
                           "'table' AND name != 'sqlite_sequence'");
  while (tables.executeStep()) {
    const std::string name = tables.getColumn(0).getString();
    counts[name] = db.sql().execAndGet("SELECT count(*) FROM \"" + name + "\"").getInt64();
  }
  SQLite::Statement sequences(db.sql(), "SELECT name, seq FROM sqlite_sequence");
  while (sequences.executeStep()) {
    counts["sqlite_sequence:" + sequences.getColumn(0).getString()] =
        sequences.getColumn(1).getInt64();
  }
  return counts;
}

void Write(pm::store::Database& db, const std::string& sql) {
  db.Write([&] { db.sql().exec(sql); });
}

}  // namespace

TEST_CASE("rows written by a session are gone after a reset, ids start over") {
  ResettableDatabase data;
  const auto pristine = Contents(data.db());
  CHECK_FALSE(data.Changed());
  Write(data.db(),
        "INSERT INTO workspaces (code, name, path, uid) VALUES ('shop', 'shop', '/shop', 'u1')");
  Write(data.db(), "INSERT INTO plans (workspace_id, code, title) VALUES (1, 'P1', 'Login page')");
  CHECK(data.Changed());
  CHECK(data.CheckIntegrity() == "ok");
  CHECK(Contents(data.db()) != pristine);

  data.Reset();
  CHECK_FALSE(data.Changed());
  CHECK(Contents(data.db()) == pristine);
  Write(data.db(),
        "INSERT INTO workspaces (code, name, path, uid) VALUES ('shop', 'shop', '/shop', 'u1')");
  CHECK(data.db().sql().execAndGet("SELECT max(id) FROM workspaces").getInt64() == 1);
}

TEST_CASE("a session that changed the catalog or meta gets the whole pristine database back") {
  ResettableDatabase data;
  const auto pristine = Contents(data.db());
  const std::string hash =
      data.db().sql().execAndGet("SELECT value FROM meta WHERE key = 'catalog_hash'").getString();
  Write(data.db(), "DELETE FROM tool_action_params");
  Write(data.db(), "UPDATE meta SET value = 'x' WHERE key = 'catalog_hash'");
  data.Reset();
  CHECK(Contents(data.db()) == pristine);
  CHECK(
      data.db().sql().execAndGet("SELECT value FROM meta WHERE key = 'catalog_hash'").getString() ==
      hash);
}

TEST_CASE("the same session gives the same answers however many ran before it") {
  const std::string session =
      pm::testing::InitializeLine() + "\n" +
      pm::testing::RequestLine(
          1, "tools/call",
          {{"name", "memory_workspace"},
           {"arguments", {{"action", "register"}, {"path", "/tmp/fuzz-shop"}, {"name", "shop"}}}}) +
      "\n" +
      pm::testing::RequestLine(
          2, "tools/call",
          {{"name", "memory_plan"},
           {"arguments", {{"action", "create"}, {"workspace", "shop"}, {"title", "Login"}}}}) +
      "\n";
  pm::fuzz::SessionOutcome first = pm::fuzz::RunSession(session);
  pm::fuzz::SessionOutcome second = pm::fuzz::RunSession(session);
  CAPTURE(first.output);
  CHECK(first.problem == "");
  CHECK(second.problem == "");
  // Same ids and codes: workspace #1 and plan P1 both times.
  CHECK(first.output.find("\"code\":\"P1\"") != std::string::npos);
  CHECK(second.output.find("\"code\":\"P1\"") != std::string::npos);
  CHECK(second.output.find("\"id\":1,") != std::string::npos);
}
