// What the PostgreSQL schema does by itself, as the SQLite triggers and
// defaults do: times, ids, claims ending, edges and memory following their
// anchors, tombstones, the catalog's search document, the ready view.
#include <doctest/doctest.h>

#include <regex>

#include "pg_fixture.h"
#include "store/pg/search_query.h"
#include "store/pg/search_sql.h"

namespace pm::store::pg {

namespace {

Value One(Connection& c, const std::string& sql, const std::vector<Param>& params = {}) {
  Result r = c.Execute(sql, params);
  REQUIRE(r.Next());
  return r.Get(0);
}

int64_t Count(Connection& c, const std::string& sql, const std::vector<Param>& params = {}) {
  return std::get<int64_t>(One(c, sql, params));
}

// A workspace (1), a plan (10) with two phases (20, 21) and a step in each (30, 31).
void SeedWork(Connection& c) {
  c.ExecuteScript(R"(
    INSERT INTO workspaces (id, code, name) VALUES (1, 'w', 'W');
    INSERT INTO code_counters (workspace_id, prefix, last_value) VALUES (1, 'T', 2);
    INSERT INTO plans (id, workspace_id, code, title, status) VALUES (10, 1, 'P1', 'Plan', 'active');
    INSERT INTO plans (id, workspace_id, code, title) VALUES (11, 1, 'P2', 'Other');
    INSERT INTO phases (id, plan_id, name, order_index) VALUES (20, 10, 'one', 0), (21, 10, 'two', 1);
    INSERT INTO steps (id, workspace_id, plan_id, phase_id, code, order_index, task)
    VALUES (30, 1, 10, 20, 'T1', 0, 'First'), (31, 1, 10, 21, 'T2', 0, 'Second');
  )");
}

}  // namespace

PG_TEST_CASE("defaults: uids, identities and times in the store's shapes") {
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  Result w =
      c->Execute("INSERT INTO workspaces (code, name) VALUES (?, ?) RETURNING *", {"w", "W"});
  REQUIRE(w.Next());
  CHECK(std::get<int64_t>(w.Get("id")) == 1);
  CHECK(std::regex_match(std::get<std::string>(w.Get("uid")), std::regex("[0-9a-f]{32}")));
  CHECK(std::regex_match(std::get<std::string>(w.Get("created_at")),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK(std::get<std::string>(w.Get("metadata")) == "{}");

  // Rows written with their ids (import, restore) and the identities moved past them.
  c->Execute("INSERT INTO workspaces (id, code, name) VALUES (?, ?, ?)", {100, "x", "X"});
  CHECK(Count(*c, "SELECT pm_sync_identities()") >= 1);
  CHECK(Count(*c, "INSERT INTO workspaces (code, name) VALUES (?, ?) RETURNING id", {"y", "Y"}) ==
        101);
  CHECK(Count(*c, "SELECT pm_sync_identities()") == 0);  // never moves one back

  // Times given as the store writes them read back unchanged.
  c->Execute("UPDATE workspaces SET updated_at = ? WHERE id = ?", {"2026-01-02T03:04:05.678Z", 1});
  CHECK(std::get<std::string>(One(*c, "SELECT updated_at FROM workspaces WHERE id = 1")) ==
        "2026-01-02T03:04:05.678Z");
}

PG_TEST_CASE("checks refuse what SQLite's refuse") {
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  SeedWork(*c);
  auto kind = [&](const std::string& sql) {
    try {
      c->ExecuteScript(sql);
    } catch (const PgError& e) {
      return e.kind();
    }
    return PgErrorKind::kOther;
  };
  CHECK(kind("UPDATE plans SET status = 'done' WHERE id = 10") == PgErrorKind::kCheckViolation);
  CHECK(kind("UPDATE steps SET status = 'completed' WHERE id = 30") ==
        PgErrorKind::kCheckViolation);  // without completed_at
  CHECK(kind("INSERT INTO tracks (workspace_id, name, color) VALUES (1, 't', 'red')") ==
        PgErrorKind::kCheckViolation);
  CHECK(kind("INSERT INTO knowledge (workspace_id, slug, title) VALUES (1, 'Bad Slug', 't')") ==
        PgErrorKind::kCheckViolation);
  CHECK(kind("UPDATE plans SET tags = '{}' WHERE id = 10") == PgErrorKind::kCheckViolation);
  CHECK(kind("INSERT INTO context_items (workspace_id, anchor_kind, anchor_id, type, data) "
             "VALUES (1, 'workspace', 1, 'note', '{not json')") == PgErrorKind::kCheckViolation);
  CHECK(kind("INSERT INTO context_items (workspace_id, anchor_kind, anchor_id, type, format, data) "
             "VALUES (1, 'workspace', 1, 'note', 'text', '{not json')") == PgErrorKind::kOther);
  CHECK(
      kind("INSERT INTO plans (workspace_id, code, title, is_backlog) VALUES (1, 'B1', 'b', true),"
           " (1, 'B2', 'c', true)") == PgErrorKind::kUniqueViolation);
  CHECK(kind("INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task) "
             "VALUES (1, 10, 99, 'T9', 0, 'x')") == PgErrorKind::kForeignKeyViolation);
}

PG_TEST_CASE("leaving in_progress ends the claim; the ready view follows phases and edges") {
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  SeedWork(*c);
  CHECK(Count(*c, "SELECT id FROM ready_steps") == 30);  // phase two waits for phase one

  // The claim statement of the PostgreSQL strategy: one statement, rows others
  // hold skipped.
  Result claimed = c->Execute(
      "UPDATE steps SET status = 'in_progress', holder_agent = ?, claimed_at = pm_now(), "
      "lease_expires_at = pm_now() + interval '10 minutes' "
      "WHERE id = (SELECT id FROM ready_steps WHERE workspace_id = ? ORDER BY order_index, id "
      "FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, holder_agent",
      {"agent-1", 1});
  REQUIRE(claimed.Next());
  CHECK(std::get<int64_t>(claimed.Get(0)) == 30);
  CHECK(c->Execute("SELECT id FROM ready_steps").row_count() == 0);

  Result released = c->Execute(
      "UPDATE steps SET status = 'pending' WHERE id = 30 RETURNING holder_agent, "
      "claimed_at, lease_expires_at");
  REQUIRE(released.Next());
  CHECK(released.IsNull(0));
  CHECK(released.IsNull(1));
  CHECK(released.IsNull(2));

  c->ExecuteScript("UPDATE steps SET status = 'completed', completed_at = pm_now() WHERE id = 30");
  CHECK(Count(*c, "SELECT id FROM ready_steps") == 31);
  c->ExecuteScript(
      "INSERT INTO dependencies (workspace_id, source_kind, source_id, target_kind, target_id) "
      "VALUES (1, 'step', 31, 'plan', 11)");
  CHECK(c->Execute("SELECT id FROM ready_steps").row_count() == 0);
  c->ExecuteScript("DELETE FROM plans WHERE id = 11");  // its edges go with it
  CHECK(Count(*c, "SELECT count(*) FROM dependencies") == 0);
  CHECK(Count(*c, "SELECT id FROM ready_steps") == 31);
}

PG_TEST_CASE("memory follows its anchor; deletions leave tombstones") {
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  SeedWork(*c);
  c->ExecuteScript(R"(
    INSERT INTO context_items (workspace_id, anchor_kind, anchor_id, plan_id, type, data)
    VALUES (1, 'step', 30, 10, 'note', '{"a": 1}'), (1, 'phase', 21, 10, 'note', '[]');
    INSERT INTO plans (id, workspace_id, code, title) VALUES (12, 1, 'P3', 'Third');
    UPDATE steps SET plan_id = 12 WHERE id = 30;
  )");
  CHECK(Count(*c, "SELECT plan_id FROM context_items WHERE anchor_kind = 'step'") == 12);
  c->ExecuteScript("DELETE FROM phases WHERE id = 21");
  CHECK(Count(*c, "SELECT count(*) FROM context_items WHERE anchor_kind = 'phase'") == 0);

  c->ExecuteScript("DELETE FROM tombstones; DELETE FROM workspaces WHERE id = 1");
  CHECK(Count(*c, "SELECT count(*) FROM steps") == 0);
  Result stones = c->Execute(
      "SELECT table_name, row_key::text, workspace_id, uid FROM tombstones ORDER BY table_name, "
      "row_key::text");
  std::vector<std::string> seen;
  while (stones.Next()) {
    seen.push_back(std::get<std::string>(stones.Get(0)) + " " +
                   std::get<std::string>(stones.Get(1)));
  }
  for (const char* expected :
       {"code_counters [1, \"T\"]", "context_items [1]", "plans [10]", "plans [11]", "plans [12]",
        "phases [20]", "steps [30]", "workspaces [1]"}) {
    CAPTURE(expected);
    CHECK(std::find(seen.begin(), seen.end(), expected) != seen.end());
  }
  CHECK(Count(*c,
              "SELECT count(*) FROM tombstones WHERE table_name = 'workspaces' AND uid IS NOT "
              "NULL AND workspace_id = 1") == 1);
}

PG_TEST_CASE("the tool catalog is one search document per action, parameters included") {
  testing::ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  c->ExecuteScript(R"(
    INSERT INTO tools (name, title, description) VALUES ('memory_plan', 'Plans', 'Plans.');
    INSERT INTO tool_actions (id, tool_name, name, description, read_only, destructive, idempotent)
    VALUES (1, 'memory_plan', 'create', 'Create a plan.', false, false, false);
    INSERT INTO tool_action_params (action_id, name, position, type, required, description)
    VALUES (1, 'title', 0, '["string"]', true, 'The headline of the plan.'),
           (1, 'priority', 1, '["string"]', false, 'How urgent it is.');
  )");
  CHECK(std::get<std::string>(One(*c, "SELECT params FROM catalog_fts WHERE id = 1")) ==
        "title: The headline of the plan. | priority: How urgent it is.");
  const std::string match = "SELECT count(*) FROM catalog_fts WHERE document @@ " + TsQuerySql("?");
  CHECK(Count(*c, match, {TranslateSearchQuery("headline")}) == 1);
  c->ExecuteScript("DELETE FROM tool_action_params WHERE name = 'title'");
  CHECK(Count(*c, match, {TranslateSearchQuery("headline")}) == 0);
  CHECK(Count(*c, match, {TranslateSearchQuery("urgent")}) == 1);
  c->ExecuteScript("DELETE FROM tools");
  CHECK(Count(*c, "SELECT count(*) FROM catalog_fts") == 0);

  Result rebuilt = c->Execute("SELECT * FROM pm_fts_rebuild()");
  CHECK(rebuilt.row_count() == 10);
}

}  // namespace pm::store::pg
