// Options every command shares: where the database is, how durable writes are,
// and where logs go.
#pragma once

#include <string>

#include "store/database.h"

namespace pm::cli {

struct GlobalOptions {
  std::string db;         // empty: PROJECT_MEMORY_DB, then the XDG default
  std::string durability = "normal";
  std::string log_level;  // empty: PROJECT_MEMORY_LOG, then "warn"
  std::string log_file;   // empty: stderr
};

}  // namespace pm::cli
