// The Markdown export of plans, which memory_plan action "markdown" and the
// `project-memory markdown` command both answer with: one plan (whole, or with
// `pending` only its unfinished steps), or, without a plan, every plan of the
// workspace (with `pending`, every unfinished step grouped by plan).
#pragma once

#include <optional>
#include <string>

#include "store/database.h"
#include "store/workspace_repository.h"

namespace pm::app {

// REQUIRES: `plan_id`, when given, is a plan of `ws` (live or archived).
std::string ExportPlansMarkdown(store::Database& db, const store::Workspace& ws,
                                std::optional<int64_t> plan_id, bool pending);

}  // namespace pm::app
