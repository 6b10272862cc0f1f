#include "store/pg/transaction.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

namespace pm::store::pg {

namespace {

// Every kWriteLock transaction of a database takes this advisory lock ("pm_write").
constexpr const char* kWriteLockSql = "SELECT pg_advisory_xact_lock(8101238486734156901)";

const char* WriteLockBegin() {
  static const std::string begin = std::string("BEGIN; ") + kWriteLockSql;
  return begin.c_str();
}

const char* BeginSql(TransactionMode mode) {
  switch (mode) {
    case TransactionMode::kSerializable:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case TransactionMode::kWriteLock:
      return WriteLockBegin();
    case TransactionMode::kSnapshot:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    default:
      return "BEGIN";
  }
}

}  // namespace

Transaction::Transaction(Connection& connection, TransactionMode mode) : connection_(connection) {
  if (connection_.in_transaction()) {
    throw std::logic_error("a transaction is already open on " + connection_.target());
  }
  try {
    connection_.RunControl(Connection::Control::kBegin, BeginSql(mode));
  } catch (...) {
    // BEGIN ran but taking the write lock failed: end the block it opened.
    if (connection_.in_transaction()) connection_.RunControl(Connection::Control::kRollback);
    throw;
  }
}

Transaction::~Transaction() { Rollback(); }

void Transaction::TakeWriteLock() {
  if (!open_) throw std::logic_error("the transaction already ended");
  connection_.Execute(kWriteLockSql);
}

void Transaction::Commit() {
  if (!open_) throw std::logic_error("the transaction already ended");
  open_ = false;
  connection_.RunControl(Connection::Control::kCommit);
}

void Transaction::Rollback() noexcept {
  if (!open_) return;
  open_ = false;
  try {
    connection_.RunControl(Connection::Control::kRollback);
  } catch (const std::exception& e) {
    spdlog::warn("rollback on {} failed: {}", connection_.target(), e.what());
  } catch (...) {
  }
}

void RunTransactionAttempts(Connection& connection, TransactionMode mode,
                            const std::function<void()>& body) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    try {
      Transaction transaction(connection, mode);
      body();
      transaction.Commit();
      return;
    } catch (const PgError& e) {
      if (!e.retryable() || attempt >= kTransactionAttempts) throw;
      // 5, 10, 20, 40 ms and a random share of it, so that colliding
      // transactions do not collide again in step.
      const int pause_ms = 5 << (attempt - 1);
      spdlog::debug("transaction attempt {} failed ({}); running it again", attempt, e.what());
      std::this_thread::sleep_for(std::chrono::milliseconds(
          pause_ms + static_cast<int>(jitter() % static_cast<unsigned>(pause_ms))));
    }
  }
}

}  // namespace pm::store::pg
