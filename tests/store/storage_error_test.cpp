#include "store/storage_error.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "store/database.h"
#include "store/db/sqlite_driver.h"
#include "test_support.h"

namespace pm::store {

TEST_CASE("sizes parse with or without a unit, and format back") {
  CHECK(ParseByteSize("4096") == 4096);
  CHECK(ParseByteSize("64KiB") == 64 * 1024);
  CHECK(ParseByteSize("10 MB") == 10 * 1024 * 1024);
  CHECK(ParseByteSize("2g") == int64_t{2} << 30);
  CHECK_THROWS_WITH_AS(ParseByteSize("12 parsecs"), doctest::Contains("unknown size unit"),
                       std::invalid_argument);
  CHECK_THROWS_AS(ParseByteSize("MiB"), std::invalid_argument);
  CHECK_THROWS_AS(ParseByteSize("-5"), std::invalid_argument);
  CHECK_THROWS_AS(ParseByteSize("99999999999999999 TiB"), std::invalid_argument);
  CHECK(FormatBytes(512) == "512 bytes");
  CHECK(FormatBytes(64 * 1024) == "64 KiB");
  CHECK(FormatBytes(1536 * 1024) == "1.5 MiB");
}

// What SQLite reports, as the driver reports it.
DbError FromSqlite(int code, const char* detail = "detail") {
  return DbError(SqliteErrorKind(code), detail, code);
}

TEST_CASE("each storage failure has its clear message, other failures are not storage failures") {
  StorageContext context{"/data/memory.db", 250, 1024 * 1024};
  struct Case {
    int code;
    const char* expected;
  };
  const Case cases[] = {
      {SQLITE_FULL, "database is full (max size 1 MiB"},
      {SQLITE_BUSY, "database is locked by another process (waited 250 ms"},
      {SQLITE_BUSY_SNAPSHOT, "database is locked by another process"},
      {SQLITE_READONLY, "database file is read-only"},
      {SQLITE_READONLY_DBMOVED, "database file is read-only"},
      {SQLITE_CORRUPT, "database file is damaged: detail"},
      {SQLITE_NOTADB, "database file is damaged: detail"},
      {SQLITE_CANTOPEN, "cannot open the database file (/data/memory.db)"},
      {SQLITE_IOERR_WRITE, "disk I/O error"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.code);
    auto message = DescribeStorageFailure(FromSqlite(c.code), context);
    REQUIRE(message.has_value());
    CHECK(message->find(c.expected) != std::string::npos);
  }
  CHECK_FALSE(DescribeStorageFailure(FromSqlite(SQLITE_CONSTRAINT, "x"), context).has_value());
  CHECK_FALSE(
      DescribeStorageFailure(FromSqlite(SQLITE_ERROR, "no such table"), context).has_value());
  context.max_db_bytes = 0;
  CHECK(DescribeStorageFailure(FromSqlite(SQLITE_FULL, ""), context)->find("disk") !=
        std::string::npos);
  CHECK_FALSE(AsStorageError(std::runtime_error("other"), context).has_value());
}

TEST_CASE("past --max-db-size a write fails whole with \"database is full\"") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("full.db");
  options.max_db_bytes = 256 * 1024;
  Database db(options);
  db.ExecScript("CREATE TABLE t (x BLOB)");
  int committed = 0;
  bool full = false;
  for (int i = 0; i < 100 && !full; ++i) {
    try {
      db.Write([&] {
        db.ExecScript("INSERT INTO t VALUES (randomblob(20000))");
        db.ExecScript("INSERT INTO t VALUES (randomblob(20000))");
      });
      committed += 2;
    } catch (const StorageError& e) {
      full = true;
      CHECK(e.kind() == DbErrorKind::kFull);
      CHECK(std::string(e.what()).find("database is full (max size 256 KiB") != std::string::npos);
    }
  }
  REQUIRE(full);
  // Only whole transactions are there, and the database still works.
  CHECK(db.QueryInt("SELECT count(*) FROM t") == committed);
  CHECK(db.Pragma("integrity_check") == "ok");
  db.Write([&] { db.ExecScript("DELETE FROM t WHERE rowid % 2 = 0"); });
}

TEST_CASE("a write lock held past the busy timeout is reported as locked, naming the wait") {
  testing::TempDir dir;
  DatabaseOptions options;
  options.path = dir.File("locked.db");
  options.busy_timeout_ms = 100;
  Database holder(options);
  holder.ExecScript("CREATE TABLE t (x INTEGER)");
  Database waiter(options);
  holder.ExecScript("BEGIN IMMEDIATE");
  try {
    waiter.Write([&] { waiter.ExecScript("INSERT INTO t VALUES (1)"); });
    FAIL("wrote through another connection's write lock");
  } catch (const StorageError& e) {
    CHECK(e.kind() == DbErrorKind::kBusy);
    CHECK(std::string(e.what()).find("locked by another process (waited 100 ms") !=
          std::string::npos);
  }
  holder.ExecScript("COMMIT");
  waiter.Write([&] { waiter.ExecScript("INSERT INTO t VALUES (1)"); });
  CHECK(waiter.QueryInt("SELECT count(*) FROM t") == 1);
}

TEST_CASE("a damaged file is refused at open as damaged, with its path") {
  testing::TempDir dir;
  std::string path = dir.File("junk.db");
  FILE* f = std::fopen(path.c_str(), "w");
  for (int i = 0; i < 4096; ++i) std::fputc((i * 7919) % 251, f);
  std::fclose(f);
  DatabaseOptions options;
  options.path = path;
  try {
    Database db(options);
    FAIL("opened a junk file");
  } catch (const StorageError& e) {
    CHECK(e.kind() == DbErrorKind::kCorrupt);
    CHECK(std::string(e.what()).find("database file is damaged") != std::string::npos);
    CHECK(std::string(e.what()).find(path) != std::string::npos);
  }
}

}  // namespace pm::store

namespace pm::store {

TEST_CASE("a value the schema refuses is described for the caller, other SQL errors are not") {
  Database db(DatabaseOptions{});
  db.ExecScript("CREATE TABLE t (name TEXT NOT NULL UNIQUE CHECK (length(name) <= 3))");
  db.ExecScript("INSERT INTO t VALUES ('abc')");
  auto refused = [&](const std::string& sql) -> std::optional<std::string> {
    try {
      db.ExecScript(sql);
    } catch (const std::exception& e) {
      return DescribeRefusedValue(e);
    }
    return "no error";
  };
  CHECK(refused("INSERT INTO t VALUES ('abcd')")->find("a value was refused") != std::string::npos);
  CHECK(refused("INSERT INTO t VALUES (NULL)")->find("a value was refused") != std::string::npos);
  CHECK(refused("INSERT INTO t VALUES ('abc')")->find("already exists") != std::string::npos);
  CHECK_FALSE(refused("INSERT INTO nowhere VALUES (1)").has_value());
}

}  // namespace pm::store
