#include "store/resource_rows.h"

namespace pm::store {

std::vector<json> ResourceRows(Database& db, int64_t offset, int limit) {
  // Every branch reads its table by primary key or workspace index; the
  // outer sort is over the union, which is as large as what it lists.
  static const TableShape kRows{"", {}, {}};
  return Query(
      db, kRows,
      "SELECT kind, id, workspace_id, workspace_code, key, title, detail FROM ("
      " SELECT 0 AS rank, 'workspace' AS kind, w.id, w.id AS workspace_id, w.code AS "
      " workspace_code, w.code AS key, w.name AS title, w.description AS detail FROM workspaces w"
      " UNION ALL SELECT 1, 'plan', p.id, p.workspace_id, w.code, p.code, p.title, p.status"
      " FROM plans p JOIN workspaces w ON w.id = p.workspace_id"
      " UNION ALL SELECT 2, 'knowledge', k.id, k.workspace_id, w.code, k.slug, k.title, k.category"
      " FROM knowledge k JOIN workspaces w ON w.id = k.workspace_id"
      " UNION ALL SELECT 3, 'research', r.id, r.workspace_id, w.code, r.name, r.name,"
      " (SELECT code FROM plans WHERE id = r.plan_id)"
      " FROM research_documents r JOIN workspaces w ON w.id = r.workspace_id"
      ") AS r ORDER BY workspace_id, rank, id LIMIT ? OFFSET ?",
      {limit, offset});
}

}  // namespace pm::store
