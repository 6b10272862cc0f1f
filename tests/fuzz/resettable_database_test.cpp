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
  auto tables = db.Prepare(
      "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = "
      "'table' AND name != 'sqlite_sequence'");
  while (tables.Step()) {
    const std::string name = tables.Text(0);
    counts[name] = db.QueryInt("SELECT count(*) FROM \"" + name + "\"");
  }
  auto sequences = db.Prepare("SELECT name, seq FROM sqlite_sequence");
  while (sequences.Step()) counts["sqlite_sequence:" + sequences.Text(0)] = sequences.Int64(1);
  return counts;
}

void Write(pm::store::Database& db, const std::string& sql) {
  db.Write([&] { db.ExecScript(sql); });
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
  CHECK(data.db().QueryInt("SELECT max(id) FROM workspaces") == 1);
}

TEST_CASE("a session that changed the catalog or meta gets the whole pristine database back") {
  ResettableDatabase data;
  const auto pristine = Contents(data.db());
  const std::string hash = data.db().QueryText("SELECT value FROM meta WHERE key = 'catalog_hash'");
  Write(data.db(), "DELETE FROM tool_action_params");
  Write(data.db(), "UPDATE meta SET value = 'x' WHERE key = 'catalog_hash'");
  data.Reset();
  CHECK(Contents(data.db()) == pristine);
  CHECK(data.db().QueryText("SELECT value FROM meta WHERE key = 'catalog_hash'") == hash);
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
