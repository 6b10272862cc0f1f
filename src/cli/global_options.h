// Options every command shares: where the database is, how durable writes are,
// how long to wait for another process's lock, how large the file may grow, and
// where logs go.
#pragma once

#include <string>

#include "store/database.h"

namespace pm::cli {

struct GlobalOptions {
  std::string db;  // empty: PROJECT_MEMORY_DB, then the XDG default
  std::string durability = "normal";
  std::string busy_timeout;  // milliseconds; empty: PROJECT_MEMORY_BUSY_TIMEOUT, then 5000
  std::string max_db_size;   // e.g. "512MiB"; empty: PROJECT_MEMORY_MAX_DB_SIZE, then no limit
  std::string log_level;     // empty: PROJECT_MEMORY_LOG, then "warn"
  std::string log_file;      // empty: stderr
};

}  // namespace pm::cli
