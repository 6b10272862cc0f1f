// PlanRepository owns plans and what lives inside them: phases, notes,
// requirements (acceptance criteria), git links, progress counts and history.
// Steps' own actions live in StepRepository; this repository creates and moves
// steps only as part of whole-plan operations (templates, clone, phase delete).
//
// Plans, list rows, live plan views, phases and requirements are typed rows (plan.h,
// plan_summaries.h, plan_view.h, phase.h, requirement.h); notes, git links, history and an
// archived plan's view travel as JSON objects (see row_json.h and README.md). Every
// change runs in one write transaction with its update_log row. Refusals a caller can fix throw
// UserError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"
#include "store/phase.h"
#include "store/plan.h"
#include "store/plan_view.h"
#include "store/requirement.h"
#include "store/row_json.h"

namespace pm::store {

struct PlanListFilter {
  std::optional<std::string> status, category, tag;
  std::optional<int64_t> track_id, program_id;
  std::optional<int64_t> created_session_id;  // plans created in this session
  std::string sort = "priority";              // priority | created | updated | title
  int limit = 50;
  int64_t offset = 0;
  bool include_archived = false;
};

struct PlanPage {
  std::vector<PlanListItem> plans;
  std::optional<int64_t> next_offset;
};

class PlanRepository {
 public:
  explicit PlanRepository(Database& db) : db_(db) {}

  // `plan` holds the plan columns; `phases` is an array of {name, steps: [step
  // columns...]}; `requirements` an array of texts. Returns the new plan's id.
  int64_t Create(int64_t workspace_id, json plan, const json& phases, const json& requirements,
                 const Actor& actor);

  // The full view: plan with progress, phases with their steps, notes,
  // requirements and git links (ToJson of LiveView). Archived plans are read
  // from the archive, in the same shape with "archived": true.
  std::optional<json> View(int64_t plan_id);
  // The view of a live plan; nullopt when it does not exist or is archived.
  std::optional<PlanView> LiveView(int64_t plan_id);
  // REQUIRES: plan belongs to workspace (callers resolve refs first).
  PlanPage List(int64_t workspace_id, const PlanListFilter& filter);

  // The plan as it is after the change.
  Plan Update(int64_t plan_id, const json& patch, const Actor& actor);
  // Refuses (UserError) while the plan has steps, unless `confirm`.
  void Delete(int64_t plan_id, bool confirm, const Actor& actor);
  // A copy with new codes: phases, steps reset to pending, requirements unmet.
  int64_t Clone(int64_t plan_id, const std::string& title, const Actor& actor);

  json AddNote(int64_t plan_id, const std::string& kind, const std::string& text,
               const Actor& actor);
  Requirement AddRequirement(int64_t plan_id, const std::string& text, const Actor& actor);
  // `patch`: any of text, met, verification, as the caller sent them.
  Requirement UpdateRequirement(int64_t requirement_id, const json& patch, const Actor& actor);
  // Returns the requirement as it was.
  Requirement DeleteRequirement(int64_t requirement_id, const Actor& actor);

  Phase AddPhase(int64_t plan_id, const std::string& name, std::optional<int> index,
                 const Actor& actor);
  Phase RenamePhase(int64_t phase_id, const std::string& name, const Actor& actor);
  // `order` must list exactly the plan's phase ids.
  void ReorderPhases(int64_t plan_id, const std::vector<int64_t>& order, const Actor& actor);
  // Steps move to `move_to` (a phase of the same plan) or, when null, are
  // deleted — which needs `confirm` if there are any.
  DeletedPhase DeletePhase(int64_t phase_id, std::optional<int64_t> move_to, bool confirm,
                           const Actor& actor);

  // update_log rows of the plan and everything in it (or of one step), newest
  // first, ids below `before_id` (0: from the newest).
  std::vector<json> History(int64_t workspace_id, const std::string& entity_kind, int64_t entity_id,
                            int limit, int64_t before_id);

  std::optional<Phase> FindPhase(int64_t phase_id);

 private:
  PlanProgress ProgressOf(const std::string& where, int64_t id);
  void Renumber(const std::string& table, const std::string& parent_column, int64_t parent_id);
  int64_t InsertPhase(int64_t plan_id, const std::string& name, int order_index);

  Database& db_;
};

// Plan priorities, highest first, and their sort rank (critical = 0).
int PriorityRank(const std::string& priority);

}  // namespace pm::store
