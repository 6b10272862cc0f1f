// Connection is one session with a PostgreSQL server through libpq: the
// PostgreSQL counterpart of store::Database's SQLite handle.
//
// Opening it (the constructor) connects from a postgresql:// or postgres://
// URL or a key=value string and applies every session setting in one place:
// TimeZone=UTC, DateStyle=ISO, client_min_messages, and application_name
// (unless the string names one). Server notices go to spdlog (WARNING as warn,
// NOTICE and INFO as info, the rest as debug). No message, log line or error of
// this class holds the password: targets are shown as postgresql://user@host:port/db.
//
// Execute runs one statement written in the store's SQLite style (`?`
// placeholders, see sql_text.h) as a prepared statement, cached per connection
// by its SQL text, so the hot statements are parsed and planned once per
// session; the cache holds at most statement_cache_limit statements and is
// emptied when it would grow past it. ExecuteScript runs many statements
// without parameters (migrations).
//
// A lost connection (server restart, network cut, terminated backend):
//   - outside a transaction, a read (sql_text.h: IsReadOnlyStatement) is run
//     once more on a new connection;
//   - outside a transaction, a write throws PgError kConnectionLost with
//     outcome_unknown(): the statement was applied whole or not at all;
//   - inside a transaction, the statement throws kConnectionLost (retryable:
//     the server rolled the transaction back) and so does every statement until
//     the transaction ends; the next statement after it reconnects.
// A text parameter holding a NUL character is refused (kInvalidValue) before
// it is sent: libpq would cut it short there, and PostgreSQL text cannot hold it.
// Errors are PgError (pg_error.h). Not thread-safe: one Connection per thread
// of work; it cannot be copied or moved (libpq holds a pointer to it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/pg/pg_error.h"
#include "store/pg/result.h"
#include "store/pg/value.h"

struct pg_conn;

namespace pm::store::pg {

struct ConnectionOptions {
  std::string conninfo;  // postgresql://..., postgres://... or key=value pairs
  std::string database;  // when set, the database to open instead of the one conninfo names
  std::string application_name = "project-memory";  // unless conninfo names one
  std::string client_min_messages = "warning";      // notices below this never arrive
  int connect_timeout_seconds = 10;                 // unless conninfo sets connect_timeout
  size_t statement_cache_limit = 256;
};

class Transaction;

class Connection {
 public:
  // Connects and applies the session settings. Throws PgError: kBadConnectionString,
  // kUnreachable, kBadCredentials, kMissingDatabase or kPermissionDenied.
  explicit Connection(ConnectionOptions options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with `params` bound to its placeholders in order. Throws
  // PgError; std::invalid_argument when the number of params differs from the
  // number of placeholders.
  Result Execute(std::string_view sql, std::initializer_list<Param> params = {});
  Result Execute(std::string_view sql, const std::vector<Param>& params);

  // Runs `sql` (any number of statements, no parameters) through the simple
  // query protocol, in the current transaction if one is open. Throws PgError.
  void ExecuteScript(const std::string& sql);

  // True while a transaction block is open on this connection (BEGIN ran and
  // neither COMMIT nor ROLLBACK yet), also when it failed or the connection died.
  bool in_transaction() const { return transaction_open_ || transaction_lost_; }

  // postgresql://user@host:port/database: what messages name. Never the password.
  const std::string& target() const { return target_; }
  // The server process of this session (changes when the connection is renewed).
  int backend_pid() const;
  // Statements in the cache, and how many were prepared since connecting (tests).
  size_t cached_statements() const { return prepared_.size(); }
  int64_t statements_prepared() const { return statements_prepared_; }

  // Drops the session and opens a new one with the same options (the cache
  // empties). Throws PgError like the constructor.
  void Reconnect();

 private:
  friend class Transaction;
  struct Prepared {
    std::string name;
    int parameter_count = 0;
  };
  enum class Control { kBegin, kCommit, kRollback };
  enum class LostDuring { kPreparing, kRunning, kCommitting };

  void Connect();
  void ApplySettings();
  Result ExecuteOnce(std::string_view sql, const std::vector<Param>& params);
  // The statement prepared for `sql`; throws std::invalid_argument unless it
  // has `values` placeholders.
  const Prepared& Prepare(std::string_view sql, size_t values);
  // BEGIN (with `begin_sql`), COMMIT or ROLLBACK for Transaction.
  void RunControl(Control control, const std::string& begin_sql = "BEGIN");
  // Throws when the connection is gone: inside a transaction as kConnectionLost,
  // outside it after reconnecting fails.
  void EnsureConnected();
  // Updates transaction_open_ from the server's status after a command.
  void NoteTransactionStatus();
  // The PgError for a connection lost while handling `sql`; marks an open
  // transaction lost.
  PgError Lost(std::string_view sql, bool was_in_transaction, LostDuring during);
  // The server's error in `result` (null: libpq's own), naming `statement`.
  PgError Failure(const struct pg_result* result, std::string statement) const;
  // The error of every statement of a transaction whose connection was lost.
  PgError LostTransaction() const;
  std::string Scrub(std::string text) const;
  static void OnNotice(void* self, const struct pg_result* notice);

  ConnectionOptions options_;
  pg_conn* conn_ = nullptr;
  std::string target_;
  std::string secret_;  // the password, kept only to scrub it from messages
  std::unordered_map<std::string, Prepared> prepared_;
  int64_t statements_prepared_ = 0;
  int64_t next_statement_ = 0;
  bool transaction_open_ = false;
  bool transaction_lost_ = false;
};

}  // namespace pm::store::pg
