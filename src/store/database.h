// Database is this thread of work's one connection to the store, whichever
// engine serves it: the embedded SQLite file (a path or ":memory:") or, for a
// team, a PostgreSQL server (a postgresql:// URL). Repositories talk only to
// Database and Statement; the engine sits behind store::Driver (db/driver.h).
//
// Every connection setting is applied in one place, when the driver opens:
// for SQLite WAL journal, enforced foreign keys, the busy timeout and the
// chosen durability.
//
// Writes go through Write(), which runs a function inside a write transaction
// and retries the whole transaction with a short backoff while another
// connection holds the write lock (or the engine aborted it to stay
// serializable), so callers never see "database is locked" while the lock is
// held for less than the busy timeout. Storage failures (full, locked past the
// timeout, read-only, damaged) leave as StorageError; everything else the
// engine refuses leaves as DbError. Not thread-safe: one Database per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "store/db/db_error.h"
#include "store/db/driver.h"
#include "store/storage_error.h"

struct sqlite3;

namespace pm::store {

enum class Durability {
  kNormal,  // synchronous=NORMAL: with WAL, a power loss may drop the last commits, never corrupts
  kFull,    // synchronous=FULL: every commit is on disk before it returns
};

struct DatabaseOptions {
  std::string path = ":memory:";  // a file path, ":memory:", or a postgresql:// URL
  Durability durability = Durability::kNormal;
  int busy_timeout_ms = 5000;
  int64_t max_db_bytes = 0;  // SQLite: PRAGMA max_page_count from it; 0: no limit but the disk's
  bool read_only = false;
};

// Whether `path` names a PostgreSQL database (postgresql:// or postgres://).
bool IsPostgresUrl(const std::string& path);

class Database;

// A value to bind, for SQL built from parts whose parameters are collected
// as the text grows.
using SqlValue = std::variant<std::nullptr_t, int64_t, double, std::string>;

// "?, ?, ?": the placeholders of an IN list of `count` values.
std::string Placeholders(size_t count);

// A prepared statement borrowed from its connection's cache (Database::Prepare).
// Bind values to the `?` placeholders (1-based), then Step through the rows or
// Exec it. When the handle goes, the statement is reset (ending any read it
// holds), unbound and returned for the next caller of the same SQL. Move-only;
// must not outlive its Database. Failures throw DbError.
class Statement {
 public:
  Statement(Database& db, std::string sql, std::unique_ptr<DriverStatement> impl)
      : db_(&db), sql_(std::move(sql)), impl_(std::move(impl)) {}
  Statement(Statement&& other) noexcept = default;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Binds null (nullptr, std::nullopt), an integer (bool as 0/1), a double or
  // text (std::string, string_view, const char*); an optional binds its value
  // or null.
  template <typename T>
  Statement& Bind(int index, const T& value) {
    using V = std::decay_t<T>;
    if constexpr (std::is_same_v<V, std::nullptr_t> || std::is_same_v<V, std::nullopt_t>) {
      impl_->BindNull(index);
    } else if constexpr (std::is_same_v<V, bool>) {
      impl_->BindInt64(index, value ? 1 : 0);
    } else if constexpr (std::is_integral_v<V>) {
      impl_->BindInt64(index, static_cast<int64_t>(value));
    } else if constexpr (std::is_floating_point_v<V>) {
      impl_->BindDouble(index, static_cast<double>(value));
    } else if constexpr (IsOptional<V>::value) {
      if (value) {
        Bind(index, *value);
      } else {
        impl_->BindNull(index);
      }
    } else {
      impl_->BindText(index, std::string_view(value));
    }
    return *this;
  }
  // Binds each value in order, from index 1.
  template <typename... T>
  Statement& BindAll(const T&... values) {
    int index = 0;
    (Bind(++index, values), ...);
    return *this;
  }

  // Binds `values` in order from index `first`.
  Statement& BindValues(const std::vector<SqlValue>& values, int first = 1);

  // The next row; false when there is none.
  bool Step() { return impl_->Step(); }
  // Runs to the end; returns the rows changed.
  int64_t Exec();
  // Back to before the first Step with no values bound, for running it again.
  void Reset() { impl_->Reset(); }

  int ColumnCount() { return impl_->ColumnCount(); }
  std::string ColumnName(int column) { return std::string(impl_->ColumnName(column)); }
  ColumnType Type(int column) { return impl_->Type(column); }
  bool IsNull(int column) { return impl_->Type(column) == ColumnType::kNull; }
  int64_t Int64(int column) { return impl_->Int64(column); }
  int Int(int column) { return static_cast<int>(impl_->Int64(column)); }
  bool Bool(int column) { return impl_->Int64(column) != 0; }
  double Double(int column) { return impl_->Double(column); }
  std::string Text(int column) { return std::string(impl_->Text(column)); }
  std::optional<std::string> OptText(int column);
  std::optional<int64_t> OptInt64(int column);

 private:
  template <typename T>
  struct IsOptional : std::false_type {};
  template <typename T>
  struct IsOptional<std::optional<T>> : std::true_type {};

