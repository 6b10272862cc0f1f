// Seed 000: tracks arrive after plans exist; an older database upgrades in place.
#include <doctest/doctest.h>

#include "store/migrator.h"
#include "test_support.h"

namespace pm::store {

namespace {

int64_t Count(Database& db, const std::string& sql) { return db.QueryInt(sql); }

}  // namespace

TEST_CASE("a database from before tracks upgrades with every row intact and tracks work") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("old.db");
  {
    Database db(options);
    Migrator(db, testing::MigrationsUpTo(2)).Migrate();
    CHECK_FALSE(db.TableExists("tracks"));
    db.ExecScript(
        "INSERT INTO workspaces (code, name, path) VALUES ('w', 'w', '/w');"
        "INSERT INTO plans (workspace_id, code, title, status) VALUES (1, 'P1', 'One', 'active'),"
        " (1, 'P2', 'Two', 'draft');"
        "INSERT INTO phases (plan_id, name, order_index) VALUES (1, 'Build', 0);"
        "INSERT INTO steps (workspace_id, plan_id, phase_id, code, order_index, task) VALUES"
        " (1, 1, 1, 'T1', 0, 'first'), (1, 1, 1, 'T2', 1, 'second');");
  }
  Database db(options);
  MigrationResult result = Migrator(db, EmbeddedMigrations()).Migrate();
  REQUIRE(result.backup_path);  // the pre-upgrade copy
  CHECK(Count(db, "SELECT count(*) FROM plans") == 2);
  CHECK(Count(db, "SELECT count(*) FROM steps") == 2);
  CHECK(db.QueryText("SELECT task FROM steps WHERE code = 'T2'") == "second");
  CHECK(Count(db, "SELECT count(*) FROM plans WHERE track_id IS NULL") == 2);

  db.ExecScript(
      "INSERT INTO tracks (workspace_id, name, color) VALUES (1, 'Economy', '#3B82F6');"
      "UPDATE plans SET track_id = 1 WHERE code = 'P1';");
  CHECK(Count(db, "SELECT count(*) FROM plans WHERE track_id = 1") == 1);
  CHECK_THROWS(
      db.ExecScript("INSERT INTO tracks (workspace_id, name, color) VALUES (1, 'x', 'blue')"));
  db.ExecScript("DELETE FROM tracks WHERE id = 1");
  CHECK(Count(db, "SELECT count(*) FROM plans WHERE track_id IS NULL") == 2);  // SET NULL
  CHECK(Count(db, "SELECT count(*) FROM plans") == 2);
}

}  // namespace pm::store
