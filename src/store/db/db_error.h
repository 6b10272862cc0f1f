// DbError is what every database driver throws when the engine refuses or
// fails: one type for both backends, so the store above the seam reacts to what
// happened (a duplicate, a lock held too long, a full disk) and never to one
// engine's numeric codes. The engine's own code travels along for messages and
// tests of the driver itself.
#pragma once

#include <stdexcept>
#include <string>

namespace pm::store {

enum class DbErrorKind {
  kBusy,            // another writer holds the lock (SQLite BUSY/LOCKED); retried by Write
  kRetryable,       // the engine aborted the transaction to keep it serializable
                    // (PostgreSQL serialization failure, deadlock); retried by Write
  kUnique,          // a UNIQUE or PRIMARY KEY constraint refused the row
  kCheck,           // a CHECK constraint refused a value
  kNotNull,         // a NOT NULL column got null
  kForeignKey,      // a FOREIGN KEY constraint refused the change
  kQuery,           // the SQL (or a full-text query inside it) does not compile or run
  kFull,            // no room left: the disk, or a size limit the store was opened with
  kReadOnly,        // the file or connection cannot be written
  kCorrupt,         // the database is damaged or is not a database
  kCannotOpen,      // the database cannot be opened or reached
  kPermission,      // the engine refused access (file permissions, role privileges)
  kConnectionLost,  // the connection broke mid-way (network database)
  kIo,              // an I/O error below the engine
  kNoMemory,
  kOther,
};

class DbError : public std::runtime_error {
 public:
  // `engine_code`: SQLite's extended result code, or 0; `sql_state`: the
  // PostgreSQL SQLSTATE, or empty.
  DbError(DbErrorKind kind, const std::string& message, int engine_code = 0,
          std::string sql_state = {})
      : std::runtime_error(message),
        kind_(kind),
        engine_code_(engine_code),
        sql_state_(std::move(sql_state)) {}

  DbErrorKind kind() const { return kind_; }
  int engine_code() const { return engine_code_; }
  const std::string& sql_state() const { return sql_state_; }
  bool retryable() const { return kind_ == DbErrorKind::kBusy || kind_ == DbErrorKind::kRetryable; }
  bool constraint() const {
    return kind_ == DbErrorKind::kUnique || kind_ == DbErrorKind::kCheck ||
           kind_ == DbErrorKind::kNotNull || kind_ == DbErrorKind::kForeignKey;
  }

 private:
  DbErrorKind kind_;
  int engine_code_;
  std::string sql_state_;
};

}  // namespace pm::store
