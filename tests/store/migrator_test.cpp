#include "store/migrator.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "test_support.h"

namespace pm::store {

namespace {

std::vector<Migration> Migrations(std::vector<std::pair<std::string, std::string>> files) {
  return ParseMigrations(files);
}

const std::vector<std::pair<std::string, std::string>> kTwo = {
    {"migrations/0002_items.sql", "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT);"},
    {"migrations/0001_first.sql", "CREATE TABLE first (id INTEGER PRIMARY KEY);"},
};

int64_t CountRows(Database& db, const std::string& table) {
  return db.QueryInt("SELECT count(*) FROM " + table);
}

}  // namespace

TEST_CASE("migrations are applied in order, once, and recorded") {
  Database db(DatabaseOptions{});
  Migrator migrator(db, Migrations(kTwo));
  MigrationResult first = migrator.Migrate();
  REQUIRE(first.applied.size() == 2);
  CHECK(first.applied[0] == "migrations/0001_first.sql");
  CHECK(first.applied[1] == "migrations/0002_items.sql");
  CHECK(db.TableExists("items"));
  auto q = db.Prepare("SELECT id, name, checksum, applied_at FROM _migrations ORDER BY id");
  REQUIRE(q.Step());
  CHECK(q.Int(0) == 1);
  CHECK(q.Text(1) == "first");
  CHECK(q.Text(2).size() == 16);
  CHECK_FALSE(q.Text(3).empty());

  MigrationResult again = migrator.Migrate();  // a no-op
  CHECK(again.applied.empty());
  CHECK(CountRows(db, "_migrations") == 2);
  CHECK(migrator.Status().current_version == 2);
  CHECK(migrator.Status().pending.empty());
}

TEST_CASE("a failing migration rolls back completely and names the file") {
  Database db(DatabaseOptions{});
  auto files = kTwo;
  files.push_back({"migrations/0003_broken.sql",
                   "CREATE TABLE half (id INTEGER); INSERT INTO items (v) VALUES ('x'); "
                   "CREATE TABLE oops (;"});
  Migrator migrator(db, Migrations(files));
  try {
    migrator.Migrate();
    FAIL("a broken migration was applied");
  } catch (const MigrationError& e) {
    std::string message = e.what();
    CHECK(message.find("0003_broken.sql") != std::string::npos);
    CHECK(message.find("syntax error") != std::string::npos);
    CHECK(message.find("0002") != std::string::npos);  // where the database stays
  }
  CHECK_FALSE(db.TableExists("half"));
  CHECK(CountRows(db, "items") == 0);
  CHECK(migrator.Status().current_version == 2);
}

TEST_CASE("a database from a newer binary is refused") {
  Database db(DatabaseOptions{});
  auto files = kTwo;
  files.push_back({"migrations/0003_future.sql", "CREATE TABLE future (id INTEGER);"});
  Migrator(db, Migrations(files)).Migrate();
  try {
    Migrator(db, Migrations(kTwo)).Migrate();
    FAIL("an older binary migrated a newer database");
  } catch (const NewerDatabaseError& e) {
    CHECK(std::string(e.what()).find("newer project-memory") != std::string::npos);
    CHECK(std::string(e.what()).find("0003_future") != std::string::npos);
  }
}

TEST_CASE("an applied migration whose text changed is reported") {
  Database db(DatabaseOptions{});
  Migrator(db, Migrations(kTwo)).Migrate();
  auto edited = kTwo;
  edited[1].second += "\n-- edited afterwards";
  MigrationResult result = Migrator(db, Migrations(edited)).Migrate();
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].find("0001_first.sql") != std::string::npos);
  CHECK(Migrator(db, Migrations(edited)).Status().applied[0].text_changed);
}

TEST_CASE("a database with a schema is backed up before a migration changes it") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("memory.db");
  {
    Database db(options);
    Migrator(db, Migrations({kTwo[1]})).Migrate();  // schema 0001
    db.ExecScript("INSERT INTO first DEFAULT VALUES");
  }
  CHECK_FALSE(std::filesystem::exists(options.path + ".schema-0001.bak"));  // fresh db: none
  Database db(options);
  MigrationResult result = Migrator(db, Migrations(kTwo)).Migrate();
  REQUIRE(result.backup_path);
  CHECK(*result.backup_path == options.path + ".schema-0001.bak");
  DatabaseOptions backup_options;
  backup_options.path = *result.backup_path;
  Database backup(backup_options);
  CHECK(CountRows(backup, "first") == 1);
  CHECK_FALSE(backup.TableExists("items"));
  CHECK(Migrator(backup, Migrations(kTwo)).Status().current_version == 1);
}

TEST_CASE("migration file names are checked") {
  CHECK_THROWS(ParseMigrations({{"migrations/first.sql", ""}}));
  CHECK_THROWS(ParseMigrations({{"migrations/0001_a.sql", ""}, {"migrations/0001_b.sql", ""}}));
  auto parsed =
      ParseMigrations({{"migrations/0010_later.sql", "x"}, {"migrations/0002_b.sql", "y"}});
  CHECK(parsed[0].version == 2);
  CHECK(parsed[1].name == "later");
}

TEST_CASE("the embedded migrations build the expected schema") {
  auto db = testing::MigratedMemoryDatabase();
  for (const char* table : {"workspaces", "tools", "tool_actions", "tool_action_params", "meta",
                            "update_log", "event_log", "_migrations"}) {
    CAPTURE(table);
    CHECK(db->TableExists(table));
  }
}

}  // namespace pm::store
