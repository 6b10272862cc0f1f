#include "store/step_lifecycle.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/clock.h"
#include "store/readiness.h"
#include "store/ready_query.h"
#include "store/row_json.h"
#include "store/transitions.h"

namespace pm::store {

namespace {

using nlohmann::json;

json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

// An actor's name or session as a column value: empty is NULL.
std::optional<std::string> NonEmpty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// The claim columns of a step, as the log shows them.
json ClaimJson(const Step& s, bool with_started) {
  json out = {{"plan_id", s.plan_id},
              {"status", s.status},
              {"holder_agent", OrNull(s.claim.holder_agent)},
              {"holder_session", OrNull(s.claim.holder_session)},
              {"claimed_at", OrNull(s.claim.claimed_at)},
              {"lease_expires_at", OrNull(s.claim.lease_expires_at)}};
  if (with_started) out["started_at"] = OrNull(s.started_at);
  return out;
}

}  // namespace

bool SameHolder(const Claim& claim, const Actor& actor) {
  if (!claim.holder_agent) return true;
  if (*claim.holder_agent != actor.agent) return false;
  if (!claim.holder_session || actor.session_id.empty()) return true;
  return *claim.holder_session == actor.session_id;
}

std::string HolderText(const Claim& claim) {
  std::string text = claim.holder_agent.value_or("someone");
  if (claim.holder_session) text += " (session " + *claim.holder_session + ")";
  return text;
}

bool LeaseLive(const Claim& claim, const std::string& now) {
  return claim.lease_expires_at && *claim.lease_expires_at > now;
}

Step StepLifecycle::Load(int64_t step_id) {
  auto q = db_.Prepare(std::string("SELECT ") + kStepColumns + " FROM steps AS s WHERE s.id = ?" +
                       db_.lock_rows_read());
  q.Bind(1, step_id);
  if (!q.Step()) throw UserError("step " + std::to_string(step_id) + " no longer exists");
  return ReadStep(q);
}

std::set<int64_t> StepLifecycle::AffectedPlans(const Step& step) {
  // idx_dependencies_target.
  std::set<int64_t> plans = {step.plan_id};
  auto q = db_.Prepare(
      "SELECT CASE d.source_kind WHEN 'plan' THEN d.source_id "
      "WHEN 'phase' THEN (SELECT plan_id FROM phases WHERE id = d.source_id) "
      "ELSE (SELECT plan_id FROM steps WHERE id = d.source_id) END "
      "FROM dependencies AS d WHERE d.kind = 'blocks' AND ("
      "(d.target_kind = 'step' AND d.target_id = ?) OR "
      "(d.target_kind = 'phase' AND d.target_id = ?) OR "
      "(d.target_kind = 'plan' AND d.target_id = ?))");
  q.BindAll(step.id, step.phase_id, step.plan_id);
  while (q.Step()) {
    if (!q.IsNull(0)) plans.insert(q.Int64(0));
  }
  return plans;
}

MoveResult StepLifecycle::Move(const Step& before, const StatusChange& change, const Actor& actor,
                               const json& fields) {
  const std::string& from = before.status;
  const std::string& to = change.status;
  CheckTransition(StatusModel::kStep, "step " + before.code, from, to);

  const std::string now = NowTimestamp();
  const bool held_by_other =
      from == "in_progress" && LeaseLive(before.claim, now) && !SameHolder(before.claim, actor);
  if (held_by_other && !change.force) {
    throw UserError("step " + before.code + " is held by " + HolderText(before.claim) + " until " +
                    *before.claim.lease_expires_at + "; pass force=true to override the claim");
  }
  if (from == "pending" && to == "in_progress" && !change.force) {
    auto waits = Readiness(db_).WaitsOn(before.id);
    if (!waits.empty()) {
      throw UserError("step " + before.code + " is not ready: " + ReasonText(waits) +
                      "; pass force=true to start it anyway");
    }
  }

  ReadyQuery ready(db_);
  const std::set<int64_t> plans = AffectedPlans(before);
  const std::set<int64_t> ready_before = ready.ReadyIds(before.workspace_id, plans);

  json patch = {{"status", to}};
  auto clear_claim = [&] {
    patch["holder_agent"] = nullptr;
    patch["holder_session"] = nullptr;
    patch["claimed_at"] = nullptr;
    patch["lease_expires_at"] = nullptr;
  };
  if (to == "completed") {
    if (from != to) {
      patch["completed_at"] = now;
      patch["completed_by"] = TextOrNull(actor.agent);
      clear_claim();
    }
    if (change.completion_notes) patch["completion_notes"] = *change.completion_notes;
  } else if (to == "in_progress") {
    if (from != to) patch["started_at"] = now;
    // Whoever starts a step holds it, under a fresh lease.
    patch["holder_agent"] = TextOrNull(actor.agent);
    patch["holder_session"] = TextOrNull(actor.session_id);
    patch["claimed_at"] = now;
    patch["lease_expires_at"] = TimestampAfter(change.lease_seconds);
  } else {
    clear_claim();
    if (to == "pending") {
      patch["completed_at"] = nullptr;
      patch["completed_by"] = nullptr;
      patch["started_at"] = nullptr;
    }
    if (to == "blocked" && change.notes) patch["blocked_reason"] = *change.notes;
    if (from == "blocked" && to != "blocked") patch["blocked_reason"] = nullptr;
  }
  for (const auto& [key, value] : fields.items()) {
    if (key != "status") patch[key] = value;
  }
  UpdateRow(db_, "steps", before.id, patch);

  const Step after = Load(before.id);
  json logged = ToJson(after);
  if (change.notes) logged["notes"] = *change.notes;
  RecordChange(db_,
               {before.workspace_id, "step", before.id, from == to ? "update" : "status",
                ToJson(before), logged},
               actor);

  MoveResult result;
  result.previous_status = from;
  std::set<int64_t> became;
  for (int64_t id : ready.ReadyIds(before.workspace_id, plans)) {
    if (!ready_before.count(id) && id != before.id) became.insert(id);
  }
  if (!became.empty()) {
    auto rows = db_.Prepare(std::string("SELECT ") + kStepSummaryColumns + kStepJoins +
                            "WHERE s.id IN (" + Placeholders(became.size()) + ") ORDER BY s.id");
    int index = 1;
    for (int64_t id : became) rows.Bind(index++, id);
    while (rows.Step()) result.became_ready.push_back(ReadStepSummary(rows));
  }
  auto open = db_.Prepare(
      "SELECT count(*) FROM steps WHERE plan_id = ? AND status IN "
      "('pending', 'in_progress', 'blocked')");
  open.Bind(1, after.plan_id);
  open.Step();
  result.plan_open_steps = open.Int64(0);
  return result;
}

bool StepLifecycle::Claim(int64_t step_id, int lease_seconds, const Actor& actor) {
  // false: another writer got there first.
  return ClaimPicked("?", {step_id}, lease_seconds, actor).has_value();
}

std::optional<int64_t> StepLifecycle::ClaimPicked(const std::string& pick_sql,
                                                  const std::vector<SqlValue>& params,
                                                  int lease_seconds, const Actor& actor) {
  const std::string now = NowTimestamp();
  auto claim = db_.Prepare(
      "UPDATE steps SET status = 'in_progress', holder_agent = ?, holder_session = ?, "
      "claimed_at = ?, lease_expires_at = ?, started_at = ?, updated_at = ? "
      "WHERE id = (" +
      pick_sql + ") AND status = 'pending' RETURNING id");
  claim.BindAll(NonEmpty(actor.agent), NonEmpty(actor.session_id), now,
                TimestampAfter(lease_seconds), now, now);
  claim.BindValues(params, 7);
  if (!claim.Step()) return std::nullopt;
  const int64_t step_id = claim.Int64(0);
  claim.Exec();
  LogClaim(step_id, actor);
  return step_id;
}

void StepLifecycle::LogClaim(int64_t step_id, const Actor& actor) {
  const Step after = Load(step_id);
  RecordChange(db_,
               {after.workspace_id,
                "step",
                step_id,
                "claim",
                {{"plan_id", after.plan_id}, {"status", "pending"}},
                ClaimJson(after, true)},
               actor);
}

void StepLifecycle::RenewLease(const Step& step, int lease_seconds, const Actor& actor, bool log) {
  auto renew = db_.Prepare(
      "UPDATE steps SET holder_agent = coalesce(holder_agent, ?), "
      "holder_session = coalesce(holder_session, ?), claimed_at = coalesce(claimed_at, ?), "
      "lease_expires_at = ? WHERE id = ? AND status = 'in_progress'");
  renew.BindAll(NonEmpty(actor.agent), NonEmpty(actor.session_id), NowTimestamp(),
                TimestampAfter(lease_seconds), step.id);
  renew.Exec();
  if (!log) return;
  const Step after = Load(step.id);
  RecordChange(
      db_,
      {after.workspace_id,
       "step",
       step.id,
       "heartbeat",
       {{"plan_id", step.plan_id}, {"lease_expires_at", OrNull(step.claim.lease_expires_at)}},
       {{"plan_id", after.plan_id}, {"lease_expires_at", OrNull(after.claim.lease_expires_at)}}},
      actor);
}

std::vector<std::string> StepLifecycle::ExpireLeases(int64_t workspace_id, const Actor& actor) {
  // idx_steps_lease: only steps with a lease are looked at.
  auto expired = db_.Prepare(std::string("SELECT ") + kStepColumns +
                             " FROM steps AS s WHERE s.workspace_id = ? AND "
                             "s.lease_expires_at IS NOT NULL AND s.lease_expires_at <= ? "
                             "AND s.status = 'in_progress'");
  expired.BindAll(workspace_id, NowTimestamp());
  std::vector<Step> steps;
  while (expired.Step()) steps.push_back(ReadStep(expired));
  std::vector<std::string> codes;
  for (const auto& step : steps) {
    auto release = db_.Prepare(
        "UPDATE steps SET status = 'pending', holder_agent = NULL, holder_session = NULL, "
        "claimed_at = NULL, lease_expires_at = NULL, started_at = NULL, updated_at = ?1 "
        "WHERE id = ?2 AND status = 'in_progress' AND lease_expires_at <= ?1");
    // Still expired when its row lock is ours: a claim beside this one (on
    // PostgreSQL) may have released it and another agent claimed it afresh.
    release.BindAll(NowTimestamp(), step.id);
    if (release.Exec() != 1) continue;
    RecordChange(db_,
                 {workspace_id,
                  "step",
                  step.id,
                  "lease_expired",
                  ClaimJson(step, false),
                  {{"plan_id", step.plan_id}, {"status", "pending"}}},
                 actor);
    codes.push_back(step.code);
  }
  return codes;
}

void StepLifecycle::AddInitialStatusFields(const std::string& status, const std::string& now,
                                           const Actor& actor, json* values) {
  json& v = *values;
  if (status == "in_progress") v["started_at"] = now;
  if (status == "completed") {
    v["completed_at"] = now;
    v["completed_by"] = TextOrNull(actor.agent);
  }
}

}  // namespace pm::store
