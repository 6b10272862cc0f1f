#include "store/database.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <chrono>
#include <optional>
#include <random>
#include <thread>

namespace pm::store {

namespace {

bool IsBusy(const SQLite::Exception& e) {
  int code = e.getErrorCode() & 0xFF;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

}  // namespace

Database::Database(const DatabaseOptions& options)
    : path_(options.path), busy_timeout_ms_(options.busy_timeout_ms) {
  int flags = options.read_only ? SQLite::OPEN_READONLY
                                : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread of work
  try {
    db_ = std::make_unique<SQLite::Database>(options.path, flags, options.busy_timeout_ms);
    // The connection settings, all of them, in one place.
    if (!options.read_only && !in_memory()) {
      std::string mode = db_->execAndGet("PRAGMA journal_mode=WAL").getString();
      if (mode != "wal") spdlog::warn("{}: journal_mode is {}, not wal", path_, mode);
    }
    db_->exec("PRAGMA foreign_keys=ON");
    db_->exec(options.durability == Durability::kFull ? "PRAGMA synchronous=FULL"
                                                      : "PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA temp_store=MEMORY");
    // Touch the schema so that a file that is not a database fails here, clearly.
    db_->execAndGet("SELECT count(*) FROM sqlite_schema");
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error("cannot open database " + options.path + ": " + e.what());
  }
}

Database::~Database() = default;

bool Database::in_memory() const {
  return path_ == ":memory:" || path_.empty() || path_.rfind("file::memory:", 0) == 0;
}

std::string Database::Pragma(const std::string& name) {
  return db_->execAndGet("PRAGMA " + name).getString();
}

void Database::RunWrite(const std::function<void()>& body) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  std::minstd_rand jitter(std::random_device{}());
  int delay_us = 200;
  for (int attempt = 1;; ++attempt) {
    try {
      SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      body();
      txn.commit();
      return;
    } catch (const SQLite::Exception& e) {
      if (!IsBusy(e) || Clock::now() >= deadline) throw;
      spdlog::debug("write busy (attempt {}), retrying", attempt);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us + jitter() % delay_us));
    delay_us = std::min(delay_us * 2, 50'000);
  }
}

}  // namespace pm::store
