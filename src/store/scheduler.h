// Scheduler answers "what can be done now, and by whom": the ready steps of a
// workspace, the best next one, and the status changes that move steps through
// their lifecycle — with claims that many server processes on one database file
// never hand out twice.
//
// A step is ready when it is pending, its plan is planned or active, every
// earlier phase of its plan is done, and every blocking dependency of the step,
// its phase and its plan is complete (see dependency_repository.h). Ready steps
// are ordered by plan priority (critical first), phase order, step order, then
// age.
//
// Claims: a claimed step is in_progress with a holder (agent and session) and a
// lease. Every claim runs in one BEGIN IMMEDIATE transaction (Database::Write)
// that first returns expired leases of the workspace to pending, then picks a
// step and moves it with a conditional UPDATE ... WHERE status = 'pending'
// whose row count is checked, so two processes can never both win a step. Each
// change writes its update_log row in the same transaction.
//
// "Same holder": the agent names match and, when both sides give a session, the
// sessions match too. A step held by someone else under a live lease is only
// completed, released or moved with force.
//
// Callers: get_next_task (NextTask), update_task_status (UpdateTaskStatus),
// memory_plan ready (Ready, Waiting) and memory_steps' next, claim, release
// and heartbeat actions (Next, Claim, Release, Heartbeat; tools/task_args.h
// reads their filter and holder arguments and renders a task).
//
// Results are JSON objects ready for structuredContent; refusals a caller can
// act on throw UserError. Not thread-safe (one Database per thread).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"
#include "store/row_json.h"

namespace pm::store {

// Which steps a question is about: a workspace, optionally narrowed.
struct TaskFilter {
  int64_t workspace_id = 0;
  std::optional<int64_t> plan_id, track_id, phase_id;
  std::optional<std::string> type;
};

struct StatusChange {
  std::string status;                // pending | in_progress | blocked | completed | cancelled
  std::optional<std::string> notes;  // kept in history; the reason when blocked
  std::optional<std::string> completion_notes;  // kept on the step when completed
  bool force = false;  // override another holder's claim / start a step that is not ready
  int lease_seconds = kDefaultLeaseSeconds;  // when the change starts the step

  static constexpr int kDefaultLeaseSeconds = 900;
};

class Scheduler {
 public:
  explicit Scheduler(Database& db) : db_(db) {}

  // Ready steps (summaries with plan and phase), best first, at most `limit`.
  std::vector<json> Ready(const TaskFilter& filter, int limit);
  // Pending steps that are not ready, in the same order, each with what it
  // waits on: {"step", "id", "task", "plan", "waits_on": [...], "reason": text}.
  std::vector<json> Waiting(const TaskFilter& filter, int limit);

  // The best ready step. Returns {"task": TaskView or null, "claimed": bool,
  // "expired": [codes whose lease ran out], "nothing_ready": explanation or
  // null}. With `claim`, atomically claims it for `actor` for `lease_seconds`.
  json NextTask(const TaskFilter& filter, bool claim, int lease_seconds, const Actor& actor);

  // Moves a step to change.status (transitions checked). Returns {"task":
  // TaskView, "previous_status", "became_ready": [summaries of steps that this
  // change made ready], "plan_open_steps": n}.
  json UpdateTaskStatus(int64_t step_id, const StatusChange& change, const Actor& actor);

  // Seed 004's markCurrentDoneAndGetNext, in ONE transaction: completes the
  // caller's in_progress step of the plan (`current`, or the only one the
  // caller holds there; none is fine) and claims the plan's next ready step.
  // Returns {"completed": summary or null, "task": TaskView or null,
  // "became_ready", "nothing_ready"}. If anything fails, nothing changes.
  json Next(int64_t plan_id, std::optional<int64_t> current, const std::string& completion_notes,
            int lease_seconds, const Actor& actor);

  // Claims one step (it must be ready, or already held by the caller, whose
  // lease is then renewed). Returns {"task": TaskView}.
  json Claim(int64_t step_id, int lease_seconds, const Actor& actor);
  // Returns a claimed step to pending; another holder's claim needs force.
  json Release(int64_t step_id, bool force, const Actor& actor);
  // Extends the caller's lease on an in_progress step to now + lease_seconds.
  json Heartbeat(int64_t step_id, int lease_seconds, const Actor& actor);

  // The step with what an agent needs to do it: {"task": step row, "plan":
  // {id, code, title, goal, priority, status}, "phase": {id, name, order_index},
  // "requirements": open acceptance criteria, "notes": the plan's instruction
  // and warning notes}. nullopt when the step does not exist.
  std::optional<json> TaskView(int64_t step_id);

  // Ids of the ready steps of these plans (of one workspace).
  std::set<int64_t> ReadyIds(int64_t workspace_id, const std::set<int64_t>& plan_ids);

 private:
  std::vector<json> ReadyRows(const TaskFilter& filter,
                              const std::optional<std::set<int64_t>>& plans, int limit);
  std::optional<int64_t> PickLocked(const TaskFilter& filter);
  std::optional<int64_t> PickAndClaimLocked(const TaskFilter& filter, int lease_seconds,
                                            const Actor& actor);
  std::vector<std::string> ExpireLeasesLocked(int64_t workspace_id, const Actor& actor);
  bool ClaimLocked(int64_t step_id, int lease_seconds, const Actor& actor, const char* action);
  json ApplyStatusLocked(const json& before, const StatusChange& change, const Actor& actor);
  // What keeps a pending step from being ready (empty: it is ready). WaitsOn
  // takes a summary row with plan_status, WaitsOnStep reads it.
  json WaitsOn(const json& step_row);
  json WaitsOnStep(int64_t step_id);
  json ExplainNothingReady(const TaskFilter& filter);
  std::set<int64_t> AffectedPlans(const json& step_row);
  json StepRow(int64_t step_id);
  std::string Now();

  Database& db_;
};

}  // namespace pm::store
