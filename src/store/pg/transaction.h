// Transaction is one PostgreSQL transaction block on a Connection: BEGIN in the
// constructor, ROLLBACK in the destructor unless Commit() ran, so an exception
// anywhere in between leaves nothing written. The destructor never throws.
//
// Modes (what the store's SQLite `BEGIN IMMEDIATE` becomes):
//   kReadCommitted  plain BEGIN. Each statement sees what others committed before
//                   it; row locks (UPDATE, SELECT ... FOR UPDATE [SKIP LOCKED])
//                   make read-then-write patterns safe. The claim statement
//                   (UPDATE steps ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED
//                   LIMIT 1) RETURNING ...) runs here.
//   kSerializable   BEGIN ISOLATION LEVEL SERIALIZABLE: the transaction behaves as
//                   if it ran alone, or fails with kSerializationFailure (retryable).
//   kWriteLock      BEGIN, then a transaction-scoped advisory lock that every
//                   kWriteLock transaction of the database takes: one such writer
//                   at a time, as SQLite's write lock allows — the closest
//                   equivalent of BEGIN IMMEDIATE, at the price of write concurrency.
//   kSnapshot       BEGIN ISOLATION LEVEL REPEATABLE READ: every statement sees one
//                   snapshot (a consistent export).
//
// RunTransaction runs a body in a fresh transaction and commits, running it
// again (up to kTransactionAttempts times, with a short growing pause) while it
// fails with a retryable PgError; any other exception rolls back and propagates.
// REQUIRES: no transaction is open on the connection (no nesting).
#pragma once

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "store/pg/connection.h"

namespace pm::store::pg {

enum class TransactionMode { kReadCommitted, kSerializable, kWriteLock, kSnapshot };

class Transaction {
 public:
  // Throws PgError when BEGIN fails; std::logic_error when a transaction is open.
  explicit Transaction(Connection& connection,
                       TransactionMode mode = TransactionMode::kReadCommitted);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Throws PgError: a serialization failure at commit (retryable), a lost
  // connection (outcome_unknown()). After Commit, even a failed one, the
  // destructor does nothing.
  void Commit();
  // Rolls back now. Never throws.
  void Rollback() noexcept;
  // Takes the kWriteLock advisory lock now, until the transaction ends (a
  // kReadCommitted transaction that must take turns from here). Throws PgError.
  void TakeWriteLock();

 private:
  Connection& connection_;
  bool open_ = true;
};

inline constexpr int kTransactionAttempts = 5;

void RunTransactionAttempts(Connection& connection, TransactionMode mode,
                            const std::function<void()>& body);

template <typename F>
auto RunTransaction(Connection& connection, TransactionMode mode, F&& body) -> decltype(body()) {
  using R = decltype(body());
  if constexpr (std::is_void_v<R>) {
    RunTransactionAttempts(connection, mode, [&] { body(); });
  } else {
    std::optional<R> result;
    RunTransactionAttempts(connection, mode, [&] { result.emplace(body()); });
    return std::move(*result);
  }
}

}  // namespace pm::store::pg
