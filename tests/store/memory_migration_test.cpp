// Migration 0007 (memory) on a database that already holds work: what was
// there becomes searchable, and the hot memory queries use their indexes.
#include <doctest/doctest.h>

#include "cli/startup.h"
#include "store/migrator.h"
#include "store/search_index.h"
#include "test_support.h"

namespace pm::store {

namespace {}  // namespace

TEST_CASE(
    "an older database gains the memory tables and its plans, steps, notes and feedback become "
    "searchable") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("old.db");
  {
    Database db(options);
    Migrator(db, testing::MigrationsUpTo(3)).Migrate();
    cli::SeedCatalog(db, catalog::Catalog::Embedded());
    db.ExecScript(
        "INSERT INTO workspaces (code, name) VALUES ('w', 'w');"
        "INSERT INTO plans (workspace_id, code, title, goal) VALUES (1, 'P1', 'Login', 'walrus "
        "goal');"
        "INSERT INTO phases (plan_id, name, order_index) VALUES (1, 'Build', 0);"
        "INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task) VALUES"
        " (1, 1, 1, 'T1', 0, 'walrus step');"
        "INSERT INTO plan_notes (plan_id, text) VALUES (1, 'walrus note');"
        "INSERT INTO feedback (workspace_id, code, kind, title) VALUES (1, 'FB1', 'bug', 'walrus "
        "bug');");
  }
  Database db(options);
  Migrator(db, EmbeddedMigrations()).Migrate();
  SearchQuery q;
  q.match = "walrus";
  q.workspace_id = 1;
  std::vector<std::string> kinds;
  for (const auto& hit : SearchIndex(db).Search(q).hits) kinds.push_back(hit["kind"]);
  std::sort(kinds.begin(), kinds.end());
  CHECK(kinds == std::vector<std::string>{"feedback", "note", "plan", "step"});
  q.workspace_id.reset();
  q.match = "memory_plan create";
  CHECK(SearchIndex(db).Search(q).hits.at(0)["code"] == "memory_plan.create");
}

TEST_CASE("hot memory queries use their indexes") {
  auto db = testing::MigratedMemoryDatabase();
  struct Case {
    std::string sql;
    std::string index;
  };
  const Case cases[] = {
      {"SELECT * FROM context_items WHERE anchor_kind = 'plan' AND anchor_id = 1 AND type = 'x' "
       "AND workspace_id = 1 ORDER BY id DESC LIMIT 1",
       "idx_context_anchor"},
      {"SELECT * FROM context_items WHERE workspace_id = 1 AND id > 0 AND anchor_kind = 'step' "
       "AND anchor_id = 3 ORDER BY id LIMIT 51",
       "idx_context_anchor"},
      {"SELECT * FROM context_items WHERE plan_id = 4", "idx_context_plan"},
      {"SELECT * FROM research_documents WHERE workspace_id = 1 AND ifnull(plan_id, 0) = 0 AND "
       "name = 'x'",
       "idx_research_name"},
      {"SELECT * FROM knowledge WHERE workspace_id = 1 AND slug = 'x'",
       "sqlite_autoindex_knowledge"},
      {"SELECT * FROM sessions WHERE plan_id = 1", "idx_sessions_plan"},
      {"SELECT * FROM lineage WHERE plan_id = 1 AND id > 0 ORDER BY id", "idx_lineage_plan"},
      {"SELECT * FROM build_scripts WHERE workspace_id = 1 AND ifnull(plan_id, 0) = 0 AND name = "
       "'t'",
       "idx_build_scripts_name"},
      {"SELECT * FROM event_log WHERE workspace_id IS 1 ORDER BY created_at DESC LIMIT 5",
       "idx_event_log_workspace"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.sql);
    std::string sql = c.sql, index = c.index;
    if (testing::OnPostgres(*db)) {  // the same queries in PostgreSQL's words
      for (size_t at; (at = sql.find("ifnull(")) != std::string::npos;)
        sql.replace(at, 6, "coalesce");
      for (size_t at; (at = sql.find(" IS 1")) != std::string::npos;) sql.replace(at, 5, " = 1");
      if (index == "sqlite_autoindex_knowledge") index = "knowledge_workspace_id_slug_key";
    }
    std::string plan = testing::QueryPlan(*db, sql);
    CAPTURE(plan);
    CHECK(plan.find(index) != std::string::npos);
  }
}

}  // namespace pm::store
