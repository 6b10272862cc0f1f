// The project-memory export format (JSONL), written by WriteExport
// (export_writer.h) and read by ImportExport (import_reader.h).
//
// One JSON object per line, UTF-8, "\n" after every line:
//
//   {"format":"project-memory-export","version":1,"schema_version":8,"workspace":null,
//    "since":null,"workspaces":[{"id":1,"uid":"9f2c..."}]}            (one line)
//   {"tombstone":"steps","key":[41],"workspace_id":1,"deleted_at":"2026-12-01T10:00:00.000Z"}
//   {"table":"workspaces","row":{"id":1,"uid":"9f2c...","code":"shop",...}}
//   {"table":"plans","row":{"id":3,"workspace_id":1,"code":"P3","tags":"[\"api\"]",...}}
//   {"end":true,"rows":1204,"tombstones":1}
//
// - Header (line 1): format name and version (this file is version 1), the
//   schema version (highest migration) of the database it came from, the
//   workspace it is limited to ({"id","uid","code"}, or null for the whole
//   store), the --since time (or null for a full export), and the id and uid
//   of every workspace in its scope (a deleted workspace's tombstone carries
//   its uid). A file whose
//   schema version is newer than the importing database's is refused; an older
//   one is read, its missing columns taking their defaults.
// - Tombstones (only with --since; before the rows): a row of `tombstone`'s
//   table with primary key `key` (values in key order) was deleted after
//   `since`. Deletions of rows that exist again (an archived plan restored)
//   are left out.
// - Rows: every column of the row in table order, values as SQLite holds them
//   (INTEGER and REAL as numbers, TEXT as strings — JSON columns stay the
//   exact text stored — NULL as null). Tables in the order of ExportTables()
//   (parents first), rows by primary key. A full export holds every row of the
//   scope; --since only rows whose updated_at (created_at for rows never
//   updated; archived_at for archives) is after the time, and rows restored
//   from the archive after it. There is no export
//   time in the file: the same data always gives the same bytes.
// - End line: counts of row and tombstone lines; a file without it (cut short)
//   is refused.
//
// Import rules (all in one transaction: on any refusal nothing is written):
// - Rows keep their ids. A row whose key is absent is inserted; a present row
//   of the same workspace is updated to the file's values (a row already equal
//   is left untouched, so importing the same file twice changes nothing).
//   Rows of the database that the file does not mention are kept: only
//   tombstones delete.
// - Workspaces are matched by id and uid together (the header lists them, so
//   this holds for --since files without workspace rows): a database
//   workspace with the file's id but another uid, or the file's uid under
//   another id, is an unrelated project, and the import is refused. Any other row whose id is
//   held by a row of another workspace is refused the same way, naming both.
// - A tombstone deletes its row when present (with its dependents, by the
//   usual cascades) and is a no-op when absent; a row of another workspace is
//   refused as above.
// - A program's link to a workspace the database does not hold (a workspace
//   export carries its programs' links to other workspaces) is skipped and
//   counted as skipped.
// - A row that breaks a constraint (a code or name already taken by a row with
//   another id) or references a row that is neither in the file nor in the
//   database (a plan of a program of a workspace not imported) is refused with
//   its line number and the constraint.
// - A malformed line (not JSON, unknown table or column, missing key) is
//   refused with its line number.
#pragma once

#include <cstdint>
#include <functional>

namespace pm::store {

inline constexpr const char* kExportFormatName = "project-memory-export";
inline constexpr int kExportFormatVersion = 1;

// Reports `done` of `total` units of work (rows written, bytes read); total is
// 0 when unknown. Called every few hundred units and once at the end.
using TransferProgress = std::function<void(int64_t done, int64_t total)>;

}  // namespace pm::store
