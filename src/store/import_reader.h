// ImportExport reads a file in the export format (export_format.h, which also
// states the import rules) into the database, in one write transaction: either
// every line is applied or, on the first refusal, nothing is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/export_format.h"

namespace pm::store {

struct ImportCounts {
  int64_t inserted = 0, updated = 0, unchanged = 0;
  int64_t skipped = 0;  // program links to a workspace this database does not hold
};

struct ImportSummary {
  int schema_version = 0;                // of the file
  std::optional<std::string> workspace;  // the file's workspace code, if limited to one
  std::optional<std::string> since;
  std::vector<std::pair<std::string, ImportCounts>> tables;  // tables with rows, file order
  int64_t rows = 0;
  int64_t tombstones_applied = 0;  // rows deleted
  int64_t tombstones_absent = 0;   // already gone
  int64_t lines = 0;
};

// Applies `content` (the whole file). Throws UserError naming the line for a
// malformed file or a refused row; the database is then unchanged.
// `progress` gets bytes applied of content.size().
ImportSummary ImportExport(Database& db, std::string_view content,
                           const TransferProgress& progress = {});

}  // namespace pm::store
