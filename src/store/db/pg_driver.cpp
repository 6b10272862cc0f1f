#include "store/db/pg_driver.h"

#include <charconv>
#include <stdexcept>
#include <vector>

#include "store/database.h"
#include "store/pg/sql_text.h"

namespace pm::store {

namespace {

DbErrorKind KindOf(const pg::PgError& e) {
  const std::string& state = e.sqlstate();
  if (state == "53100") return DbErrorKind::kFull;
  if (state == "25006") return DbErrorKind::kReadOnly;
  if (state.rfind("53", 0) == 0) return DbErrorKind::kNoMemory;
  if (state.rfind("58", 0) == 0) return DbErrorKind::kIo;
  if (state == "XX001" || state == "XX002") return DbErrorKind::kCorrupt;
  switch (e.kind()) {
    case pg::PgErrorKind::kBadConnectionString:
    case pg::PgErrorKind::kUnreachable:
    case pg::PgErrorKind::kBadCredentials:
    case pg::PgErrorKind::kMissingDatabase:
      return DbErrorKind::kCannotOpen;
    case pg::PgErrorKind::kPermissionDenied:
      return DbErrorKind::kPermission;
    case pg::PgErrorKind::kConnectionLost:
      return e.retryable() ? DbErrorKind::kRetryable : DbErrorKind::kConnectionLost;
    case pg::PgErrorKind::kSerializationFailure:
    case pg::PgErrorKind::kDeadlock:
      return DbErrorKind::kRetryable;
    case pg::PgErrorKind::kUniqueViolation:
      return DbErrorKind::kUnique;
    case pg::PgErrorKind::kForeignKeyViolation:
      return DbErrorKind::kForeignKey;
    case pg::PgErrorKind::kCheckViolation:
    case pg::PgErrorKind::kInvalidValue:
      return DbErrorKind::kCheck;
    case pg::PgErrorKind::kNotNullViolation:
      return DbErrorKind::kNotNull;
    case pg::PgErrorKind::kStatement:
      return DbErrorKind::kQuery;
    default:
      return DbErrorKind::kOther;
  }
}

// Runs `body`, turning a PgError into a DbError.
template <typename F>
auto Mapped(F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const pg::PgError& e) {
    throw PgErrorToDbError(e);
  }
}

int64_t ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size()) return value;
  double real = 0;
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), real);
  return parsed.ec == std::errc() ? static_cast<int64_t>(real) : 0;
}

class PgStatement final : public DriverStatement {
 public:
  PgStatement(pg::Connection& connection, std::string sql)
      : connection_(connection),
        sql_(std::move(sql)),
        params_(static_cast<size_t>(pg::RewritePlaceholders(sql_).parameter_count), nullptr) {}

  void BindNull(int index) override { Slot(index) = nullptr; }
  void BindInt64(int index, int64_t value) override { Slot(index) = value; }
  void BindDouble(int index, double value) override { Slot(index) = value; }
  void BindText(int index, std::string_view value) override { Slot(index) = value; }

  bool Step() override {
    Run();
    if (!result_->Next()) {
      row_.clear();
      return false;
    }
    row_.resize(static_cast<size_t>(result_->column_count()));
    for (int c = 0; c < result_->column_count(); ++c)
      row_[static_cast<size_t>(c)] = result_->Get(c);
    return true;
  }
  int64_t Changes() override { return result_ ? result_->rows_changed() : 0; }
  void Reset() noexcept override {
    result_.reset();
    row_.clear();
    for (auto& p : params_) p = nullptr;
  }

