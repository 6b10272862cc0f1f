#include "store/storage_error.h"
#include "common/text.h"

#include <cctype>
#include <cmath>

namespace pm::store {

std::string FormatBytes(int64_t bytes) {
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  // One decimal, dropped when it is zero: "512 MiB", "1.5 GiB".
  const int64_t tenths = std::llround(value * 10);
  std::string text = std::to_string(tenths / 10);
  if (tenths % 10 != 0) text += "." + std::to_string(tenths % 10);
  return text + " " + kUnits[unit];
}

int64_t ParseByteSize(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t digits = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == digits || i - digits > 15) {
    throw std::invalid_argument(
        "size must be a number of bytes, optionally with a unit (KiB, "
        "MiB, GiB), got \"" +
        text + "\"");
  }
  int64_t number = std::stoll(text.substr(digits, i - digits));
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  const std::string unit = AsciiLower(text.substr(i));
  int64_t scale = 0;
  if (unit.empty() || unit == "b")
    scale = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    scale = int64_t{1} << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    scale = int64_t{1} << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    scale = int64_t{1} << 30;
  else if (unit == "t" || unit == "tb" || unit == "tib")
    scale = int64_t{1} << 40;
  if (scale == 0) {
    throw std::invalid_argument("unknown size unit \"" + unit + "\" in \"" + text +
                                "\" (use KiB, MiB or GiB)");
  }
  if (number > (int64_t{1} << 52) / scale) throw std::invalid_argument("size too large: " + text);
  return number * scale;
}

std::optional<std::string> DescribeStorageFailure(const DbError& error,
                                                  const StorageContext& context) {
  const std::string where = context.path.empty() ? std::string() : " (" + context.path + ")";
  const std::string detail = error.what();
  switch (error.kind()) {
    case DbErrorKind::kFull:
      if (context.max_db_bytes > 0) {
        return "database is full (max size " + FormatBytes(context.max_db_bytes) +
               ", set by --max-db-size or PROJECT_MEMORY_MAX_DB_SIZE); nothing was written. "
               "Raise the limit, archive or delete old plans, or free disk space" +
               where;
      }
      return "database is full: the disk or file system has no room left; nothing was "
             "written. Free disk space and retry" +
             where;
    case DbErrorKind::kBusy:
    case DbErrorKind::kRetryable:
      return "database is locked by another process (waited " +
             std::to_string(context.busy_timeout_ms) +
             " ms, set by --busy-timeout or PROJECT_MEMORY_BUSY_TIMEOUT); nothing was "
             "written. Retry, or find the process holding a long write transaction" +
             where;
    case DbErrorKind::kReadOnly:
      return "database file is read-only: cannot write to " +
             (context.path.empty() ? std::string("it") : context.path) +
             " or its directory (check permissions, or point --db at a writable file); "
             "nothing was written";
    case DbErrorKind::kCorrupt:
      return "database file is damaged: " + detail + where +
             ". Restore it from a backup (one is kept before each migration as "
             "<db>.schema-*.bak) or move it aside to start fresh";
    case DbErrorKind::kCannotOpen:
      return "cannot open the database file" + where + ": " + detail +
             " (does its directory exist and is it writable?)";
    case DbErrorKind::kIo:
      return "disk I/O error on the database file" + where + ": " + detail;
    case DbErrorKind::kPermission:
      return "permission denied on the database file" + where + ": " + detail;
    case DbErrorKind::kNoMemory:
      return "out of memory while using the database" + where;
    case DbErrorKind::kConnectionLost:
      return "the connection to the database was lost" + where + ": " + detail +
             "; the change was not committed. Retry when the server is reachable";
    default:
      return std::nullopt;
  }
}

std::optional<StorageError> AsStorageError(const std::exception& e,
                                           const StorageContext& context) noexcept {
  try {
    if (const auto* storage = dynamic_cast<const StorageError*>(&e)) return *storage;
    if (const auto* db = dynamic_cast<const DbError*>(&e)) {
      if (auto message = DescribeStorageFailure(*db, context)) {
        return StorageError(db->kind(), *message);
      }
    }
  } catch (...) {
  }
  return std::nullopt;
}

std::optional<std::string> DescribeRefusedValue(const std::exception& e) noexcept {
  try {
    const auto* db = dynamic_cast<const DbError*>(&e);
    if (!db) return std::nullopt;
    switch (db->kind()) {
      case DbErrorKind::kCheck:
      case DbErrorKind::kNotNull:
        return std::string("a value was refused (empty, too long or out of range): ") + db->what() +
               "; nothing was written";
      case DbErrorKind::kUnique:
        return std::string("that already exists: ") + db->what() + "; nothing was written";
      default:
        return std::nullopt;
    }
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace pm::store
