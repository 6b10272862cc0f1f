// Database is this process's one connection to the SQLite file, with every
// connection setting applied in one place (Open): WAL journal, enforced foreign
// keys, a busy timeout and the chosen durability.
//
// Writes go through Write(), which runs a function inside BEGIN IMMEDIATE and
// retries the whole transaction with backoff while another process holds the
// write lock, so callers never see "database is locked" while the lock is held
// for less than the busy timeout. Storage failures (full, locked past the
// timeout, read-only, damaged) leave as StorageError. Not thread-safe: one
// Database per thread of work.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "store/storage_error.h"

namespace pm::store {

enum class Durability {
  kNormal,  // synchronous=NORMAL: with WAL, a power loss may drop the last commits, never corrupts
  kFull,    // synchronous=FULL: every commit is on disk before it returns
};

struct DatabaseOptions {
  std::string path = ":memory:";
  Durability durability = Durability::kNormal;
  int busy_timeout_ms = 5000;
  int64_t max_db_bytes = 0;  // PRAGMA max_page_count from it; 0: no limit but the disk's
  bool read_only = false;
};

class Database;

// A prepared statement borrowed from its connection's cache (Database::Prepare).
// When the handle goes, the statement is reset (ending any read it holds),
// unbound and returned for the next caller of the same SQL. Move-only; must not
// outlive its Database.
class CachedStatement {
 public:
  CachedStatement(Database& db, std::string sql, std::unique_ptr<SQLite::Statement> statement)
      : db_(&db), sql_(std::move(sql)), statement_(std::move(statement)) {}
  CachedStatement(CachedStatement&& other) noexcept = default;
  CachedStatement& operator=(CachedStatement&&) = delete;
  ~CachedStatement();

  SQLite::Statement& operator*() { return *statement_; }
  SQLite::Statement* operator->() { return statement_.get(); }

 private:
  Database* db_;
  std::string sql_;
  std::unique_ptr<SQLite::Statement> statement_;
};

class Database {
 public:
  // Opens (creating when missing, unless read_only) and configures the database.
  // Throws StorageError with the path and a clear reason on failure.
  explicit Database(const DatabaseOptions& options);
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  SQLite::Database& sql() { return *db_; }
  const std::string& path() const { return path_; }
  bool in_memory() const;
  // What storage error messages need to know about this connection.
  const StorageContext& storage_context() const { return context_; }

  // Runs `body` inside a BEGIN IMMEDIATE transaction and commits it. On SQLITE_BUSY
  // or SQLITE_LOCKED the transaction is rolled back and retried with backoff for
  // up to `busy_timeout_ms` more; any other exception rolls back and propagates,
  // a SQLite storage failure (and busy past the deadline) as StorageError.
  // REQUIRES: no transaction is open on this connection.
  template <typename F>
  auto Write(F&& body) -> decltype(body()) {
    using Result = decltype(body());
    if constexpr (std::is_void_v<Result>) {
      RunWrite([&] { body(); });
    } else {
      std::optional<Result> result;
      RunWrite([&] { result.emplace(body()); });
      return std::move(*result);
    }
  }

  // The value of a PRAGMA, as text (e.g. Pragma("journal_mode") == "wal").
  std::string Pragma(const std::string& name);

  // `sql` prepared on this connection, from the statement cache when it was
  // prepared before and is not in use: the hot queries are parsed and planned
  // once per process instead of once per call. Throws SQLite::Exception when
  // the SQL does not compile.
  CachedStatement Prepare(const std::string& sql);

 private:
  friend class CachedStatement;
  void RunWrite(const std::function<void()>& body);
  void Return(std::string sql, std::unique_ptr<SQLite::Statement> statement) noexcept;

  std::string path_;
  int busy_timeout_ms_;
  StorageContext context_;
  std::unique_ptr<SQLite::Database> db_;
  // Idle statements by SQL text. Declared after db_, so they are finalized
  // before the connection closes.
  std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>> idle_;
};

}  // namespace pm::store
