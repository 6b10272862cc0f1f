// Readiness explains why steps are not ready and why nothing is: the English
// half of the scheduler. A pending step waits on, outermost first, its plan's
// status, its plan's blockers, an earlier phase with open steps, its phase's
// blockers and its own (see ready_query.h for the rule).
//
// Reads only.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/ready_query.h"
#include "store/step.h"

namespace pm::store {

// One thing a pending step waits on.
struct WaitReason {
  std::string what;                   // plan_status | dependency | earlier_phase
  std::string label;                  // the plan, blocker or phase ("P3", "T7", "P3/Build")
  std::optional<std::string> status;  // plan_status, dependency: the status it has
  std::optional<std::string> via;     // dependency: whose blocker (a plan, phase or step)
  std::optional<int64_t> open_steps;  // earlier_phase: how many are still open
};

// "waits on P3 (draft), T7 (pending) via P3/Build"
std::string ReasonText(const std::vector<WaitReason>& waits);

// A pending step that is not ready, and why.
struct WaitingStep {
  std::string step;  // its code
  int64_t id = 0;
  std::string task;
  std::string plan;  // its plan's code
  std::vector<WaitReason> waits_on;
  std::string reason;  // ReasonText(waits_on)
};

// An in_progress step as "nothing ready" shows it: who holds it until when.
struct HeldStep {
  std::string code;
  Claim claim;
};

// Why a question found no ready step.
struct NothingReady {
  std::map<std::string, int64_t> counts;  // steps per status, only statuses that occur
  std::vector<HeldStep> claimed;          // the first five by lease end
  std::vector<WaitingStep> waiting;       // the first five
  std::string reason;                     // no_steps | all_done | waiting | all_claimed | blocked
  std::string message;                    // "Nothing ready: ..."
  std::optional<std::string> next_lease_expiry;
};

// {"what", "label"} with "status", "via" or "open_steps" where they apply.
nlohmann::json ToJson(const WaitReason& wait);
// {"step", "id", "task", "plan", "waits_on", "reason"}
nlohmann::json ToJson(const WaitingStep& step);
// {"counts", "claimed": [{code, holder_agent, holder_session, lease_expires_at}],
//  "waiting", "reason", "message"} and "next_lease_expiry" when known.
nlohmann::json ToJson(const NothingReady& nothing);

class Readiness {
 public:
  explicit Readiness(Database& db) : db_(db) {}

  // What keeps pending step `step_id` from being ready (empty: it is ready).
  std::vector<WaitReason> WaitsOn(int64_t step_id);
  // Pending steps that are not ready, in ready order, at most `limit`.
  std::vector<WaitingStep> Waiting(const TaskFilter& filter, int limit);
  // Why `filter` has no ready step, with counts and the first holders and waiters.
  NothingReady Explain(const TaskFilter& filter);

 private:
  std::vector<WaitReason> WaitsOn(const StepSummary& step, const std::string& plan_status);

  Database& db_;
};

}  // namespace pm::store
