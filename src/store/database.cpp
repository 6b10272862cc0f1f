#include "store/database.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
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
    : path_(options.path),
      busy_timeout_ms_(options.busy_timeout_ms),
      context_{options.path, options.busy_timeout_ms, options.max_db_bytes} {
  int flags =
      options.read_only ? SQLite::OPEN_READONLY : (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
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
    if (options.max_db_bytes > 0) {
      // A full disk on demand: past this many pages every write fails with
      // SQLITE_FULL and rolls back whole. (SQLite never sets it below the
      // file's current size.)
      int64_t page_size = db_->execAndGet("PRAGMA page_size").getInt64();
      int64_t pages =
          std::max<int64_t>(1, options.max_db_bytes / std::max<int64_t>(page_size, 512));
      db_->exec("PRAGMA max_page_count=" + std::to_string(pages));
    }
  } catch (const SQLite::Exception& e) {
    int code = e.getExtendedErrorCode() > 0 ? e.getExtendedErrorCode() : e.getErrorCode();
    std::string reason = DescribeStorageFailure(code, e.what(), context_).value_or(e.what());
    throw StorageError(code & 0xFF, "cannot open database " + options.path + ": " + reason);
  }
}

Database::~Database() = default;

bool Database::in_memory() const {
  return path_ == ":memory:" || path_.empty() || path_.rfind("file::memory:", 0) == 0;
}

std::string Database::Pragma(const std::string& name) {
  return db_->execAndGet("PRAGMA " + name).getString();
}

CachedStatement::~CachedStatement() {
  if (db_ && statement_) db_->Return(std::move(sql_), std::move(statement_));
}

CachedStatement Database::Prepare(const std::string& sql) {
  if (auto it = idle_.find(sql); it != idle_.end() && !it->second.empty()) {
    std::unique_ptr<SQLite::Statement> statement = std::move(it->second.back());
    it->second.pop_back();
    return CachedStatement(*this, sql, std::move(statement));
  }
  return CachedStatement(*this, sql, std::make_unique<SQLite::Statement>(*db_, sql));
}

void Database::Return(std::string sql, std::unique_ptr<SQLite::Statement> statement) noexcept {
  // A handful of copies per SQL covers nested use; a bounded number of SQL
  // texts keeps one-off statements from piling up.
  constexpr size_t kMaxTexts = 512, kMaxCopies = 4;
  statement->tryReset();
  try {
    statement->clearBindings();
    auto it = idle_.find(sql);
    if (it == idle_.end()) {
      if (idle_.size() >= kMaxTexts) return;
      it = idle_.emplace(std::move(sql), std::vector<std::unique_ptr<SQLite::Statement>>{}).first;
    }
    if (it->second.size() < kMaxCopies) it->second.push_back(std::move(statement));
  } catch (...) {
    // Out of memory: the statement is simply finalized.
  }
}

void Database::RunWrite(const std::function<void()>& body) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  std::optional<std::minstd_rand>
      jitter;  // seeded only when a retry needs it: seeding is a syscall
  int delay_us = 200;
  for (int attempt = 1;; ++attempt) {
    try {
      SQLite::Transaction txn(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      body();
      txn.commit();
      return;
    } catch (const SQLite::Exception& e) {
      if (!IsBusy(e) || Clock::now() >= deadline) {
        if (auto storage = AsStorageError(e, context_)) throw *storage;
        throw;
      }
      spdlog::debug("write busy (attempt {}), retrying", attempt);
    }
    if (!jitter) jitter.emplace(std::random_device{}());
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us + (*jitter)() % delay_us));
    delay_us = std::min(delay_us * 2, 50'000);
  }
}

}  // namespace pm::store
