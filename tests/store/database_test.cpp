#include "store/database.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "store/database_path.h"
#include "test_support.h"

namespace pm::store {

TEST_CASE("a file database uses WAL, foreign keys and the chosen durability") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("a.db");
  {
    Database db(options);
    CHECK(db.Pragma("journal_mode") == "wal");
    CHECK(db.Pragma("foreign_keys") == "1");
    CHECK(db.Pragma("cache_size") == "-16384");           // up to 16 MiB of pages
    CHECK(db.Pragma("synchronous") == "1");               // NORMAL
    CHECK(db.storage_context().busy_timeout_ms == 5000);  // waits up to 5 s for a lock
  }
  options.durability = Durability::kFull;
  Database full(options);
  CHECK(full.Pragma("synchronous") == "2");  // FULL
}

TEST_CASE("foreign keys are enforced") {
  Database db(DatabaseOptions{});
  db.ExecScript(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
      "REFERENCES parent(id))");
  CHECK_THROWS_AS(db.ExecScript("INSERT INTO child (parent_id) VALUES (42)"), DbError);
}

TEST_CASE("Write rolls back when its body throws") {
  Database db(DatabaseOptions{});
  db.ExecScript("CREATE TABLE t (x INTEGER)");
  CHECK_THROWS(db.Write([&] {
    db.ExecScript("INSERT INTO t VALUES (1)");
    throw std::runtime_error("stop");
  }));
  CHECK(db.QueryInt("SELECT count(*) FROM t") == 0);
}

TEST_CASE("Write waits for another connection's write lock instead of failing") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("busy.db");
  options.busy_timeout_ms = 3000;
  Database first(options);
  first.ExecScript("CREATE TABLE t (x INTEGER)");
  Database second(options);

  std::atomic<bool> locked{false};
  std::thread holder([&] {
    first.Write([&] {
      first.ExecScript("INSERT INTO t VALUES (1)");
      locked = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
  });
  while (!locked) std::this_thread::yield();
  second.Write([&] { second.ExecScript("INSERT INTO t VALUES (2)"); });
  holder.join();
  CHECK(second.QueryInt("SELECT count(*) FROM t") == 2);
}

TEST_CASE("a file that is not a database is refused with its path") {
  testing::TempDir dir;
  std::string path = dir.File("junk.db");
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("this is not an sqlite database, just text that is long enough to matter......", f);
  std::fclose(f);
  DatabaseOptions options;
  options.path = path;
  try {
    Database db(options);
    FAIL("opened a junk file");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

TEST_CASE("database location: --db, then PROJECT_MEMORY_DB, then XDG_DATA_HOME, then HOME") {
  CHECK(ResolveDatabasePath("/x/y.db") == "/x/y.db");
  ::setenv("PROJECT_MEMORY_DB", "/env/memory.db", 1);
  CHECK(ResolveDatabasePath("") == "/env/memory.db");
  ::unsetenv("PROJECT_MEMORY_DB");
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  CHECK(ResolveDatabasePath("") == "/xdg/project-memory/memory.db");
  ::unsetenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  REQUIRE(home);
  CHECK(ResolveDatabasePath("") == std::string(home) + "/.local/share/project-memory/memory.db");
}

TEST_CASE("missing directories of the database are created") {
  testing::TempDir dir;
  std::string path = dir.File("a/b/c/memory.db");
  EnsureParentDirectory(path);
  CHECK(std::filesystem::is_directory(dir.path() / "a/b/c"));
  EnsureParentDirectory(":memory:");  // no-op
}

TEST_CASE("prepared statements are reused, reset and unbound between callers") {
  Database db(DatabaseOptions{});
  db.ExecScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  // A cached statement is known by the rows it gives: a fresh one starts over.
  {
    auto q = db.Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
    q.Bind(1, 2);
    REQUIRE(q.Step());  // left mid-iteration
    CHECK(q.Int(0) == 2);
    // The same SQL while the first is in use: another statement.
    auto nested = db.Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
    nested.Bind(1, 1);
    REQUIRE(nested.Step());
    CHECK(nested.Int(0) == 1);
  }
  auto again = db.Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
  again.Bind(1, 3);  // reset and unbound when it came back, so it runs afresh
  REQUIRE(again.Step());
  CHECK(again.Int(0) == 3);
  CHECK_THROWS_AS(db.Prepare("SELEKT 1"), DbError);
}

}  // namespace pm::store
