#include "store/db/sqlite_driver.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "store/database.h"
#include "store/db/db_error.h"

namespace pm::store {

DbErrorKind SqliteErrorKind(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbErrorKind::kUnique;
    case SQLITE_CONSTRAINT_CHECK:
      return DbErrorKind::kCheck;
    case SQLITE_CONSTRAINT_NOTNULL:
      return DbErrorKind::kNotNull;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbErrorKind::kForeignKey;
    default:
      break;
  }
  switch (extended_code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbErrorKind::kBusy;
    case SQLITE_ERROR:
      return DbErrorKind::kQuery;
    case SQLITE_FULL:
      return DbErrorKind::kFull;
    case SQLITE_READONLY:
      return DbErrorKind::kReadOnly;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DbErrorKind::kCorrupt;
    case SQLITE_CANTOPEN:
      return DbErrorKind::kCannotOpen;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return DbErrorKind::kPermission;
    case SQLITE_IOERR:
      return DbErrorKind::kIo;
    case SQLITE_NOMEM:
      return DbErrorKind::kNoMemory;
    default:
      return DbErrorKind::kOther;
  }
}

namespace {

class SqliteStatement final : public DriverStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  ~SqliteStatement() override { sqlite3_finalize(statement_); }

  void BindNull(int index) override { Check(sqlite3_bind_null(statement_, index)); }
  void BindInt64(int index, int64_t value) override {
    Check(sqlite3_bind_int64(statement_, index, value));
  }
  void BindDouble(int index, double value) override {
    Check(sqlite3_bind_double(statement_, index, value));
  }
  void BindText(int index, std::string_view value) override {
    Check(sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8));
  }

  bool Step() override {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    ThrowSqliteError(db_, rc);
  }
  int64_t Changes() override { return changes_; }
  void Reset() noexcept override {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    changes_ = 0;
  }

  int ColumnCount() override { return sqlite3_column_count(statement_); }
  std::string_view ColumnName(int column) override {
    const char* name = sqlite3_column_name(statement_, column);
    return name ? std::string_view(name) : std::string_view();
  }
  ColumnType Type(int column) override {
    switch (sqlite3_column_type(statement_, column)) {
      case SQLITE_NULL:
        return ColumnType::kNull;
      case SQLITE_INTEGER:
        return ColumnType::kInteger;
      case SQLITE_FLOAT:
        return ColumnType::kReal;
      default:
        return ColumnType::kText;
    }
  }
  int64_t Int64(int column) override { return sqlite3_column_int64(statement_, column); }
  double Double(int column) override { return sqlite3_column_double(statement_, column); }
  std::string_view Text(int column) override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (!text) return {};
    return std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) ThrowSqliteError(db_, rc);
  }

  sqlite3* db_;
  sqlite3_stmt* statement_;
  int64_t changes_ = 0;
};

}  // namespace

void ThrowSqliteError(sqlite3* db, int code, const std::string& context) {
  int extended = db ? sqlite3_extended_errcode(db) : code;
  if ((extended & 0xFF) != (code & 0xFF)) extended = code;
  std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  if (!context.empty()) message = context + ": " + message;
  throw DbError(SqliteErrorKind(extended), message, extended);
}

