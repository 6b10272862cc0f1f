// Finds a workspace-scoped row (plan, step, requirement, feedback, program) by
// the reference a caller gives: an integer id, its digits as a string, or its
// short code ("P12", case-insensitive prefix). Rows of other workspaces are
// never found.
#pragma once

#include <optional>
#include <string>

#include "store/row_json.h"

namespace pm::store {

// The id a reference spells directly: an integer, or a string of digits.
std::optional<int64_t> RefAsId(const json& ref);

// REQUIRES: shape.table has columns id, workspace_id and code.
std::optional<json> FindByRef(Database& db, const TableShape& shape, int64_t workspace_id,
                              const json& ref, const std::string& code_prefix);

// The id of the row FindByRef finds, read alone (one indexed lookup, no row
// built), or none.
std::optional<int64_t> FindIdByRef(Database& db, const TableShape& shape, int64_t workspace_id,
                                   const json& ref, const std::string& code_prefix);

}  // namespace pm::store
