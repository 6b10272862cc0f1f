#include "store/database.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "store/db/pg_driver.h"
#include "store/db/sqlite_driver.h"
#include "store/pg/connection_string.h"

namespace pm::store {

bool IsPostgresUrl(const std::string& path) {
  return path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0;
}

namespace {

std::unique_ptr<Driver> OpenDriver(const DatabaseOptions& options) {
  if (IsPostgresUrl(options.path)) return std::make_unique<PgDriver>(options);
  return std::make_unique<SqliteDriver>(options);
}

// What messages may show of `path`: a URL without its password.
std::string Shown(const std::string& path) {
  return IsPostgresUrl(path) ? pg::RedactConnectionString(path) : path;
}

}  // namespace

std::string Placeholders(size_t count) {
  std::string marks;
  for (size_t i = 0; i < count; ++i) marks += i == 0 ? "?" : ", ?";
  return marks;
}

Statement& Statement::BindValues(const std::vector<SqlValue>& values, int first) {
  int index = first;
  for (const auto& value : values) {
    std::visit([&](const auto& v) { Bind(index, v); }, value);
    ++index;
  }
  return *this;
}

Statement::~Statement() {
  if (db_ && impl_) db_->Return(std::move(sql_), std::move(impl_));
}

int64_t Statement::Exec() {
  while (impl_->Step()) {
  }
  return impl_->Changes();
}

std::optional<std::string> Statement::OptText(int column) {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<int64_t> Statement::OptInt64(int column) {
  if (IsNull(column)) return std::nullopt;
  return Int64(column);
}

Database::Database(const DatabaseOptions& options)
    : path_(Shown(options.path)),
      busy_timeout_ms_(options.busy_timeout_ms),
      context_{path_, options.busy_timeout_ms, options.max_db_bytes} {
  try {
    driver_ = OpenDriver(options);
  } catch (const DbError& e) {
    // A PostgreSQL error already says what to do, naming the server without the password.
    if (IsPostgresUrl(options.path)) throw StorageError(e.kind(), e.what());
    std::string reason = DescribeStorageFailure(e, context_).value_or(e.what());
    throw StorageError(e.kind(), "cannot open database " + path_ + ": " + reason);
  }
}

Database::~Database() {
  idle_.clear();  // finalize statements before the connection closes
}

bool Database::in_memory() const {
  return path_ == ":memory:" || path_.empty() || path_.rfind("file::memory:", 0) == 0;
}

std::string Database::Pragma(const std::string& name) {
  if (engine() != Engine::kSqlite) throw std::logic_error("PRAGMA is SQLite's");
  auto pragma = Prepare("PRAGMA " + name);
  return pragma.Step() ? pragma.Text(0) : std::string();
}

int64_t Database::QueryInt(const std::string& sql) {
  auto query = Prepare(sql);
  return query.Step() ? query.Int64(0) : 0;
}

sqlite3* Database::sqlite_handle() {
  auto* sqlite = dynamic_cast<SqliteDriver*>(driver_.get());
  return sqlite ? sqlite->handle() : nullptr;
}

std::string Database::QueryText(const std::string& sql) {
  auto query = Prepare(sql);
  return query.Step() ? query.Text(0) : std::string();
}

bool Database::TableExists(const std::string& name) {
  // Schema introspection differs per engine.
  const char* sql = engine() == Engine::kSqlite
                        ? "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?"
                        : "SELECT 1 FROM information_schema.tables WHERE table_schema = "
                          "current_schema() AND table_name = ?";
  return Prepare(sql).Bind(1, name).Step();
}

void Database::BackupTo(const std::string& target) {
  if (engine() != Engine::kSqlite) throw std::logic_error("file backups are SQLite's");
  // VACUUM INTO writes a consistent copy even while other processes use the file.
  try {
    Prepare("VACUUM INTO ?").Bind(1, target).Exec();
  } catch (const DbError& e) {
    if (auto storage = AsStorageError(e, context_)) throw *storage;
    throw StorageError(e.kind(), "cannot write " + target + ": " + e.what());
  }
}

Statement Database::Prepare(const std::string& sql) {
  if (auto it = idle_.find(sql); it != idle_.end() && !it->second.empty()) {
    std::unique_ptr<DriverStatement> statement = std::move(it->second.back());
    it->second.pop_back();
    return Statement(*this, sql, std::move(statement));
  }
  return Statement(*this, sql, driver_->Prepare(sql));
}

void Database::ExecScript(const std::string& sql) { driver_->ExecScript(sql); }

void Database::Return(std::string sql, std::unique_ptr<DriverStatement> statement) noexcept {
  // A handful of copies per SQL covers nested use; a bounded number of SQL
  // texts keeps one-off statements from piling up.
  constexpr size_t kMaxTexts = 512, kMaxCopies = 4;
  statement->Reset();
  try {
    auto it = idle_.find(sql);
    if (it == idle_.end()) {
      if (idle_.size() >= kMaxTexts) return;
      it = idle_.emplace(std::move(sql), std::vector<std::unique_ptr<DriverStatement>>{}).first;
    }
    if (it->second.size() < kMaxCopies) it->second.push_back(std::move(statement));
  } catch (...) {
    // Out of memory: the statement is simply finalized.
  }
}

void Database::RunRead(const std::function<void()>& body) {
  if (driver_->InTransaction()) {
    body();
    return;
  }
  driver_->BeginRead();
  try {
    body();
  } catch (...) {
    driver_->Rollback();
    throw;
  }
  driver_->Commit();
}

void Database::RunWrite(WriteIsolation isolation, const std::function<void()>& body) {
  if (write_depth_ > 0) {  // joins the transaction already open
    if (isolation == WriteIsolation::kTakeTurns && isolation_ == WriteIsolation::kRowLocks) {
      driver_->TakeWriteTurn();
      isolation_ = WriteIsolation::kTakeTurns;
    }
    body();
    return;
  }
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  std::optional<std::minstd_rand>
      jitter;  // seeded only when a retry needs it: seeding is a syscall
  int delay_us = 50;
  for (int attempt = 1;; ++attempt) {
    try {
      driver_->BeginWrite(isolation);
      isolation_ = isolation;
      struct Depth {
        int& depth;
        explicit Depth(int& d) : depth(d) { ++depth; }
        ~Depth() { --depth; }
      } depth(write_depth_);
      try {
        body();
        driver_->Commit();
      } catch (...) {
        driver_->Rollback();
        throw;
      }
      return;
    } catch (const DbError& e) {
      if (!e.retryable() || Clock::now() >= deadline) {
        if (auto storage = AsStorageError(e, context_)) throw *storage;
        throw;
      }
      spdlog::debug("write busy (attempt {}), retrying", attempt);
    }
    if (!jitter) jitter.emplace(std::random_device{}());
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us + (*jitter)() % delay_us));
    delay_us = std::min(delay_us * 2, 20'000);
  }
}

}  // namespace pm::store