  Database* db_;
  std::string sql_;
  std::unique_ptr<DriverStatement> impl_;
};

class Database {
 public:
  // Opens (creating a SQLite file when missing, unless read_only) and configures
  // the connection. Throws StorageError with the path and a clear reason on
  // failure; a postgresql:// URL without a PostgreSQL driver is refused, never
  // taken for a file name.
  explicit Database(const DatabaseOptions& options);
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const { return driver_->engine(); }
  // See DataStamp: equal stamps mean unchanged data. Nullopt inside a
  // transaction and on engines that cannot tell cheaply.
  std::optional<DataStamp> Stamp() { return driver_->Stamp(); }
  // The file path or URL (with any password removed) the store was opened with.
  const std::string& path() const { return path_; }
  bool in_memory() const;
  // What storage error messages need to know about this connection.
  const StorageContext& storage_context() const { return context_; }

  // Runs `body` inside a write transaction and commits it. When another
  // connection holds the write lock (or the engine aborts the transaction to
  // stay serializable) the transaction is rolled back and retried with backoff
  // for up to `busy_timeout_ms` more; any other exception rolls back and
  // propagates, a storage failure (and busy past the deadline) as
  // StorageError. A Write inside a Write joins the outer transaction.
  template <typename F>
  auto Write(F&& body) -> decltype(body()) {
    return WriteWith(WriteIsolation::kTakeTurns, std::forward<F>(body));
  }
  // Write, for a body whose correctness rests on the row locks its statements
  // take (the claim: FOR UPDATE SKIP LOCKED, UPDATEs conditional on the row's
  // state): PostgreSQL runs it beside other writes, read committed, instead of
  // in turn; SQLite as any write. A Write inside it takes the write turn then.
  template <typename F>
  auto WriteWithRowLocks(F&& body) -> decltype(body()) {
    return WriteWith(WriteIsolation::kRowLocks, std::forward<F>(body));
  }
  bool in_write() const { return write_depth_ > 0; }
  // Inside a write on PostgreSQL, where claims (WriteWithRowLocks) run beside
  // every write, a row read to decide how to change it must be locked: then
  // " FOR UPDATE", to end such a SELECT with; else "" (SQLite's write lock
  // isolates the whole transaction).
  const char* lock_rows_read() const {
    return write_depth_ > 0 && engine() == Engine::kPostgres ? " FOR UPDATE" : "";
  }

  // Runs `body` in a read transaction, so every query in it sees one snapshot
  // of the data (an export). Inside a Write it simply runs.
  template <typename F>
  auto Read(F&& body) -> decltype(body()) {
    using Result = decltype(body());
    if constexpr (std::is_void_v<Result>) {
      RunRead([&] { body(); });
    } else {
      std::optional<Result> result;
      RunRead([&] { result.emplace(body()); });
      return std::move(*result);
    }
  }

  // `sql` prepared on this connection, from the statement cache when it was
  // prepared before and is not in use: the hot queries are parsed and planned
  // once per process instead of once per call. Throws DbError (kQuery) when
  // the SQL does not compile.
  Statement Prepare(const std::string& sql);
  // Runs a script of statements (a migration). Throws DbError.
  void ExecScript(const std::string& sql);

  // The first column of the first row of `sql` as an integer (0 without rows)
  // or as text ("" without rows).
  int64_t QueryInt(const std::string& sql);
  std::string QueryText(const std::string& sql);
  // Whether the schema has a table (or view) of that name.
  bool TableExists(const std::string& name);

  // SQLite only: the value of a PRAGMA, as text (e.g. Pragma("journal_mode") ==
  // "wal"). Throws std::logic_error on another engine.
  std::string Pragma(const std::string& name);
  // SQLite only: the raw connection, for what only SQLite has (statement
  // traces and in-memory snapshots in tests and the fuzzer); nullptr on
  // another engine.
  sqlite3* sqlite_handle();

  // SQLite only: a consistent copy of the whole database written to `target`
  // (the backup before a migration). Throws StorageError.
  void BackupTo(const std::string& target);

 private:
  friend class Statement;
  template <typename F>
  auto WriteWith(WriteIsolation isolation, F&& body) -> decltype(body()) {
    using Result = decltype(body());
    if constexpr (std::is_void_v<Result>) {
      RunWrite(isolation, [&] { body(); });
    } else {
      std::optional<Result> result;
      RunWrite(isolation, [&] { result.emplace(body()); });
      return std::move(*result);
    }
  }
  void RunWrite(WriteIsolation isolation, const std::function<void()>& body);
  void RunRead(const std::function<void()>& body);
  void Return(std::string sql, std::unique_ptr<DriverStatement> statement) noexcept;

  std::string path_;
  int busy_timeout_ms_;
  StorageContext context_;
  std::unique_ptr<Driver> driver_;
  int write_depth_ = 0;
  WriteIsolation isolation_ = WriteIsolation::kTakeTurns;  // of the open write
  // Idle statements by SQL text. Declared after driver_, so they are finalized
  // before the connection closes.
  std::unordered_map<std::string, std::vector<std::unique_ptr<DriverStatement>>> idle_;
};

}  // namespace pm::store