SqliteDriver::SqliteDriver(const DatabaseOptions& options)
    : busy_timeout_ms_(options.busy_timeout_ms) {
  int flags =
      options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;  // one connection per thread of work
  const int rc = sqlite3_open_v2(options.path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(SqliteErrorKind(rc), message, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, &SqliteDriver::OnBusy, this);
  try {
    // The connection settings, all of them, in one place.
    const bool memory = options.path == ":memory:" || options.path.empty() ||
                        options.path.rfind("file::memory:", 0) == 0;
    if (!options.read_only && !memory) {
      auto mode = Prepare("PRAGMA journal_mode=WAL");
      mode->Step();
      if (mode->Text(0) != "wal") {
        spdlog::warn("{}: journal_mode is {}, not wal", options.path, std::string(mode->Text(0)));
      }
    }
    // A page cache of up to 16 MiB (SQLite's default is 2 MiB): it fills only as
    // far as the pages read, so a small database costs nothing more, while a
    // search over 100,000 items no longer reads its pages back through pread
    // on every query (a fifth of its time went to the kernel's copies).
    ExecScript(std::string("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                           "PRAGMA cache_size=-16384; ") +
               (options.durability == Durability::kFull ? "PRAGMA synchronous=FULL;"
                                                        : "PRAGMA synchronous=NORMAL;"));
    // Touch the schema so that a file that is not a database fails here, clearly.
    Prepare("SELECT count(*) FROM sqlite_schema")->Step();
    const char* file = sqlite3_db_filename(db_, "main");
    if (!options.read_only && file && *file) writers_ = std::make_unique<WriterQueue>(file);
    if (options.max_db_bytes > 0) {
      // A full disk on demand: past this many pages every write fails with
      // SQLITE_FULL and rolls back whole. (SQLite never sets it below the
      // file's current size.)
      auto page_size = Prepare("PRAGMA page_size");
      page_size->Step();
      const int64_t pages =
          std::max<int64_t>(1, options.max_db_bytes / std::max<int64_t>(page_size->Int64(0), 512));
      ExecScript("PRAGMA max_page_count=" + std::to_string(pages));
    }
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

SqliteDriver::~SqliteDriver() {
  for (sqlite3_stmt* statement : {begin_read_, begin_write_, commit_, data_version_})
    sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

int SqliteDriver::OnBusy(void* self, int count) {
  // Another connection holds the lock: wait a little and try again, until the
  // busy timeout. Short waits first, since most write transactions here last
  // well under a millisecond.
  auto* driver = static_cast<SqliteDriver*>(self);
  const auto now = std::chrono::steady_clock::now();
  // A BEGIN IMMEDIATE counts from before its wait in the writer queue: one
  // busy timeout bounds the two waits together.
  if (count == 0) driver->busy_since_ = driver->write_wait_started_.value_or(now);
  if (now - driver->busy_since_ >= std::chrono::milliseconds(driver->busy_timeout_ms_)) return 0;
  const int micros = count < 8 ? 20 : std::min(1000, 20 << std::min(6, (count - 8) / 4 + 1));
  std::this_thread::sleep_for(std::chrono::microseconds(micros));
  return 1;
}

std::unique_ptr<DriverStatement> SqliteDriver::Prepare(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size() + 1),
                                    SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) ThrowSqliteError(db_, rc);
  if (!statement) throw DbError(DbErrorKind::kQuery, "empty SQL statement");
  return std::make_unique<SqliteStatement>(db_, statement);
}

void SqliteDriver::ExecScript(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    int extended = sqlite3_extended_errcode(db_);
    if ((extended & 0xFF) != (rc & 0xFF)) extended = rc;
    throw DbError(SqliteErrorKind(extended), message, extended);
  }
}

void SqliteDriver::RunControl(sqlite3_stmt*& statement, const char* sql) {
  if (!statement) {
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) ThrowSqliteError(db_, rc, sql);
  }
  const int rc = sqlite3_step(statement);
  sqlite3_reset(statement);
  if (rc != SQLITE_DONE) ThrowSqliteError(db_, rc);
}

void SqliteDriver::BeginWrite(WriteIsolation) {
  // One writer at a time whatever the isolation asked: SQLite locks the file.
  // Writers of this program wait for their turn in the writer queue first.
  if (!writers_) return RunControl(begin_write_, "BEGIN IMMEDIATE");
  write_wait_started_ = std::chrono::steady_clock::now();
  struct WaitEnds {
    std::optional<std::chrono::steady_clock::time_point>& started;
    ~WaitEnds() { started.reset(); }
  } wait_ends{write_wait_started_};
  if (!writers_->Enter(std::chrono::milliseconds(busy_timeout_ms_))) {
    throw DbError(DbErrorKind::kBusy,
                  "database is locked (another writer's turn lasted " +
                      std::to_string(busy_timeout_ms_) + " ms)",
                  SQLITE_BUSY);
  }
  try {
    RunControl(begin_write_, "BEGIN IMMEDIATE");
  } catch (...) {
    writers_->Leave();
    throw;
  }
}

void SqliteDriver::BeginRead() { RunControl(begin_read_, "BEGIN"); }

void SqliteDriver::Commit() {
  RunControl(commit_, "COMMIT");
  if (writers_) writers_->Leave();
}

void SqliteDriver::Rollback() noexcept {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  if (writers_) writers_->Leave();
}

bool SqliteDriver::InTransaction() { return !sqlite3_get_autocommit(db_); }

std::optional<DataStamp> SqliteDriver::Stamp() {
  if (InTransaction()) return std::nullopt;
  if (!data_version_) {
    const int rc = sqlite3_prepare_v3(db_, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                                      &data_version_, nullptr);
    if (rc != SQLITE_OK) return std::nullopt;
  }
  // data_version changes when another connection commits; this connection's
  // own changes move total_changes instead.
  const int rc = sqlite3_step(data_version_);
  const int64_t others = rc == SQLITE_ROW ? sqlite3_column_int64(data_version_, 0) : -1;
  sqlite3_reset(data_version_);
  if (rc != SQLITE_ROW) return std::nullopt;
  return DataStamp{others, sqlite3_total_changes64(db_)};
}

}  // namespace pm::store
