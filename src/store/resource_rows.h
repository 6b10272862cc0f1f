// The rows behind the MCP resources list: every workspace, and in each its
// live plans, knowledge entries and research documents, in one stable order
// (workspace id, then that kind order, then id) so offset pages never skip or
// repeat while nothing changes. Rows are small: enough to name a resource and
// build its URI, nothing of its content.
#pragma once

#include "store/row_json.h"

namespace pm::store {

// Up to `limit` rows from position `offset`, each {kind: "workspace" | "plan"
// | "knowledge" | "research", id, workspace_id, workspace_code, key (the
// workspace code, plan code, knowledge slug or research name), title, detail
// (workspace description, plan status, knowledge category, the research
// document's plan code; may be null)}.
std::vector<json> ResourceRows(Database& db, int64_t offset, int limit);

}  // namespace pm::store
