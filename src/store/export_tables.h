// The tables an export carries, in the order it writes them (parents before
// children, so an import inserts each row after the rows it references), and
// for each one how its rows are keyed, which workspace they belong to and when
// they last changed. export_writer and import_reader generate their SQL from
// this list; migrations/sqlite/0008_tombstones.sql has one delete trigger per entry.
//
// Not exported, by design: the tool catalog (tools, tool_actions,
// tool_action_params — seeded from catalog/*.json), meta (the catalog hash),
// the full-text indexes (*_fts and their shadow tables — rebuilt by triggers as
// rows arrive), _migrations and sqlite_sequence (bookkeeping of this file),
// tombstones themselves (an export --since carries them as tombstone lines), and
// http_tokens (secrets of this database's HTTP servers, not project data).
// tests/store/export_tables_test.cpp fails when a table is neither exported nor
// listed in kNotExported, or lacks its tombstone trigger.
#pragma once

#include <string>
#include <vector>

namespace pm::store {

struct ExportTable {
  std::string name;
  std::vector<std::string> key;  // primary key columns, in key order
  // The workspace a row belongs to: a column of the row holding the workspace
  // id (workspace_column), or else the row's reference (parent_column) to a
  // parent row (parent_table.parent_key) that has a workspace_id column.
  std::string workspace_column;
  std::string parent_column, parent_table, parent_key;
  // SQL condition (one `?`, the --since time) selecting rows changed after it;
  // empty: every row of the scope is exported by --since (small tables).
  std::string since_where;

  // "workspace_id = ?" or "plan_id IN (SELECT id FROM plans WHERE workspace_id = ?)".
  std::string ScopeWhere() const;
  // SQL expression, over the columns of a row of this table (optionally
  // qualified by `alias`), of the row's workspace id.
  std::string WorkspaceExpr(const std::string& alias = "") const;
  // "id = ?" or "workspace_id = ? AND prefix = ?".
  std::string KeyWhere() const;
};

// Every exported table, in export order.
const std::vector<ExportTable>& ExportTables();

// The table named `name`, or nullptr.
const ExportTable* FindExportTable(const std::string& name);

// Tables deliberately left out of exports (see above); FTS shadow tables are
// recognised by their virtual table's name instead.
const std::vector<std::string>& NotExportedTables();

}  // namespace pm::store
