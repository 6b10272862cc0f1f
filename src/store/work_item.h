// WorkItem names one plan, phase or step: the endpoints of dependencies and the
// nodes of the scheduling graph. Plans and steps are referred to by short code
// (P12, T51); phases have no code, so they are "P12/Design" (plan code and
// phase name) or "phase:7" (any kind can be given as kind:id).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.h"
#include "store/row_json.h"

namespace pm::store {

enum class WorkKind { kPlan, kPhase, kStep };

struct WorkItem {
  WorkKind kind = WorkKind::kStep;
  int64_t id = 0;

  friend bool operator==(const WorkItem&, const WorkItem&) = default;
};

// "plan", "phase", "step" — as stored in dependencies.*_kind.
const char* KindName(WorkKind kind);
std::optional<WorkKind> ParseKind(const std::string& name);

// Resolves a reference inside one workspace: "P12", "T51", "P12/Design",
// "plan:3", "phase:7", "step:9" (kinds and codes case-insensitive). nullopt
// when nothing in the workspace matches or the text is no such reference.
std::optional<WorkItem> FindWorkItem(Database& db, int64_t workspace_id, const std::string& ref);

// How messages name an item: its code, or "P12/Design" for a phase; "?" + id
// when it no longer exists.
std::string WorkItemLabel(Database& db, const WorkItem& item);

// The item's workspace, or nullopt when it does not exist (or is archived).
std::optional<int64_t> WorkItemWorkspace(Database& db, const WorkItem& item);

// A live track of the workspace by id (integer or digits) or name
// (case-insensitive); nullopt when none matches.
std::optional<int64_t> FindTrackId(Database& db, int64_t workspace_id, const json& ref);

}  // namespace pm::store
