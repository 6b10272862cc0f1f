// One-line summaries of an export or an import, as the memory_workspace actions
// and the CLI's export and import commands print them.
#pragma once

#include <string>

#include "store/export_writer.h"
#include "store/import_reader.h"

namespace pm::render {

// "1204 rows (workspaces 1, plans 3, ...), 2 tombstones"
std::string ExportSummaryText(const store::ExportSummary& summary);
// "1204 rows: 1000 inserted, 4 updated, 200 unchanged (plans 3 new, ...); 1 tombstone applied"
std::string ImportSummaryText(const store::ImportSummary& summary);

}  // namespace pm::render
