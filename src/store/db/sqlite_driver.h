// SqliteDriver is the embedded backend: one sqlite3 connection, opened with the
// store's settings (WAL, foreign keys, synchronous, a size cap), prepared
// statements over raw sqlite3_stmt, and SQLite result codes mapped to
// DbErrorKind in one place.
//
// Lock waits: SQLite's default busy handler sleeps in whole milliseconds, which
// caps a contended file at a few hundred writes a second. This driver installs
// its own handler that waits in tens of microseconds at first and backs off to
// a millisecond, up to the busy timeout.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "store/db/db_error.h"
#include "store/db/driver.h"
#include "store/db/writer_queue.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pm::store {

struct DatabaseOptions;

class SqliteDriver final : public Driver {
 public:
  // Throws DbError (kCannotOpen, kCorrupt, ...) when the file cannot be opened
  // or is not a database.
  explicit SqliteDriver(const DatabaseOptions& options);
  ~SqliteDriver() override;

  Engine engine() const override { return Engine::kSqlite; }
  std::unique_ptr<DriverStatement> Prepare(const std::string& sql) override;
  void ExecScript(const std::string& sql) override;
  void BeginWrite(WriteIsolation isolation) override;
  void BeginRead() override;
  void Commit() override;
  void Rollback() noexcept override;
  bool InTransaction() override;
  std::optional<DataStamp> Stamp() override;

  sqlite3* handle() { return db_; }

 private:
  static int OnBusy(void* self, int count);
  // Runs BEGIN, BEGIN IMMEDIATE or COMMIT from a statement prepared on first
  // use: parsing them on every transaction costs more than a point query.
  void RunControl(sqlite3_stmt*& statement, const char* sql);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* begin_read_ = nullptr;
  sqlite3_stmt* begin_write_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* data_version_ = nullptr;
  int busy_timeout_ms_;
  std::chrono::steady_clock::time_point busy_since_;
  // While BEGIN IMMEDIATE waits: when its wait in the writer queue began.
  std::optional<std::chrono::steady_clock::time_point> write_wait_started_;
  // Writers of a file database wait for their turn here before SQLite's lock.
  std::unique_ptr<WriterQueue> writers_;
};

// What a SQLite (extended) result code means.
DbErrorKind SqliteErrorKind(int extended_code);

// Throws the DbError for SQLite result `code` on `db` (its message included).
[[noreturn]] void ThrowSqliteError(sqlite3* db, int code, const std::string& context = {});

}  // namespace pm::store
