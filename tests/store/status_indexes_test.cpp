// Migration 0009: steps by status across workspaces (seed 002's
// idx_tasks_status) and git links by step are index searches, not scans.
#include <doctest/doctest.h>

#include "store/migrator.h"
#include "test_support.h"

namespace pm::store {

TEST_CASE("steps by status alone search an index") {
  auto db = testing::MigratedMemoryDatabase();
  const std::string plan =
      testing::QueryPlan(*db, "SELECT id, code, task FROM steps WHERE status = 'pending'");
  CAPTURE(plan);
  if (testing::OnPostgres(*db)) {
    CHECK(plan.find("idx_steps_status") != std::string::npos);
    CHECK(plan.find("Seq Scan") == std::string::npos);
    return;
  }
  CHECK(plan.find("SEARCH steps USING INDEX idx_steps_status (status=?)") != std::string::npos);
  CHECK(plan.find("SCAN") == std::string::npos);
  // Counting by status reads the index only.
  CHECK(testing::QueryPlan(*db, "SELECT count(*) FROM steps WHERE status = ?")
            .find("USING COVERING INDEX idx_steps_status") != std::string::npos);
}

TEST_CASE("the git links of a step search an index") {
  auto db = testing::MigratedMemoryDatabase();
  const std::string plan = testing::QueryPlan(*db, "SELECT id FROM git_links WHERE step_id = ?");
  CAPTURE(plan);
  CHECK(plan.find(testing::OnPostgres(*db) ? "Index Scan" : "USING") != std::string::npos);
  CHECK(plan.find("idx_git_links_step") != std::string::npos);
  CHECK(plan.find(testing::OnPostgres(*db) ? "Seq Scan" : "SCAN") == std::string::npos);
}

TEST_CASE("before 0009 the same query scanned the steps") {
  Database db(DatabaseOptions{});
  Migrator(db, testing::MigrationsUpTo(8)).Migrate();
  CHECK(testing::QueryPlan(db, "SELECT id FROM steps WHERE status = ?").find("SCAN") !=
        std::string::npos);
  Migrator(db, EmbeddedMigrations()).Migrate();  // an older database upgrades in place
  CHECK(testing::QueryPlan(db, "SELECT id FROM steps WHERE status = ?").find("idx_steps_status") !=
        std::string::npos);
}

}  // namespace pm::store