  // The columns are known once the statement has run: asking for them runs it
  // (with the values bound so far) when it has not.
  int ColumnCount() override {
    Run();
    return result_->column_count();
  }
  std::string_view ColumnName(int column) override {
    Run();
    return result_->column_name(column);
  }
  ColumnType Type(int column) override {
    switch (pg::KindOf(Cell(column))) {
      case pg::ValueKind::kInteger:
        return ColumnType::kInteger;
      case pg::ValueKind::kReal:
        return ColumnType::kReal;
      case pg::ValueKind::kText:
        return ColumnType::kText;
      default:
        return ColumnType::kNull;
    }
  }
  // Conversions between kinds as SQLite makes them.
  int64_t Int64(int column) override {
    const pg::Value& v = Cell(column);
    if (const auto* i = std::get_if<int64_t>(&v)) return *i;
    if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&v)) return ParseInt(*s);
    return 0;
  }
  double Double(int column) override {
    const pg::Value& v = Cell(column);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* s = std::get_if<std::string>(&v)) {
      double value = 0;
      std::from_chars(s->data(), s->data() + s->size(), value);
      return value;
    }
    return 0;
  }
  std::string_view Text(int column) override {
    pg::Value& v = Cell(column);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* i = std::get_if<int64_t>(&v)) {
      v = std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      char buffer[32];
      auto end = std::to_chars(buffer, buffer + sizeof buffer, *d).ptr;
      v = std::string(buffer, end);
    } else {
      return {};
    }
    return std::get<std::string>(v);
  }

 private:
  pg::Param& Slot(int index) {
    if (index < 1 || static_cast<size_t>(index) > params_.size()) {
      throw DbError(DbErrorKind::kQuery, "bind index " + std::to_string(index) +
                                             " out of range in: " + sql_.substr(0, 200));
    }
    return params_[static_cast<size_t>(index - 1)];
  }
  void Run() {
    if (!result_) result_.emplace(Mapped([&] { return connection_.Execute(sql_, params_); }));
  }
  pg::Value& Cell(int column) {
    if (column < 0 || static_cast<size_t>(column) >= row_.size()) {
      throw std::out_of_range("no column " + std::to_string(column) + " in the current row");
    }
    return row_[static_cast<size_t>(column)];
  }

  pg::Connection& connection_;
  std::string sql_;
  std::vector<pg::Param> params_;
  std::optional<pg::Result> result_;
  std::vector<pg::Value> row_;
};

}  // namespace

DbError PgErrorToDbError(const pg::PgError& e) {
  return DbError(KindOf(e), e.what(), 0, e.sqlstate());
}

PgDriver::PgDriver(const DatabaseOptions& options) {
  pg::ConnectionOptions connection_options;
  connection_options.conninfo = options.path;
  if (options.busy_timeout_ms > 0) {
    connection_options.connect_timeout_seconds = std::max(2, options.busy_timeout_ms / 1000);
  }
  connection_ = Mapped([&] { return std::make_unique<pg::Connection>(connection_options); });
}

PgDriver::~PgDriver() { transaction_.reset(); }

std::unique_ptr<DriverStatement> PgDriver::Prepare(const std::string& sql) {
  return std::make_unique<PgStatement>(*connection_, sql);
}

void PgDriver::ExecScript(const std::string& sql) {
  Mapped([&] { connection_->ExecuteScript(sql); });
}

void PgDriver::BeginWrite(WriteIsolation isolation) {
  const auto mode = isolation == WriteIsolation::kRowLocks ? pg::TransactionMode::kReadCommitted
                                                           : pg::TransactionMode::kWriteLock;
  Mapped([&] { transaction_.emplace(*connection_, mode); });
}

void PgDriver::TakeWriteTurn() {
  if (!transaction_) throw std::logic_error("no transaction to take the write turn in");
  Mapped([&] { transaction_->TakeWriteLock(); });
}

void PgDriver::BeginRead() {
  Mapped([&] { transaction_.emplace(*connection_, pg::TransactionMode::kSnapshot); });
}

void PgDriver::Commit() {
  if (!transaction_) throw std::logic_error("no transaction to commit");
  try {
    Mapped([&] { transaction_->Commit(); });
  } catch (...) {
    transaction_.reset();
    throw;
  }
  transaction_.reset();
}

void PgDriver::Rollback() noexcept { transaction_.reset(); }

bool PgDriver::InTransaction() { return transaction_.has_value() || connection_->in_transaction(); }

}  // namespace pm::store
