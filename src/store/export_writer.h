// WriteExport writes the store, or one workspace, as JSONL in the format
// described in export_format.h. It reads inside one read transaction, so the
// file is a consistent snapshot while other processes keep writing.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/export_format.h"

namespace pm::store {

struct ExportOptions {
  std::optional<int64_t> workspace_id;  // empty: every workspace and the global logs
  std::optional<std::string> since;     // ISO time as stored; empty: a full export
};

struct ExportSummary {
  std::vector<std::pair<std::string, int64_t>> rows;  // per table with rows, export order
  int64_t total_rows = 0;
  int64_t tombstones = 0;
  int64_t bytes = 0;
};

// Throws UserError for a workspace that does not exist or a malformed --since
// time, std::runtime_error when `out` fails.
ExportSummary WriteExport(Database& db, const ExportOptions& options, std::ostream& out,
                          const TransferProgress& progress = {});

// `time` as stored (2026-12-01T10:00:00.000Z) from what a person types: a date,
// or a date and time with or without seconds, milliseconds and the Z (UTC is
// assumed). Throws UserError for anything else.
std::string NormalizeSinceTime(const std::string& time);

// The highest migration applied to `db` (0 for an empty database).
int SchemaVersion(Database& db);

}  // namespace pm::store
