// PgDriver is the PostgreSQL backend behind the store's database seam: one
// pg::Connection (libpq session) opened from a postgresql:// or postgres:// URL.
//
// Statements: the store's `?` / `?NNN` SQL is rewritten to `$n` and prepared
// once per session (pg::Connection caches them by SQL text); binds travel as
// text and the server types each from its place in the statement. A statement
// runs on its first Step and its rows are read from the whole result.
//
// Transactions: a write (BeginWrite) is BEGIN plus the store's advisory write
// lock, so writers take turns as they do on SQLite — except a kRowLocks write
// (the claim), a plain read-committed BEGIN that runs beside them; a read (BeginRead) is a
// REPEATABLE READ transaction, one snapshot for every query in it. Every
// failure is a DbError (PgErrorToDbError): serialization failures, deadlocks
// and a connection lost inside a transaction are retryable; a server that
// cannot be reached, a refused login, a missing database or a missing
// privilege are kCannotOpen / kPermission with a message naming what to do and
// never the password. Not thread-safe: one driver per thread of work.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/db/db_error.h"
#include "store/db/driver.h"
#include "store/pg/connection.h"
#include "store/pg/pg_error.h"
#include "store/pg/transaction.h"

namespace pm::store {

struct DatabaseOptions;

class PgDriver final : public Driver {
 public:
  // Connects. Throws DbError (kCannotOpen, kPermission) when it cannot.
  explicit PgDriver(const DatabaseOptions& options);
  ~PgDriver() override;

  Engine engine() const override { return Engine::kPostgres; }
  std::unique_ptr<DriverStatement> Prepare(const std::string& sql) override;
  void ExecScript(const std::string& sql) override;
  void BeginWrite(WriteIsolation isolation) override;
  void TakeWriteTurn() override;
  void BeginRead() override;
  void Commit() override;
  void Rollback() noexcept override;
  bool InTransaction() override;

  pg::Connection& connection() { return *connection_; }

 private:
  std::unique_ptr<pg::Connection> connection_;
  std::optional<pg::Transaction> transaction_;
};

// The DbError for a PgError (same message).
DbError PgErrorToDbError(const pg::PgError& e);

}  // namespace pm::store
