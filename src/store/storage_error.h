// StorageError is a failure of the database itself — full, locked by another
// process past the busy timeout, read-only, damaged, not openable — carrying a
// message fit to show a person or an agent. Every DbError kind that means "the
// storage failed" is mapped to its message here, in one place; the caller
// decides how to report it (an isError tool result in MCP, a message and exit
// code 1 on the command line).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "store/db/db_error.h"

namespace pm::store {

// What a message needs to name the limit that was hit.
struct StorageContext {
  std::string path;
  int busy_timeout_ms = 0;
  int64_t max_db_bytes = 0;  // 0: no limit set
};

class StorageError : public std::runtime_error {
 public:
  StorageError(DbErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  // What failed: kFull, kBusy, kReadOnly, kCorrupt, ...
  DbErrorKind kind() const { return kind_; }

 private:
  DbErrorKind kind_;
};

// The message for a database failure, or nullopt when it is not a storage
// failure (a constraint, a query error: a bug, not the disk).
std::optional<std::string> DescribeStorageFailure(const DbError& error,
                                                  const StorageContext& context);

// `e` as a StorageError when it is one or is a DbError of a storage kind;
// nullopt otherwise. Never throws.
std::optional<StorageError> AsStorageError(const std::exception& e,
                                           const StorageContext& context) noexcept;

// For a DbError from a CHECK, NOT NULL or UNIQUE constraint — a value
// the schema refuses that no earlier check caught (a name too long, a
// duplicate) — a message for the caller; nullopt for anything else. The
// statement failed and its transaction rolled back, so nothing was written.
std::optional<std::string> DescribeRefusedValue(const std::exception& e) noexcept;

// "64 MiB", "1.5 GiB", "4096 bytes".
std::string FormatBytes(int64_t bytes);

// Parses "64MiB", "10 MB", "1g", "4096" into bytes. Throws std::invalid_argument.
int64_t ParseByteSize(const std::string& text);

}  // namespace pm::store
