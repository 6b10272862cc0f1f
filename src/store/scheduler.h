// Scheduler answers "what can be done now, and by whom", in the shape the
// scheduling actions need: the best next task (claimed or not), status moves
// with what became ready, seed 004's "mark done and get next", claims,
// releases and heartbeats. It composes the three parts of scheduling:
// ReadyQuery (the SQL: which steps are ready, best first), Readiness (why a
// step or a question waits, in words) and StepLifecycle (the one place a
// step's status moves, with its rules).
//
// Every change runs in one write transaction (Database::Write) that first
// returns expired leases of the workspace to pending; a claim never hands one
// step to two holders, across processes (see step_lifecycle.h). Refusals a
// caller can act on throw UserError. Not thread-safe (one Database per thread).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"
#include "store/plan.h"
#include "store/readiness.h"
#include "store/ready_query.h"
#include "store/step.h"
#include "store/step_lifecycle.h"

namespace pm::store {

// A step with what an agent needs to do it.
struct TaskView {
  struct Plan {
    int64_t id = 0;
    std::string code, title;
    std::optional<std::string> goal;
    std::string priority, status;
    std::optional<PlanTrack> track;  // none when the plan is on no track
  };
  struct Phase {
    int64_t id = 0;
    std::string name;
    int64_t order_index = 0;
  };
  struct Requirement {
    std::string code, text;
  };
  struct Note {
    std::string kind, text;
  };

  Step task;
  std::optional<Plan> plan;
  std::optional<Phase> phase;
  std::vector<Requirement> requirements;  // the plan's open acceptance criteria
  std::vector<Note> notes;                // the plan's latest instruction and warning notes
};
// The task as an agent reads it (structuredContent of every tool that answers
// with a task): {"task": step without empty fields, workspace_id and updated_at,
//  "plan": {id, code, title, goal, priority, status, track: {id, name, color}
//  or null} or null, "phase": {id, name, order_index} or null,
//  "requirements": [{code, text}] and "notes": [{kind, text}] when not empty}
nlohmann::json ToJson(const TaskView& view);

// The answer to "what next?".
struct NextTask {
  std::optional<TaskView> task;  // the best ready step, or none
  bool claimed = false;
  std::vector<std::string> expired;           // codes whose lease ran out on the way
  std::optional<NothingReady> nothing_ready;  // why there is none
};

// A status move done.
struct StatusUpdate {
  TaskView task;  // after the move
  std::string previous_status;
  std::vector<StepSummary> became_ready;
  int64_t plan_open_steps = 0;
};

// Seed 004's markCurrentDoneAndGetNext done.
struct DoneAndNext {
  struct Completed {
    int64_t id = 0;
    std::string code, task, status;
    std::optional<std::string> completed_at, completed_by;
  };
  std::optional<Completed> completed;  // the caller's step just completed, if any
  std::optional<TaskView> task;        // the step claimed next, if any
  std::vector<StepSummary> became_ready;
  std::vector<std::string> expired;
  std::optional<NothingReady> nothing_ready;
};
// {"id", "code", "task", "status", "completed_at", "completed_by"}
nlohmann::json ToJson(const DoneAndNext::Completed& step);

struct ClaimResult {
  TaskView task;
  bool renewed = false;  // the caller held it already; its lease was renewed
};

// The results as the tools answer them, each the task's object with more
// members: get_next_task adds "claimed" (and "expired_leases" when leases ran
// out), or is {"task": null, "nothing_ready"}; update_task_status adds
// "previous_status", "became_ready" and "plan_open_steps"; memory_steps next
// adds "completed" and "became_ready" (or is {"completed", "task": null,
// "nothing_ready", "became_ready"}); a claim adds "renewed": true when the
// caller held the step already.
nlohmann::json ToJson(const NextTask& next);
nlohmann::json ToJson(const StatusUpdate& update);
nlohmann::json ToJson(const DoneAndNext& next);
nlohmann::json ToJson(const ClaimResult& claim);

class Scheduler {
 public:
  explicit Scheduler(Database& db) : db_(db) {}

  // Ready steps, best first, at most `limit`.
  std::vector<StepSummary> Ready(const TaskFilter& filter, int limit);
  // Pending steps that are not ready, in the same order, each with what it waits on.
  std::vector<WaitingStep> Waiting(const TaskFilter& filter, int limit);

  // The best ready step; with `claim`, atomically claimed for `actor` for
  // `lease_seconds` (after returning expired leases of the workspace).
  NextTask GetNextTask(const TaskFilter& filter, bool claim, int lease_seconds, const Actor& actor);

  // Moves a step to change.status (see StepLifecycle::Move).
  StatusUpdate UpdateTaskStatus(int64_t step_id, const StatusChange& change, const Actor& actor);

  // Seed 004's markCurrentDoneAndGetNext, in ONE transaction: completes the
  // caller's in_progress step of the plan (`current`, or the only one the
  // caller holds there; none is fine) and claims the plan's next ready step.
  // If anything fails, nothing changes.
  DoneAndNext Next(int64_t plan_id, std::optional<int64_t> current,
                   const std::string& completion_notes, int lease_seconds, const Actor& actor);

  // Claims one step (it must be ready, or already held by the caller, whose
  // lease is then renewed).
  ClaimResult Claim(int64_t step_id, int lease_seconds, const Actor& actor);
  // Returns a claimed step to pending; another holder's live claim needs force.
  StatusUpdate Release(int64_t step_id, bool force, const Actor& actor);
  // Extends the caller's lease on an in_progress step to now + lease_seconds.
  TaskView Heartbeat(int64_t step_id, int lease_seconds, const Actor& actor);

  // The step with its plan, phase, open requirements and notes; nullopt when
  // the step does not exist.
  std::optional<TaskView> View(int64_t step_id);

 private:
  std::optional<int64_t> PickAndClaim(const TaskFilter& filter, int lease_seconds,
                                      const Actor& actor);

  Database& db_;
};

}  // namespace pm::store
