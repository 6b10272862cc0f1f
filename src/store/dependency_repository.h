// DependencyRepository owns the edges of the scheduling DAG: "source depends on
// target", between any two of plan, phase and step of one workspace, of kind
// blocks (the source waits until the target is complete) or informs.
//
// A target is complete when it is a completed step, a phase whose steps are all
// completed or cancelled, or a completed plan. A step inherits the blockers of
// its phase and its plan, and waits for every earlier phase of its plan; the
// cycle check follows those implied edges too, so an edge that would deadlock
// through containment ("T3 depends on its own plan P2") is refused like an
// explicit cycle, and named: "T3 → P2 → T3".
//
// Edges are typed rows (dependency.h). Every change runs in one write
// transaction with its update_log row; refusals a caller can fix throw
// UserError.
#pragma once

#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"
#include "store/dependency.h"
#include "store/row_json.h"
#include "store/work_item.h"

namespace pm::store {

// SQL expression: does phase `phase` (an SQL expression) have an open step
// (pending, in_progress or blocked)? One EXISTS per status, so each is one seek
// in idx_steps_phase_status; `status IN (...)` would instead build a temporary
// table of the three values every time the statement runs. A macro of literals
// so the expressions below join at compile time.
#define PM_OPEN_STEP_IN_PHASE_SQL(alias, phase)                                               \
  "(EXISTS (SELECT 1 FROM steps AS " alias " WHERE " alias ".phase_id = " phase " AND " alias \
  ".status = 'pending') OR EXISTS (SELECT 1 FROM steps AS " alias " WHERE " alias             \
  ".phase_id = " phase " AND " alias                                                          \
  ".status = 'in_progress') OR EXISTS (SELECT 1 FROM steps AS " alias " WHERE " alias         \
  ".phase_id = " phase " AND " alias ".status = 'blocked'))"

// SQL expression, over a dependencies row aliased `d`: is its target complete?
// (A target that no longer exists counts as complete: it cannot be waited for.)
inline constexpr const char* kTargetCompleteSql =
    "(CASE d.target_kind"
    " WHEN 'step' THEN coalesce((SELECT t.status = 'completed' FROM steps AS t"
    "   WHERE t.id = d.target_id), TRUE)"
    " WHEN 'phase' THEN NOT (" PM_OPEN_STEP_IN_PHASE_SQL("t", "d.target_id") ")"
    " ELSE coalesce((SELECT t.status = 'completed' FROM plans AS t WHERE t.id = d.target_id), TRUE)"
    " END)";

class DependencyRepository {
 public:
  explicit DependencyRepository(Database& db) : db_(db) {}

  // Records "source depends on target" (kind "blocks" or "informs"). Returns
  // the edge and whether it is new: adding an edge that exists returns it
  // (changing its kind if another is given). Throws UserError for an item that
  // is not in the workspace, a self-edge, or an edge that would close a cycle.
  AddedDependency Add(int64_t workspace_id, const WorkItem& source, const WorkItem& target,
                      const std::string& kind, const Actor& actor);

  // Removes the edge and returns it; UserError when there is none.
  DependencyEdge Remove(int64_t workspace_id, const WorkItem& source, const WorkItem& target,
                        const Actor& actor);

  // What `item` depends on / what depends on `item`, as edges, oldest first.
  std::vector<DependencyEdge> DependenciesOf(const WorkItem& item);
  std::vector<DependencyEdge> DependentsOf(const WorkItem& item);

  // The blocking targets of `item` itself (not inherited) that are not complete.
  std::vector<DependencyEnd> UnmetBlockers(const WorkItem& item);

  // The cycle that "source depends on target" would close, as labels from the
  // source round to it again ("T3", "T7", "P2", "T3"); empty when there is none.
  // Breadth first from the target over outgoing edges with a visited set, so it
  // is linear in what it reaches and finds the shortest cycle.
  std::vector<std::string> CycleThrough(const WorkItem& source, const WorkItem& target);

  // "plan", "phase" or "step" status as shown in lists; a phase is "completed"
  // when all its steps are completed or cancelled, else "open".
  std::string StatusOf(const WorkItem& item);

 private:
  // The row with its ends' labels and statuses.
  DependencyEdge Edge(Dependency row);
  // Edges whose `end` ("source" or "target") is `item`, oldest first.
  std::vector<DependencyEdge> EdgesAt(const char* end, const WorkItem& item);
  std::optional<Dependency> FindEdge(const WorkItem& source, const WorkItem& target);
  void RequireInWorkspace(int64_t workspace_id, const WorkItem& item);

  Database& db_;
};

// "A → B → C" from labels.
std::string CycleText(const std::vector<std::string>& labels);

}  // namespace pm::store
