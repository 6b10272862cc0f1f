// The backend seam: what a database engine must offer the store. Repositories
// never see these types; they talk to store::Database and store::Statement,
// which sit on a Driver. A backend (SQLite today, PostgreSQL next) implements
// Driver and DriverStatement and nothing else of the store changes.
//
// SQL handed to a driver is written in the dialect both engines share: `?`
// placeholders, RETURNING, ON CONFLICT, CTEs. What differs between engines is
// not hidden here but named where it is used (store::Engine), e.g. full-text
// search, the claim statement, backups and schema introspection.
//
// Every failure is a DbError. Not thread-safe: one Driver per thread of work.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pm::store {

enum class Engine { kSqlite, kPostgres };

// What a column of the current row holds.
enum class ColumnType { kNull, kInteger, kReal, kText };

class DriverStatement {
 public:
  virtual ~DriverStatement() = default;

  // Indexes are 1-based, in the order of the `?` placeholders.
  virtual void BindNull(int index) = 0;
  virtual void BindInt64(int index, int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;

  // Runs the statement (on the first call) and moves to the next row; false
  // when there is none. Throws DbError.
  virtual bool Step() = 0;
  // Rows inserted, updated or deleted by the statement once it has run.
  virtual int64_t Changes() = 0;
  // Back to before the first Step, bindings cleared; ends any read it holds.
  virtual void Reset() noexcept = 0;

  // Columns of the current row, 0-based. Text stays valid until the next Step.
  virtual int ColumnCount() = 0;
  virtual std::string_view ColumnName(int column) = 0;
  virtual ColumnType Type(int column) = 0;
  virtual int64_t Int64(int column) = 0;
  virtual double Double(int column) = 0;
  virtual std::string_view Text(int column) = 0;
};

// What identifies the data a connection sees. Two equal stamps taken at two
// moments mean nothing was committed in between, by this connection or any
// other, so an answer computed from the data may be given again.
struct DataStamp {
  int64_t others = 0;  // changes by other connections (SQLite's data_version)
  int64_t own = 0;     // rows this connection has changed since it opened
  bool operator==(const DataStamp&) const = default;
};

// What a write transaction relies on to stay correct beside other writers.
enum class WriteIsolation {
  kTakeTurns,  // the store's one write lock: writers run one at a time
  kRowLocks,   // only the row locks its statements take (a claim: FOR UPDATE
               // SKIP LOCKED, conditional UPDATEs); engines without them take turns
};

class Driver {
 public:
  virtual ~Driver() = default;

  virtual Engine engine() const = 0;
  // Prepares `sql` (one statement). Throws DbError (kQuery when it does not compile).
  virtual std::unique_ptr<DriverStatement> Prepare(const std::string& sql) = 0;
  // Runs a script of several statements without results (migrations).
  virtual void ExecScript(const std::string& sql) = 0;

  // A write transaction: for SQLite BEGIN IMMEDIATE, which takes the write lock
  // up front, so a transaction never fails half-way for want of it. With
  // kRowLocks an engine that has row locks (PostgreSQL) lets the transaction
  // run beside other writers, isolated only by the rows its statements lock.
  virtual void BeginWrite(WriteIsolation isolation) = 0;
  // Inside a kRowLocks write: takes the whole store's write turn from here to
  // the end of the transaction (a kTakeTurns write joined it). SQLite has it already.
  virtual void TakeWriteTurn() {}
  // A read transaction: every query until Commit or Rollback sees one snapshot.
  virtual void BeginRead() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() noexcept = 0;
  virtual bool InTransaction() = 0;
  // The current stamp, or nullopt when the engine cannot tell cheaply or a
  // transaction is open (then no answer may be reused).
  virtual std::optional<DataStamp> Stamp() { return std::nullopt; }
};

}  // namespace pm::store
