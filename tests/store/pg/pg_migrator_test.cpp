#include "store/pg/pg_migrator.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <mutex>
#include <thread>

#include "pg_fixture.h"
#include "store/migrator.h"

namespace pm::store::pg {

using testing::ScratchDatabase;

namespace {

// Everything the migrations make in the current schema, one sorted line per
// object: relations, columns (in order), constraints, indexes, triggers,
// functions (with a hash of their body), views, text search objects and
// extensions. The ledger is left out.
std::vector<std::string> Schema(Connection& c) {
  Result r = c.Execute(R"(
    SELECT 'relation ' || c.relkind::text || ' ' || c.relname FROM pg_class AS c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relname NOT LIKE '\_migrations%'
    UNION ALL
    SELECT 'column ' || table_name || ' ' ||
           row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position) || ' ' ||
           column_name || ' ' || data_type || ' ' || is_nullable || ' ' || is_identity || ' ' ||
           coalesce(column_default, '')
    FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name <> '_migrations'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' ||
           pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
      AND conrelid::regclass::text <> '_migrations'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename <> '_migrations'
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger AS t
    JOIN pg_class AS c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
    UNION ALL
    SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' ||
           md5(p.prosrc)
    FROM pg_proc AS p WHERE p.pronamespace = current_schema()::regnamespace
    UNION ALL
    SELECT 'view ' || viewname || ' ' || definition FROM pg_views
    WHERE schemaname = current_schema()
    UNION ALL
    SELECT 'text search configuration ' || cfgname FROM pg_ts_config
    WHERE cfgnamespace = current_schema()::regnamespace
    UNION ALL
    SELECT 'text search dictionary ' || dictname FROM pg_ts_dict
    WHERE dictnamespace = current_schema()::regnamespace
    UNION ALL
    SELECT 'extension ' || extname FROM pg_extension
    ORDER BY 1)");
  std::vector<std::string> lines;
  while (r.Next()) lines.push_back(std::get<std::string>(r.Get(0)));
  return lines;
}

std::vector<std::string> Missing(const std::vector<std::string>& expected,
                                 const std::vector<std::string>& actual) {
  std::vector<std::string> out;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(out));
  return out;
}

}  // namespace

TEST_CASE("every PostgreSQL migration has a down script and the SQLite versions") {
  const auto& pg = EmbeddedPgMigrations();
  const auto& sqlite = EmbeddedMigrations();
  REQUIRE(pg.size() == sqlite.size());
  for (size_t i = 0; i < pg.size(); ++i) {
    CHECK(pg[i].up.version == sqlite[i].version);
    CHECK(pg[i].up.name == sqlite[i].name);
    CHECK(pg[i].up.file.rfind("migrations/postgres/", 0) == 0);
    CHECK(pg[i].down_file == "migrations/postgres/" + VersionTag(pg[i].up.version) + "_" +
                                 pg[i].up.name + ".down.sql");
    CHECK_FALSE(pg[i].down_sql.empty());
  }
}

TEST_CASE("a migration without its down script, or the reverse, is refused") {
  CHECK_THROWS_WITH_AS(ParsePgMigrations({{"m/0001_a.sql", "SELECT 1"}}),
                       doctest::Contains("no down script 0001_a.down.sql"), std::runtime_error);
  CHECK_THROWS_WITH_AS(ParsePgMigrations({{"m/0001_a.sql", "SELECT 1"},
                                          {"m/0001_a.down.sql", "SELECT 1"},
                                          {"m/0002_b.down.sql", "SELECT 1"}}),
                       doctest::Contains("0002_b.down.sql has no migration"), std::runtime_error);
}

PG_TEST_CASE("migrations go up, down exactly to what was there before each, and up again") {
  ScratchDatabase db;
  auto c = db.Connect();
  PgMigrator migrator(*c, EmbeddedPgMigrations());
  CHECK(migrator.CurrentVersion() == 0);

  std::vector<std::vector<std::string>> before;  // the schema before each migration
  for (const auto& m : EmbeddedPgMigrations()) {
    before.push_back(Schema(*c));
    CHECK(migrator.MigrateUp(m.up.version) == std::vector<std::string>{m.up.file});
    CHECK(migrator.CurrentVersion() == m.up.version);
  }
  const auto latest = Schema(*c);
  CHECK(migrator.MigrateUp().empty());  // a no-op now

  const auto& all = EmbeddedPgMigrations();
  for (size_t i = all.size(); i-- > 0;) {
    CAPTURE(all[i].down_file);
    const int below = i == 0 ? 0 : all[i - 1].up.version;
    CHECK(migrator.MigrateDown(below) == std::vector<std::string>{all[i].down_file});
    CHECK(migrator.CurrentVersion() == below);
    const auto now = Schema(*c);
    CHECK(Missing(before[i], now) == std::vector<std::string>{});  // nothing lost
    CHECK(Missing(now, before[i]) == std::vector<std::string>{});  // nothing left over
  }
  CHECK(migrator.MigrateDown(0).empty());

  CHECK(migrator.MigrateUp().size() == all.size());
  CHECK(Schema(*c) == latest);
}

PG_TEST_CASE("a database at a newer schema is refused") {
  ScratchDatabase db;
  auto c = testing::MigratedConnection(db);
  c->Execute("INSERT INTO _migrations (id, name, checksum) VALUES (?, ?, ?)",
             {9999, "future", "x"});
  PgMigrator migrator(*c, EmbeddedPgMigrations());
  CHECK_THROWS_WITH_AS(migrator.MigrateUp(), doctest::Contains("migration 9999"),
                       NewerDatabaseError);
}

PG_TEST_CASE("a failing migration rolls back whole and names the file and line") {
  ScratchDatabase db;
  auto c = db.Connect();
  PgMigrator migrator(
      *c, ParsePgMigrations({{"migrations/postgres/0001_broken.sql",
                              "CREATE TABLE half (x bigint);\n"
                              "INSERT INTO half VALUES (1);\n"
                              "SELECT nonsense FROM half;\n"},
                             {"migrations/postgres/0001_broken.down.sql", "DROP TABLE half;"}}));
  try {
    migrator.MigrateUp();
    FAIL("the broken migration was applied");
  } catch (const MigrationError& e) {
    const std::string message = e.what();
    CHECK(message.find("0001_broken.sql failed and was rolled back") != std::string::npos);
    CHECK(message.find("line 3: SELECT nonsense FROM half;") != std::string::npos);
    CHECK(message.find("schema version 0000") != std::string::npos);
  }
  Result half = c->Execute("SELECT to_regclass('half') IS NULL");
  REQUIRE(half.Next());
  CHECK(std::get<int64_t>(half.Get(0)) == 1);
  CHECK(migrator.CurrentVersion() == 0);
}

PG_TEST_CASE("processes migrating at once apply each migration once") {
  ScratchDatabase db;
  std::vector<std::string> applied[3];
  std::string errors;
  std::mutex errors_mutex;
  std::vector<std::thread> threads;
  for (auto& list : applied) {
    threads.emplace_back([&] {
      try {
        auto c = db.Connect();
        list = PgMigrator(*c, EmbeddedPgMigrations()).MigrateUp();
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(errors_mutex);
        errors += e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(errors == "");
  CHECK(applied[0].size() + applied[1].size() + applied[2].size() == EmbeddedPgMigrations().size());
}

}  // namespace pm::store::pg
