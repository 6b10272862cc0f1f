#include "store/export_tables.h"

namespace pm::store {

namespace {

ExportTable Own(std::string name, std::string since_column) {
  ExportTable t;
  t.name = std::move(name);
  t.key = {"id"};
  t.workspace_column = "workspace_id";
  if (!since_column.empty()) t.since_where = since_column + " > ?";
  return t;
}

ExportTable OfPlan(std::string name, std::string since_column) {
  ExportTable t;
  t.name = std::move(name);
  t.key = {"id"};
  t.parent_column = "plan_id";
  t.parent_table = "plans";
  t.parent_key = "id";
  t.since_where = since_column + " > ?";
  return t;
}

std::vector<ExportTable> MakeTables() {
  std::vector<ExportTable> tables;
  ExportTable workspaces = Own("workspaces", "updated_at");
  workspaces.workspace_column = "id";
  tables.push_back(workspaces);

  // Code counters have no time; a --since export carries them all (one row per
  // prefix), so codes allocated later never collide.
  ExportTable counters = Own("code_counters", "");
  counters.key = {"workspace_id", "prefix"};
  tables.push_back(counters);

  tables.push_back(Own("tracks", "updated_at"));
  tables.push_back(Own("programs", "updated_at"));

  ExportTable links;
  links.name = "program_workspace_links";
  links.key = {"program_id", "workspace_id"};
  links.parent_column = "program_id";
  links.parent_table = "programs";
  links.parent_key = "id";
  links.since_where = "created_at > ?";
  tables.push_back(links);

  tables.push_back(Own("plans", "updated_at"));
  tables.push_back(OfPlan("phases", "updated_at"));
  tables.push_back(Own("steps", "updated_at"));
  tables.push_back(OfPlan("plan_notes", "created_at"));
  tables.push_back(Own("requirements", "updated_at"));
  tables.push_back(Own("dependencies", "created_at"));
  tables.push_back(Own("feedback", "updated_at"));
  tables.push_back(Own("git_links", "created_at"));
  tables.push_back(Own("context_items", "updated_at"));
  tables.push_back(Own("research_documents", "updated_at"));
  tables.push_back(Own("knowledge", "updated_at"));
  tables.push_back(Own("workspace_sections", "updated_at"));
  tables.push_back(Own("sessions", "updated_at"));
  tables.push_back(OfPlan("lineage", "created_at"));
  tables.push_back(Own("agent_definitions", "updated_at"));
  tables.push_back(Own("instruction_files", "updated_at"));
  tables.push_back(Own("skill_definitions", "updated_at"));
  tables.push_back(Own("build_scripts", "updated_at"));

  ExportTable archives = Own("plan_archives", "archived_at");
  archives.key = {"plan_id"};
  tables.push_back(archives);

  // Archived rows never change; they are written with their archive.
  ExportTable archived;
  archived.name = "archived_rows";
  archived.key = {"plan_id", "table_name", "row_id"};
  archived.parent_column = "plan_id";
  archived.parent_table = "plan_archives";
  archived.parent_key = "plan_id";
  archived.since_where = "plan_id IN (SELECT plan_id FROM plan_archives WHERE archived_at > ?)";
  tables.push_back(archived);

  tables.push_back(Own("update_log", "created_at"));
  tables.push_back(Own("event_log", "created_at"));
  return tables;
}

}  // namespace

std::string ExportTable::ScopeWhere() const {
  if (!workspace_column.empty()) return workspace_column + " = ?";
  return parent_column + " IN (SELECT " + parent_key + " FROM " + parent_table +
         " WHERE workspace_id = ?)";
}

std::string ExportTable::WorkspaceExpr(const std::string& alias) const {
  const std::string prefix = alias.empty() ? "" : alias + ".";
  if (!workspace_column.empty()) return prefix + workspace_column;
  return "(SELECT workspace_id FROM " + parent_table + " WHERE " + parent_key + " = " + prefix +
         parent_column + ")";
}

std::string ExportTable::KeyWhere() const {
  std::string where;
  for (const auto& column : key) where += (where.empty() ? "" : " AND ") + column + " = ?";
  return where;
}

const std::vector<ExportTable>& ExportTables() {
  static const std::vector<ExportTable> tables = MakeTables();
  return tables;
}

const ExportTable* FindExportTable(const std::string& name) {
  for (const auto& t : ExportTables()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const std::vector<std::string>& NotExportedTables() {
  static const std::vector<std::string> tables = {
      "_migrations",  "sqlite_sequence",    "meta",       "tools",
      "tool_actions", "tool_action_params", "tombstones", "http_tokens"};
  return tables;
}

}  // namespace pm::store
