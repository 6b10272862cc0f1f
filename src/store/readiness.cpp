#include "store/readiness.h"

#include "store/dependency_repository.h"
#include "store/row_json.h"

namespace pm::store {

namespace {

// A summary row followed by its plan's status.
const std::string kSummaryWithPlanStatus =
    std::string(kStepSummaryColumns) + ", p.status" + kStepJoins;

int64_t CountOf(const std::map<std::string, int64_t>& counts, const std::string& status) {
  auto it = counts.find(status);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

nlohmann::json ToJson(const WaitReason& w) {
  nlohmann::json out = {{"what", w.what}, {"label", w.label}};
  if (w.status) out["status"] = *w.status;
  if (w.via) out["via"] = *w.via;
  if (w.open_steps) out["open_steps"] = *w.open_steps;
  return out;
}

nlohmann::json ToJson(const WaitingStep& s) {
  nlohmann::json waits = nlohmann::json::array();
  for (const auto& w : s.waits_on) waits.push_back(ToJson(w));
  return {{"step", s.step}, {"id", s.id},        {"task", s.task},
          {"plan", s.plan}, {"waits_on", waits}, {"reason", s.reason}};
}

nlohmann::json ToJson(const NothingReady& n) {
  nlohmann::json claimed = nlohmann::json::array();
  for (const auto& h : n.claimed) {
    claimed.push_back({{"code", h.code},
                       {"holder_agent", OrNull(h.claim.holder_agent)},
                       {"holder_session", OrNull(h.claim.holder_session)},
                       {"lease_expires_at", OrNull(h.claim.lease_expires_at)}});
  }
  nlohmann::json waiting = nlohmann::json::array();
  for (const auto& w : n.waiting) waiting.push_back(ToJson(w));
  nlohmann::json out = {{"counts", n.counts},
                        {"claimed", claimed},
                        {"waiting", waiting},
                        {"reason", n.reason},
                        {"message", n.message}};
  if (n.next_lease_expiry) out["next_lease_expiry"] = *n.next_lease_expiry;
  return out;
}

std::string ReasonText(const std::vector<WaitReason>& waits) {
  std::string text;
  for (const auto& w : waits) {
    std::string part;
    if (w.what == "plan_status") {
      part = "plan " + w.label + " (" + w.status.value_or("") + ")";
    } else if (w.what == "earlier_phase") {
      part =
          "earlier phase " + w.label + " (" + std::to_string(w.open_steps.value_or(0)) + " open)";
    } else {
      part = w.label + " (" + w.status.value_or("") + ")";
      const std::string via = w.via.value_or("");
      if (via.find('/') != std::string::npos || via.rfind("P", 0) == 0) part += " via " + via;
    }
    text += (text.empty() ? "" : ", ") + part;
  }
  return "waits on " + text;
}

std::vector<WaitReason> Readiness::WaitsOn(const StepSummary& s, const std::string& plan_status) {
  // Outermost first.
  DependencyRepository deps(db_);
  std::vector<WaitReason> waits;
  if (plan_status != "planned" && plan_status != "active") {
    waits.push_back({"plan_status", s.plan_code, plan_status, std::nullopt, std::nullopt});
  }
  auto add_blockers = [&](const WorkItem& item, const std::string& via) {
    for (auto& b : deps.UnmetBlockers(item)) {
      waits.push_back({"dependency", b.label, b.status, via, std::nullopt});
    }
  };
  add_blockers({WorkKind::kPlan, s.plan_id}, s.plan_code);
  // The first earlier phase that still has open steps (idx_phases_plan_order,
  // idx_steps_phase_status).
  auto earlier = db_.Prepare(
      "SELECT ph.name, (SELECT count(*) FROM steps AS o WHERE o.phase_id = ph.id AND "
      "o.status IN ('pending', 'in_progress', 'blocked')) AS open FROM phases AS ph "
      "WHERE ph.plan_id = ? AND ph.order_index < ? AND open > 0 "
      "ORDER BY ph.order_index LIMIT 1");
  earlier.BindAll(s.plan_id, s.phase_order);
  if (earlier.Step()) {
    waits.push_back({"earlier_phase", s.plan_code + "/" + earlier.Text(0), std::nullopt,
                     std::nullopt, earlier.Int64(1)});
  }
  add_blockers({WorkKind::kPhase, s.phase_id}, s.plan_code + "/" + s.phase_name);
  add_blockers({WorkKind::kStep, s.id}, s.code);
  return waits;
}

std::vector<WaitReason> Readiness::WaitsOn(int64_t step_id) {
  auto q = db_.Prepare("SELECT " + kSummaryWithPlanStatus + "WHERE s.id = ?");
  q.Bind(1, step_id);
  if (!q.Step()) return {};
  const StepSummary summary = ReadStepSummary(q);
  const std::string plan_status = q.Text(13);
  return WaitsOn(summary, plan_status);
}

std::vector<WaitingStep> Readiness::Waiting(const TaskFilter& f, int limit) {
  std::vector<SqlValue> params;
  const std::string sql = "SELECT " + kSummaryWithPlanStatus + "WHERE s.status = 'pending' AND " +
                          TaskScopeSql(f, &params) + " ORDER BY " + kPlanRankSql +
                          ", ph.order_index, s.order_index, s.created_at, s.id";
  std::vector<WaitingStep> waiting;
  auto q = db_.Prepare(sql);
  q.BindValues(params);
  while (static_cast<int>(waiting.size()) < limit && q.Step()) {
    const StepSummary s = ReadStepSummary(q);
    std::vector<WaitReason> waits = WaitsOn(s, q.Text(13));
    if (waits.empty()) continue;  // ready
    std::string reason = ReasonText(waits);
    waiting.push_back({s.code, s.id, s.task, s.plan_code, std::move(waits), std::move(reason)});
  }
  return waiting;
}

NothingReady Readiness::Explain(const TaskFilter& f) {
  std::vector<SqlValue> params;
  const std::string from = std::string(kStepJoins) + "WHERE " + TaskScopeSql(f, &params);
  NothingReady result;
  auto q = db_.Prepare("SELECT s.status, count(*)" + from + " GROUP BY s.status");
  q.BindValues(params);
  int64_t total = 0;
  while (q.Step()) {
    result.counts[q.Text(0)] = q.Int64(1);
    total += q.Int64(1);
  }
  auto claimed =
      db_.Prepare("SELECT s.code, s.holder_agent, s.holder_session, s.lease_expires_at" + from +
                  " AND s.status = 'in_progress' ORDER BY s.lease_expires_at IS NULL, "
                  "s.lease_expires_at LIMIT 5");
  claimed.BindValues(params);
  while (claimed.Step()) {
    HeldStep held;
    held.code = claimed.Text(0);
    held.claim.holder_agent = claimed.OptText(1);
    held.claim.holder_session = claimed.OptText(2);
    held.claim.lease_expires_at = claimed.OptText(3);
    result.claimed.push_back(std::move(held));
  }
  result.waiting = Waiting(f, 5);

  const int64_t pending = CountOf(result.counts, "pending");
  const int64_t in_progress = CountOf(result.counts, "in_progress");
  const int64_t blocked = CountOf(result.counts, "blocked");
  std::string message;
  if (total == 0) {
    result.reason = "no_steps";
    message = "no steps match";
  } else if (pending + in_progress + blocked == 0) {
    result.reason = "all_done";
    message = "all done: " + std::to_string(CountOf(result.counts, "completed")) + " completed, " +
              std::to_string(CountOf(result.counts, "cancelled")) + " cancelled";
  } else {
    result.reason = pending > 0 ? "waiting" : in_progress > 0 ? "all_claimed" : "blocked";
    std::vector<std::string> parts;
    if (in_progress > 0) {
      std::string part = std::to_string(in_progress) + " in progress";
      if (!result.claimed.empty() && result.claimed.front().claim.lease_expires_at) {
        part += ", claimed until " + *result.claimed.front().claim.lease_expires_at +
                " at the earliest";
        result.next_lease_expiry = result.claimed.front().claim.lease_expires_at;
      }
      parts.push_back(part);
    }
    if (pending > 0) {
      std::string part = std::to_string(pending) + " pending";
      for (const auto& w : result.waiting) {
        part += (&w == &result.waiting.front() ? ": " : "; ") + w.step + " " + w.reason;
      }
      parts.push_back(part);
    }
    if (blocked > 0) parts.push_back(std::to_string(blocked) + " blocked");
    for (const auto& p : parts) message += (message.empty() ? "" : "; ") + p;
  }
  result.message = "Nothing ready: " + message + ".";
  return result;
}

}  // namespace pm::store
