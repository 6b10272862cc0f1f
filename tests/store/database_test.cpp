#include "store/database.h"

#include <doctest/doctest.h>

#include <SQLiteCpp/Statement.h>
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
    CHECK(db.Pragma("synchronous") == "1");  // NORMAL
    CHECK(db.Pragma("busy_timeout") == "5000");
  }
  options.durability = Durability::kFull;
  Database full(options);
  CHECK(full.Pragma("synchronous") == "2");  // FULL
}

TEST_CASE("foreign keys are enforced") {
  Database db(DatabaseOptions{});
  db.sql().exec(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL "
      "REFERENCES parent(id))");
  CHECK_THROWS_AS(db.sql().exec("INSERT INTO child (parent_id) VALUES (42)"), SQLite::Exception);
}

TEST_CASE("Write rolls back when its body throws") {
  Database db(DatabaseOptions{});
  db.sql().exec("CREATE TABLE t (x INTEGER)");
  CHECK_THROWS(db.Write([&] {
    db.sql().exec("INSERT INTO t VALUES (1)");
    throw std::runtime_error("stop");
  }));
  CHECK(db.sql().execAndGet("SELECT count(*) FROM t").getInt() == 0);
}

TEST_CASE("Write waits for another connection's write lock instead of failing") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("busy.db");
  options.busy_timeout_ms = 3000;
  Database first(options);
  first.sql().exec("CREATE TABLE t (x INTEGER)");
  Database second(options);

  std::atomic<bool> locked{false};
  std::thread holder([&] {
    first.Write([&] {
      first.sql().exec("INSERT INTO t VALUES (1)");
      locked = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
  });
  while (!locked) std::this_thread::yield();
  second.Write([&] { second.sql().exec("INSERT INTO t VALUES (2)"); });
  holder.join();
  CHECK(second.sql().execAndGet("SELECT count(*) FROM t").getInt() == 2);
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
  db.sql().exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  SQLite::Statement* first = nullptr;
  {
    auto q = db.Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
    first = &*q;
    q->bind(1, 2);
    REQUIRE(q->executeStep());  // left mid-iteration
    CHECK(q->getColumn(0).getInt() == 2);
    // The same SQL while the first is in use: another statement.
    auto nested = db.Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
    CHECK(&*nested != first);
  }
  auto again = db.Prepare("SELECT x FROM t WHERE x >= ? ORDER BY x");
  CHECK(&*again == first);  // came back from the cache...
  again->bind(1, 3);        // ...reset and unbound, so it runs afresh
  REQUIRE(again->executeStep());
  CHECK(again->getColumn(0).getInt() == 3);
  CHECK_THROWS_AS(db.Prepare("SELEKT 1"), SQLite::Exception);
}

}  // namespace pm::store
