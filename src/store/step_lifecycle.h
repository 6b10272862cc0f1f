// StepLifecycle is the one place a step's status moves: every status change,
// claim, lease renewal, release and lease expiry — whichever tool, transport or
// command asked for it (update_task_status, memory_steps update and
// batch_update, get_next_task, memory_steps next/claim/release/heartbeat) —
// goes through here, with its side effects and its update_log row.
//
// The rules, in one place:
//  - a move must be legal by the step transition table (transitions.h);
//  - a step another holder holds under a live lease is only moved with force
//    ("same holder": the agent names match and, when both sides give a
//    session, the sessions match too);
//  - pending -> in_progress needs the step to be ready, unless forced;
//  - whoever starts a step holds it, under a fresh lease; leaving in_progress
//    clears the claim; completed sets completed_at and completed_by; a move
//    back to pending clears started_at, completed_at and completed_by; leaving
//    blocked clears the blocked reason;
//  - a claim is a conditional UPDATE ... WHERE status = 'pending' whose row
//    count is checked, so two connections can never both win a step;
//  - an expired lease returns its step to pending.
//
// REQUIRES for every method: a write transaction is open on the database
// (Database::Write); callers pick and check inside it. Refusals a caller can
// act on throw UserError and change nothing. Not thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"
#include "store/step.h"

namespace pm::store {

// A status move a caller asks for.
struct StatusChange {
  std::string status;                // pending | in_progress | blocked | completed | cancelled
  std::optional<std::string> notes;  // kept in history; the reason when blocked
  std::optional<std::string> completion_notes;  // kept on the step when completed
  bool force = false;  // override another holder's claim / start a step that is not ready
  int lease_seconds = kDefaultLeaseSeconds;  // when the change starts the step

  static constexpr int kDefaultLeaseSeconds = 900;
};

// What a move did besides moving the step.
struct MoveResult {
  std::string previous_status;
  std::vector<StepSummary> became_ready;  // steps this change made ready
  int64_t plan_open_steps = 0;            // pending, in_progress or blocked left in the plan
};

class StepLifecycle {
 public:
  explicit StepLifecycle(Database& db) : db_(db) {}

  // The step, or UserError when it no longer exists. Inside a write on
  // PostgreSQL its row is locked (FOR UPDATE) until the transaction ends, so a
  // claim made beside the write is waited for and then seen.
  Step Load(int64_t step_id);

  // Moves `before` to change.status with every rule and side effect above, and
  // sets `fields` (other step columns, already checked by the caller) in the
  // same change; logs one update_log row ("status", or "update" when the status
  // stays). Returns what became ready.
  // REQUIRES: `before` was read by Load (or as it locks) in this write.
  MoveResult Move(const Step& before, const StatusChange& change, const Actor& actor,
                  const nlohmann::json& fields = nlohmann::json::object());

  // Claims pending step `step_id` for `actor` until now + lease_seconds: the
  // statement of ClaimPicked with the step given. False when another writer got
  // there first. Logs "claim".
  bool Claim(int64_t step_id, int lease_seconds, const Actor& actor);

  // Claims the step `pick_sql` selects (a query of one id, `params` bound from
  // 1) in one statement, `UPDATE steps ... WHERE id = (pick_sql) RETURNING id`;
  // the PostgreSQL claim, whose pick locks the row FOR UPDATE SKIP LOCKED so a
  // step another transaction is claiming is passed over, never handed out
  // twice. Logs "claim"; the claimed id, or nullopt when the pick found none.
  std::optional<int64_t> ClaimPicked(const std::string& pick_sql,
                                     const std::vector<SqlValue>& params, int lease_seconds,
                                     const Actor& actor);

  // Extends `step`'s lease to now + lease_seconds, making `actor` its holder
  // when it had none; logs "heartbeat" when `log` (a renewal through claim is
  // not logged).
  void RenewLease(const Step& step, int lease_seconds, const Actor& actor, bool log);

  // Returns every in_progress step of the workspace whose lease ran out to
  // pending, logging "lease_expired"; returns their codes.
  std::vector<std::string> ExpireLeases(int64_t workspace_id, const Actor& actor);

  // The columns a step created in `status` starts with (timestamps,
  // completed_by), added to `values`.
  static void AddInitialStatusFields(const std::string& status, const std::string& now,
                                     const Actor& actor, nlohmann::json* values);

 private:
  // The step's plan, and every plan with something that waits on the step, its
  // phase or its plan.
  std::set<int64_t> AffectedPlans(const Step& step);
  // Logs the claim of `step_id`.
  void LogClaim(int64_t step_id, const Actor& actor);

  Database& db_;
};

// Whether `actor` is the claim's holder (true when nobody holds it).
bool SameHolder(const Claim& claim, const Actor& actor);
// "alice (session s1)", or "someone".
std::string HolderText(const Claim& claim);
// Whether the claim's lease is still running at `now`.
bool LeaseLive(const Claim& claim, const std::string& now);

}  // namespace pm::store
