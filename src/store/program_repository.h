// ProgramRepository owns programs (seed 004): containers of related plans, with
// a PG-code, owned by one workspace and visible from other workspaces they are
// linked to (program_workspace_links).
//
// Visibility: a workspace sees its own programs (by id or PG-code) and the
// programs linked to it (by id; their PG-codes belong to the owner). Plans are
// only ever changed in the caller's workspace, so another workspace's plans can
// join a program linked to it. Programs themselves (links, upgrades) change
// only in their owner workspace.
//
// Every change runs in one write transaction with its update_log entries
// ("program", "plan", and "phase"/"step" for work moved by Upgrade). Refusals a
// caller can fix throw pm::UserError. Programs are typed rows (program.h); plans
// travel as the typed PlanSummary rows of plan_summaries.h.
#pragma once

#include <optional>
#include <vector>

#include "store/actor.h"
#include "store/plan.h"
#include "store/program.h"
#include "store/row_json.h"

namespace pm::store {

struct ProgramPage {
  std::vector<Program> items;
  std::optional<int64_t> next_after_id;
};

struct UpgradeResult {
  Program program;
  PlanSummary original_plan;  // stays in place with its requirements and notes
  PlanSummary child_plan;     // now holds every phase and step
  std::vector<int64_t> moved_phase_ids, moved_step_ids;
};

class ProgramRepository {
 public:
  explicit ProgramRepository(Database& db) : db_(db) {}

  // Allocates the PG-code. REQUIRES: title is not blank.
  Program Create(int64_t workspace_id, const std::string& title,
                 const std::optional<std::string>& description,
                 const std::optional<std::string>& goal, const Actor& actor);

  // An own program by id, digits or PG-code, else a program linked to the
  // workspace by id.
  std::optional<Program> Find(int64_t workspace_id, const json& ref);

  // Own and linked programs with id > after_id, by id.
  ProgramPage List(int64_t workspace_id, int limit, int64_t after_id);

  // Plan summaries of the program, from every workspace (the program spans them).
  std::vector<PlanSummary> Plans(int64_t program_id);
  // Workspaces the program is linked to, by id.
  std::vector<ProgramLink> Links(int64_t program_id);

  // Puts plan `plan_id` of the workspace into program `program_id` (own or
  // linked), or takes it out again. A plan belongs to at most one program.
  PlanSummary AddPlan(int64_t workspace_id, int64_t program_id, int64_t plan_id,
                      const Actor& actor);
  PlanSummary RemovePlan(int64_t workspace_id, int64_t program_id, int64_t plan_id,
                         const Actor& actor);

  // Links an own program to workspace `target_id` so it is visible there, or
  // removes that link (`link` false). Returns the program's links after.
  std::vector<ProgramLink> Link(int64_t workspace_id, int64_t program_id, int64_t target_id,
                                bool link, const Actor& actor);

  // Turns a plan that has outgrown itself into a program, in one transaction:
  // a program from the plan's title, description and goal; a child plan
  // "<title> (part 1)" in it, copying category, priority, status, tags and
  // track; every phase and step of the plan moved to the child (rows updated in
  // place, ids kept, so readiness is unchanged); and the original plan put into
  // the program too, keeping its code, requirements and notes.
  UpgradeResult Upgrade(int64_t workspace_id, int64_t plan_id, const Actor& actor);

 private:
  Plan RequirePlan(int64_t workspace_id, int64_t plan_id);
  Program RequireVisible(int64_t workspace_id, int64_t program_id);
  // Programs visible from the workspace (own and linked) that match `where`,
  // which may use ?2 and later (bound from `more`).
  std::vector<Program> Visible(int64_t workspace_id, const std::string& where,
                               const std::vector<SqlValue>& more);
  PlanSummary SetProgram(int64_t workspace_id, int64_t plan_id, std::optional<int64_t> program_id,
                         const Actor& actor);
  void MoveRows(const TableShape& shape, const std::string& kind, int64_t workspace_id,
                int64_t from_plan, int64_t to_plan, std::vector<int64_t>* moved,
                const Actor& actor);

  Database& db_;
};

}  // namespace pm::store
