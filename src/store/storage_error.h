// StorageError is a failure of the database file itself — full, locked by
// another process past the busy timeout, read-only, damaged, not openable —
// carrying a message fit to show a person or an agent. Every SQLite result
// code that means "the storage failed" is mapped to its message here, in one
// place; the caller decides how to report it (an isError tool result in MCP,
// a message and exit code 1 on the command line).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace pm::store {

// What a message needs to name the limit that was hit.
struct StorageContext {
  std::string path;
  int busy_timeout_ms = 0;
  int64_t max_db_bytes = 0;  // 0: no limit set
};

class StorageError : public std::runtime_error {
 public:
  StorageError(int sqlite_code, const std::string& message)
      : std::runtime_error(message), sqlite_code_(sqlite_code) {}
  // The primary SQLite result code (SQLITE_FULL, SQLITE_BUSY, ...).
  int sqlite_code() const { return sqlite_code_; }

 private:
  int sqlite_code_;
};

// The message for a SQLite failure with `extended_code`, or nullopt when the
// code is not a storage failure (a constraint, a misuse: a bug, not the disk).
std::optional<std::string> DescribeStorageFailure(int extended_code, const std::string& detail,
                                                  const StorageContext& context);

// `e` as a StorageError when it is one or is a SQLite exception with a storage
// code; nullopt otherwise. Never throws.
std::optional<StorageError> AsStorageError(const std::exception& e,
                                           const StorageContext& context) noexcept;

// For a SQLite exception from a CHECK, NOT NULL or UNIQUE constraint — a value
// the schema refuses that no earlier check caught (a name too long, a
// duplicate) — a message for the caller; nullopt for anything else. The
// statement failed and its transaction rolled back, so nothing was written.
std::optional<std::string> DescribeRefusedValue(const std::exception& e) noexcept;

// "64 MiB", "1.5 GiB", "4096 bytes".
std::string FormatBytes(int64_t bytes);

// Parses "64MiB", "10 MB", "1g", "4096" into bytes. Throws std::invalid_argument.
int64_t ParseByteSize(const std::string& text);

}  // namespace pm::store
