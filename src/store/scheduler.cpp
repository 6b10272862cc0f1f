#include "store/scheduler.h"

#include <map>

#include "common/user_error.h"
#include "store/dependency_repository.h"
#include "store/shapes.h"
#include "store/transitions.h"
#include "store/update_log.h"
#include "store/work_item.h"

namespace pm::store {

namespace {

constexpr const char* kRankSql =
    "CASE p.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

// A blocking dependency of (kind, id) whose target is not complete.
std::string UnmetSql(const char* kind, const char* id_expr) {
  return std::string("EXISTS (SELECT 1 FROM dependencies AS d WHERE d.source_kind = '") + kind +
         "' AND d.source_id = " + id_expr + " AND d.kind = 'blocks' AND NOT " + kTargetCompleteSql +
         ")";
}

// The plans a question covers (alias p), with the filter's parameters appended.
std::string PlanScope(const TaskFilter& f, const std::optional<std::set<int64_t>>& plans,
                      std::vector<json>* params) {
  std::string where = "p.workspace_id = ?";
  params->push_back(f.workspace_id);
  if (f.plan_id) {
    where += " AND p.id = ?";
    params->push_back(*f.plan_id);
  }
  if (f.track_id) {
    where += " AND p.track_id = ?";
    params->push_back(*f.track_id);
  }
  if (f.phase_id) {
    where += " AND p.id = (SELECT plan_id FROM phases WHERE id = ?)";
    params->push_back(*f.phase_id);
  }
  if (plans) {
    where += " AND p.id IN (SELECT value FROM json_each(?))";
    params->push_back(json(*plans));
  }
  return where;
}

// Every plan that may run, with its front phase: the first phase that still has
// an open step. Only pending steps of front phases can be ready, so a plan
// costs a few index lookups however many steps it holds: plans by
// idx_plans_workspace_status, phases by idx_phases_plan_order, open steps by
// idx_steps_phase_status, edges by the dependencies UNIQUE index.
std::string FrontSql(const TaskFilter& f, const std::optional<std::set<int64_t>>& plans,
                     std::vector<json>* params) {
  return "WITH front AS (SELECT p.id AS plan_id, p.priority AS priority, "
         "(SELECT ph.id FROM phases AS ph WHERE ph.plan_id = p.id AND EXISTS ("
         "SELECT 1 FROM steps AS o WHERE o.phase_id = ph.id "
         "AND o.status IN ('pending', 'in_progress', 'blocked')) "
         "ORDER BY ph.order_index LIMIT 1) AS phase_id "
         "FROM plans AS p WHERE " +
         PlanScope(f, plans, params) + " AND p.status IN ('planned', 'active') AND NOT " +
         UnmetSql("plan", "p.id") + ") ";
}

std::string StepFilters(const TaskFilter& f, std::vector<json>* params) {
  std::string where;
  if (f.type) {
    where += " AND s.type = ?";
    params->push_back(*f.type);
  }
  return where;
}

std::string PhaseFilter(const TaskFilter& f, std::vector<json>* params) {
  if (!f.phase_id) return "";
  params->push_back(*f.phase_id);
  return " AND ph.id = ?";
}

// Every step the filter covers, whatever its state (aliases p, s, ph).
std::string ScopeSql(const TaskFilter& f, std::vector<json>* params) {
  std::string where = PlanScope(f, std::nullopt, params);
  where += StepFilters(f, params);
  where += PhaseFilter(f, params);
  return where;
}

constexpr const char* kSummaryColumns =
    "s.id, s.code, s.task, s.type, s.status, s.priority, s.plan_id, p.code AS plan_code, "
    "p.priority AS plan_priority, s.phase_id, ph.name AS phase_name, "
    "ph.order_index AS phase_order, s.order_index";

const TableShape kSummary{"steps", {}, {}};

bool SameHolder(const json& step, const Actor& actor) {
  if (!step["holder_agent"].is_string()) return true;
  if (step["holder_agent"] != actor.agent) return false;
  if (!step["holder_session"].is_string() || actor.session_id.empty()) return true;
  return step["holder_session"] == actor.session_id;
}

std::string HolderText(const json& step) {
  std::string text =
      step["holder_agent"].is_string() ? step["holder_agent"].get<std::string>() : "someone";
  if (step["holder_session"].is_string())
    text += " (session " + step["holder_session"].get<std::string>() + ")";
  return text;
}

json OrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

}  // namespace

std::string Scheduler::Now() {
  auto now = db_.Prepare(std::string("SELECT ") + kNowSql);
  now.Step();
  return now.Text(0);
}

json Scheduler::StepRow(int64_t step_id) {
  auto row = SelectOne(db_, shapes::kStep, "id = ?", {step_id});
  if (!row) throw UserError("step " + std::to_string(step_id) + " no longer exists");
  return *row;
}

std::vector<json> Scheduler::ReadyRows(const TaskFilter& f,
                                       const std::optional<std::set<int64_t>>& plans, int limit) {
  std::vector<json> params;
  std::string sql = FrontSql(f, plans, &params) + "SELECT " + kSummaryColumns +
                    " FROM front AS f JOIN plans AS p ON p.id = f.plan_id "
                    "JOIN phases AS ph ON ph.id = f.phase_id "
                    "JOIN steps AS s ON s.phase_id = f.phase_id AND s.status = 'pending'"
                    " WHERE NOT " +
                    UnmetSql("phase", "ph.id") + " AND NOT " + UnmetSql("step", "s.id");
  // (Appended one by one: each call adds its parameters in SQL order.)
  sql += StepFilters(f, &params);
  sql += PhaseFilter(f, &params);
  sql += std::string(" ORDER BY ") + kRankSql +
         ", ph.order_index, s.order_index, s.created_at, s.id LIMIT ?";
  params.push_back(limit);
  return Query(db_, kSummary, sql, params);
}

std::vector<json> Scheduler::Ready(const TaskFilter& filter, int limit) {
  return ReadyRows(filter, std::nullopt, limit);
}

std::set<int64_t> Scheduler::ReadyIds(int64_t workspace_id, const std::set<int64_t>& plan_ids) {
  std::set<int64_t> ids;
  if (plan_ids.empty()) return ids;
  TaskFilter f;
  f.workspace_id = workspace_id;
  for (const auto& row : ReadyRows(f, plan_ids, -1)) ids.insert(row["id"].get<int64_t>());
  return ids;
}

std::optional<int64_t> Scheduler::PickLocked(const TaskFilter& f) {
  // Per plan, the first ready step of its front phase (idx_steps_phase_status
  // yields pending steps in order, so the search stops at the first that has no
  // unmet blocker); then the best of those few.
  std::vector<json> params;
  std::string sql = FrontSql(f, std::nullopt, &params);
  sql +=
      "SELECT best.step_id FROM (SELECT f.priority AS priority, ph.order_index AS phase_order, "
      "(SELECT s.id FROM steps AS s WHERE s.phase_id = ph.id AND s.status = 'pending'";
  sql += StepFilters(f, &params);
  sql += " AND NOT " + UnmetSql("step", "s.id") +
         " ORDER BY s.order_index, s.id LIMIT 1) AS step_id "
         "FROM front AS f JOIN phases AS ph ON ph.id = f.phase_id WHERE NOT " +
         UnmetSql("phase", "ph.id");
  sql += PhaseFilter(f, &params);
  sql +=
      ") AS best JOIN steps AS s ON s.id = best.step_id "
      "ORDER BY CASE best.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
      "ELSE 3 END, best.phase_order, s.order_index, s.created_at, s.id LIMIT 1";
  auto q = db_.Prepare(sql);
  for (size_t i = 0; i < params.size(); ++i) BindJson(q, static_cast<int>(i + 1), params[i]);
  if (!q.Step()) return std::nullopt;
  return q.Int64(0);
}

std::optional<int64_t> Scheduler::PickAndClaimLocked(const TaskFilter& filter, int lease_seconds,
                                                     const Actor& actor) {
  // The pick and the claim share the caller's BEGIN IMMEDIATE transaction, so
  // no other process can claim in between; the conditional UPDATE double-checks.
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto best = PickLocked(filter);
    if (!best) return std::nullopt;
    if (ClaimLocked(*best, lease_seconds, actor, "claim")) return best;
  }
  return std::nullopt;
}

std::vector<std::string> Scheduler::ExpireLeasesLocked(int64_t workspace_id, const Actor& actor) {
  // idx_steps_lease: only steps with a lease are looked at.
  auto expired = Query(
      db_, shapes::kStep,
      std::string("SELECT * FROM steps WHERE workspace_id = ? AND lease_expires_at IS NOT NULL "
                  "AND lease_expires_at <= ") +
          kNowSql + " AND status = 'in_progress'",
      {workspace_id});
  std::vector<std::string> codes;
  for (const auto& step : expired) {
    auto release =
        db_.Prepare(std::string("UPDATE steps SET status = 'pending', holder_agent = NULL, "
                                "holder_session = NULL, claimed_at = NULL, "
                                "lease_expires_at = NULL, started_at = NULL, updated_at = ") +
                    kNowSql + " WHERE id = ? AND status = 'in_progress'");
    release.Bind(1, step["id"].get<int64_t>());
    if (release.Exec() != 1) continue;
    AppendUpdateLog(db_,
                    {workspace_id,
                     "step",
                     step["id"],
                     "lease_expired",
                     PickKeys(step, {"plan_id", "status", "holder_agent", "holder_session",
                                     "claimed_at", "lease_expires_at"}),
                     {{"plan_id", step["plan_id"]}, {"status", "pending"}}},
                    actor);
    codes.push_back(step["code"]);
  }
  return codes;
}

bool Scheduler::ClaimLocked(int64_t step_id, int lease_seconds, const Actor& actor,
                            const char* action) {
  auto claim = db_.Prepare(
      std::string("UPDATE steps SET status = 'in_progress', holder_agent = ?, holder_session = ?, "
                  "claimed_at = ") +
      kNowSql +
      ", lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
      "'now', ?), started_at = " +
      kNowSql + ", updated_at = " + kNowSql + " WHERE id = ? AND status = 'pending'");
  BindJson(claim, 1, OrNull(actor.agent));
  BindJson(claim, 2, OrNull(actor.session_id));
  claim.Bind(3, "+" + std::to_string(lease_seconds) + " seconds");
  claim.Bind(4, step_id);
  if (claim.Exec() != 1) return false;  // another writer got there first
  json after = StepRow(step_id);
  AppendUpdateLog(db_,
                  {after["workspace_id"].get<int64_t>(),
                   "step",
                   step_id,
                   action,
                   {{"plan_id", after["plan_id"]}, {"status", "pending"}},
                   PickKeys(after, {"plan_id", "status", "holder_agent", "holder_session",
                                    "claimed_at", "lease_expires_at", "started_at"})},
                  actor);
  return true;
}

std::optional<json> Scheduler::TaskView(int64_t step_id) {
  auto step = SelectOne(db_, shapes::kStep, "id = ?", {step_id});
  if (!step) return std::nullopt;
  const int64_t plan_id = (*step)["plan_id"];
  auto plan =
      Query(db_, shapes::kPlan,
            "SELECT id, code, title, goal, priority, status FROM plans WHERE id = ?", {plan_id});
  auto phase = Query(db_, shapes::kPhase, "SELECT id, name, order_index FROM phases WHERE id = ?",
                     {(*step)["phase_id"]});
  return json{
      {"task", *step},
      {"plan", plan.empty() ? json(nullptr) : plan.front()},
      {"phase", phase.empty() ? json(nullptr) : phase.front()},
      {"requirements", Query(db_, shapes::kRequirement,
                             "SELECT code, text FROM requirements WHERE plan_id = ? AND met = 0 "
                             "ORDER BY order_index",
                             {plan_id})},
      {"notes", Query(db_, shapes::kNote,
                      "SELECT kind, text FROM plan_notes WHERE plan_id = ? AND kind IN "
                      "('instruction', 'warning') ORDER BY id DESC LIMIT 5",
                      {plan_id})}};
}

json Scheduler::WaitsOn(const json& s) {
  // What keeps a pending step from being ready, outermost first.
  DependencyRepository deps(db_);
  json waits = json::array();
  const std::string plan_status = s["plan_status"];
  if (plan_status != "planned" && plan_status != "active") {
    waits.push_back({{"what", "plan_status"}, {"label", s["plan_code"]}, {"status", plan_status}});
  }
  auto add_blockers = [&](const WorkItem& item, const json& via) {
    for (auto& b : deps.UnmetBlockers(item)) {
      waits.push_back(
          {{"what", "dependency"}, {"via", via}, {"label", b["label"]}, {"status", b["status"]}});
    }
  };
  add_blockers({WorkKind::kPlan, s["plan_id"]}, s["plan_code"]);
  // The first earlier phase that still has open steps (idx_phases_plan_order,
  // idx_steps_phase_status).
  auto earlier = db_.Prepare(
      "SELECT ph.name, (SELECT count(*) FROM steps AS o WHERE o.phase_id = ph.id AND "
      "o.status IN ('pending', 'in_progress', 'blocked')) AS open FROM phases AS ph "
      "WHERE ph.plan_id = ? AND ph.order_index < ? AND open > 0 "
      "ORDER BY ph.order_index LIMIT 1");
  earlier.Bind(1, s["plan_id"].get<int64_t>());
  earlier.Bind(2, s["phase_order"].get<int64_t>());
  if (earlier.Step()) {
    waits.push_back({{"what", "earlier_phase"},
                     {"label", s["plan_code"].get<std::string>() + "/" + earlier.Text(0)},
                     {"open_steps", earlier.Int64(1)}});
  }
  add_blockers({WorkKind::kPhase, s["phase_id"]},
               s["plan_code"].get<std::string>() + "/" + s["phase_name"].get<std::string>());
  add_blockers({WorkKind::kStep, s["id"]}, s["code"]);
  return waits;
}

json Scheduler::WaitsOnStep(int64_t step_id) {
  return WaitsOn(
      Query(db_, kSummary,
            std::string("SELECT ") + kSummaryColumns +
                ", p.status AS plan_status FROM steps AS s JOIN plans AS p ON "
                "p.id = s.plan_id JOIN phases AS ph ON ph.id = s.phase_id WHERE s.id = ?",
            {step_id})
          .front());
}

namespace {

std::string ReasonText(const json& waits) {
  std::string text;
  for (const auto& w : waits) {
    std::string part;
    const std::string what = w["what"];
    if (what == "plan_status") {
      part = "plan " + w["label"].get<std::string>() + " (" + w["status"].get<std::string>() + ")";
    } else if (what == "earlier_phase") {
      part = "earlier phase " + w["label"].get<std::string>() + " (" + w["open_steps"].dump() +
             " open)";
    } else {
      part = w["label"].get<std::string>() + " (" + w["status"].get<std::string>() + ")";
      const std::string via = w["via"];
      if (via.find('/') != std::string::npos || via.rfind("P", 0) == 0) part += " via " + via;
    }
    text += (text.empty() ? "" : ", ") + part;
  }
  return "waits on " + text;
}

}  // namespace

std::vector<json> Scheduler::Waiting(const TaskFilter& f, int limit) {
  std::vector<json> params;
  std::string sql = std::string("SELECT ") + kSummaryColumns +
                    ", p.status AS plan_status FROM plans AS p JOIN steps AS s ON s.plan_id = p.id "
                    "AND s.status = 'pending' JOIN phases AS ph ON ph.id = s.phase_id WHERE " +
                    ScopeSql(f, &params) + " ORDER BY " + kRankSql +
                    ", ph.order_index, s.order_index, s.created_at, s.id";
  std::vector<json> waiting;
  auto q = db_.Prepare(sql);
  for (size_t i = 0; i < params.size(); ++i) BindJson(q, static_cast<int>(i + 1), params[i]);
  while (static_cast<int>(waiting.size()) < limit && q.Step()) {
    json s = ReadRow(q, kSummary);
    json waits = WaitsOn(s);
    if (waits.empty()) continue;  // ready
    waiting.push_back({{"step", s["code"]},
                       {"id", s["id"]},
                       {"task", s["task"]},
                       {"plan", s["plan_code"]},
                       {"waits_on", waits},
                       {"reason", ReasonText(waits)}});
  }
  return waiting;
}

json Scheduler::ExplainNothingReady(const TaskFilter& f) {
  std::vector<json> params;
  const std::string from =
      " FROM plans AS p JOIN steps AS s ON s.plan_id = p.id "
      "JOIN phases AS ph ON ph.id = s.phase_id WHERE " +
      ScopeSql(f, &params);
  std::map<std::string, int64_t> counts;
  auto q = db_.Prepare("SELECT s.status, count(*)" + from + " GROUP BY s.status");
  for (size_t i = 0; i < params.size(); ++i) BindJson(q, static_cast<int>(i + 1), params[i]);
  int64_t total = 0;
  while (q.Step()) {
    counts[q.Text(0)] = q.Int64(1);
    total += q.Int64(1);
  }
  auto claimed =
      Query(db_, kSummary,
            "SELECT s.code, s.holder_agent, s.holder_session, s.lease_expires_at" + from +
                " AND s.status = 'in_progress' ORDER BY s.lease_expires_at IS NULL, "
                "s.lease_expires_at LIMIT 5",
            params);
  auto waiting = Waiting(f, 5);
  json result = {{"counts", counts}, {"claimed", claimed}, {"waiting", waiting}};
  const int64_t open = counts["pending"] + counts["in_progress"] + counts["blocked"];
  std::string message;
  if (total == 0) {
    result["reason"] = "no_steps";
    message = "no steps match";
  } else if (open == 0) {
    result["reason"] = "all_done";
    message = "all done: " + std::to_string(counts["completed"]) + " completed, " +
              std::to_string(counts["cancelled"]) + " cancelled";
  } else {
    result["reason"] = counts["pending"] > 0       ? "waiting"
                       : counts["in_progress"] > 0 ? "all_claimed"
                                                   : "blocked";
    std::vector<std::string> parts;
    if (counts["in_progress"] > 0) {
      std::string part = std::to_string(counts["in_progress"]) + " in progress";
      if (!claimed.empty() && claimed.front()["lease_expires_at"].is_string()) {
        part += ", claimed until " + claimed.front()["lease_expires_at"].get<std::string>() +
                " at the earliest";
        result["next_lease_expiry"] = claimed.front()["lease_expires_at"];
      }
      parts.push_back(part);
    }
    if (counts["pending"] > 0) {
      std::string part = std::to_string(counts["pending"]) + " pending";
      for (const auto& w : waiting) {
        part += (&w == &waiting.front() ? ": " : "; ") + w["step"].get<std::string>() + " " +
                w["reason"].get<std::string>();
      }
      parts.push_back(part);
    }
    if (counts["blocked"] > 0) parts.push_back(std::to_string(counts["blocked"]) + " blocked");
    for (const auto& p : parts) message += (message.empty() ? "" : "; ") + p;
  }
  result["message"] = "Nothing ready: " + message + ".";
  return result;
}

json Scheduler::NextTask(const TaskFilter& filter, bool claim, int lease_seconds,
                         const Actor& actor) {
  if (!claim) {
    auto best = PickLocked(filter);  // a read: no transaction needed
    json result = {{"claimed", false}, {"expired", json::array()}};
    result["task"] = best ? *TaskView(*best) : json(nullptr);
    result["nothing_ready"] = best ? json(nullptr) : ExplainNothingReady(filter);
    return result;
  }
  json claimed = db_.Write([&] {
    json result = {{"claimed", false}, {"expired", ExpireLeasesLocked(filter.workspace_id, actor)}};
    auto task = PickAndClaimLocked(filter, lease_seconds, actor);
    result["claimed"] = task.has_value();
    result["task"] = task ? *TaskView(*task) : json(nullptr);
    result["nothing_ready"] = nullptr;
    return result;
  });
  // Explained after the commit, so the write lock is not held for a read.
  if (claimed["task"].is_null()) claimed["nothing_ready"] = ExplainNothingReady(filter);
  return claimed;
}

std::set<int64_t> Scheduler::AffectedPlans(const json& step) {
  // The step's plan, and every plan with something that waits on the step, its
  // phase or its plan (idx_dependencies_target).
  std::set<int64_t> plans = {step["plan_id"].get<int64_t>()};
  auto q = db_.Prepare(
      "SELECT CASE d.source_kind WHEN 'plan' THEN d.source_id "
      "WHEN 'phase' THEN (SELECT plan_id FROM phases WHERE id = d.source_id) "
      "ELSE (SELECT plan_id FROM steps WHERE id = d.source_id) END "
      "FROM dependencies AS d WHERE d.kind = 'blocks' AND ("
      "(d.target_kind = 'step' AND d.target_id = ?) OR "
      "(d.target_kind = 'phase' AND d.target_id = ?) OR "
      "(d.target_kind = 'plan' AND d.target_id = ?))");
  q.Bind(1, step["id"].get<int64_t>());
  q.Bind(2, step["phase_id"].get<int64_t>());
  q.Bind(3, step["plan_id"].get<int64_t>());
  while (q.Step()) {
    if (!q.IsNull(0)) plans.insert(q.Int64(0));
  }
  return plans;
}

json Scheduler::ApplyStatusLocked(const json& before, const StatusChange& change,
                                  const Actor& actor) {
  const int64_t id = before["id"];
  const int64_t ws = before["workspace_id"];
  const std::string code = before["code"];
  const std::string from = before["status"];
  const std::string& to = change.status;
  CheckTransition(StatusModel::kStep, "step " + code, from, to);

  const bool held_by_other = from == "in_progress" && before["lease_expires_at"].is_string() &&
                             before["lease_expires_at"].get<std::string>() > Now() &&
                             !SameHolder(before, actor);
  if (held_by_other && !change.force) {
    throw UserError("step " + code + " is held by " + HolderText(before) + " until " +
                    before["lease_expires_at"].get<std::string>() +
                    "; pass force=true to override the claim");
  }
  if (from == "pending" && to == "in_progress" && !change.force) {
    json waits = WaitsOnStep(id);
    if (!waits.empty()) {
      throw UserError("step " + code + " is not ready: " + ReasonText(waits) +
                      "; pass force=true to start it anyway");
    }
  }

  const std::set<int64_t> plans = AffectedPlans(before);
  const std::set<int64_t> ready_before = ReadyIds(ws, plans);

  json patch = {{"status", to}};
  const std::string now = Now();
  auto clear_claim = [&] {
    patch["holder_agent"] = nullptr;
    patch["holder_session"] = nullptr;
    patch["claimed_at"] = nullptr;
    patch["lease_expires_at"] = nullptr;
  };
  if (to == "completed") {
    if (from != to) {
      patch["completed_at"] = now;
      patch["completed_by"] = OrNull(actor.agent);
      clear_claim();
    }
    if (change.completion_notes) patch["completion_notes"] = *change.completion_notes;
  } else if (to == "in_progress") {
    if (from != to) patch["started_at"] = now;
    // Whoever starts a step holds it, under a fresh lease.
    patch["holder_agent"] = OrNull(actor.agent);
    patch["holder_session"] = OrNull(actor.session_id);
    patch["claimed_at"] = now;
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
  UpdateRow(db_, "steps", id, patch);
  if (to == "in_progress") {
    auto lease = db_.Prepare(
        "UPDATE steps SET lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
        "'now', ?) WHERE id = ?");
    lease.Bind(1, "+" + std::to_string(change.lease_seconds) + " seconds");
    lease.Bind(2, id);
    lease.Exec();
  }
  json after = StepRow(id);
  json logged = after;
  if (change.notes) logged["notes"] = *change.notes;
  AppendUpdateLog(db_, {ws, "step", id, from == to ? "update" : "status", before, logged}, actor);

  json became = json::array();
  std::set<int64_t> ready_after = ReadyIds(ws, plans);
  for (int64_t r : ready_after) {
    if (ready_before.count(r) || r == id) continue;
    became.push_back(r);
  }
  json became_rows = became.empty()
                         ? json::array()
                         : json(Query(db_, kSummary,
                                      std::string("SELECT ") + kSummaryColumns +
                                          " FROM steps AS s JOIN plans AS p ON p.id = s.plan_id "
                                          "JOIN phases AS ph ON ph.id = s.phase_id WHERE s.id IN "
                                          "(SELECT value FROM json_each(?)) ORDER BY s.id",
                                      {became}));
  auto open = db_.Prepare(
      "SELECT count(*) FROM steps WHERE plan_id = ? AND status IN "
      "('pending', 'in_progress', 'blocked')");
  open.Bind(1, after["plan_id"].get<int64_t>());
  open.Step();
  return {
      {"previous_status", from}, {"became_ready", became_rows}, {"plan_open_steps", open.Int64(0)}};
}

json Scheduler::UpdateTaskStatus(int64_t step_id, const StatusChange& change, const Actor& actor) {
  return db_.Write([&] {
    json result = ApplyStatusLocked(StepRow(step_id), change, actor);
    result["task"] = *TaskView(step_id);
    return result;
  });
}

json Scheduler::Next(int64_t plan_id, std::optional<int64_t> current,
                     const std::string& completion_notes, int lease_seconds, const Actor& actor) {
  TaskFilter filter;
  json next = db_.Write([&] {
    auto plan = SelectOne(db_, shapes::kPlan, "id = ?", {plan_id});
    if (!plan) throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    const int64_t ws = (*plan)["workspace_id"];
    const std::string plan_code = (*plan)["code"];
    json result = {{"completed", nullptr},
                   {"became_ready", json::array()},
                   {"expired", ExpireLeasesLocked(ws, actor)}};

    std::optional<json> done;
    if (current) {
      json step = StepRow(*current);
      if (step["plan_id"] != plan_id) {
        throw UserError("step " + step["code"].get<std::string>() + " is not in plan " + plan_code);
      }
      done = step;
    } else {
      // The caller's own in_progress steps of the plan (idx_steps_plan_status).
      std::vector<json> mine;
      for (auto& s :
           SelectAll(db_, shapes::kStep,
                     "plan_id = ? AND status = 'in_progress' ORDER BY claimed_at", {plan_id})) {
        if (s["holder_agent"].is_string() && SameHolder(s, actor)) mine.push_back(std::move(s));
      }
      if (mine.size() > 1) {
        std::string codes;
        for (const auto& s : mine)
          codes += (codes.empty() ? "" : ", ") + s["code"].get<std::string>();
        throw UserError(actor.agent + " holds " + codes + " in plan " + plan_code +
                        "; say which one is done (step)");
      }
      if (!mine.empty()) done = mine.front();
    }
    if (done) {
      StatusChange change;
      change.status = "completed";
      if (!completion_notes.empty()) change.completion_notes = completion_notes;
      json applied = ApplyStatusLocked(*done, change, actor);
      result["completed"] = PickKeys(
          StepRow((*done)["id"]), {"id", "code", "task", "status", "completed_at", "completed_by"});
      result["became_ready"] = applied["became_ready"];
    }
    filter.workspace_id = ws;
    filter.plan_id = plan_id;
    auto task = PickAndClaimLocked(filter, lease_seconds, actor);
    result["task"] = task ? *TaskView(*task) : json(nullptr);
    result["nothing_ready"] = nullptr;
    return result;
  });
  if (next["task"].is_null()) next["nothing_ready"] = ExplainNothingReady(filter);
  return next;
}

json Scheduler::Claim(int64_t step_id, int lease_seconds, const Actor& actor) {
  return db_.Write([&] {
    json step = StepRow(step_id);
    const std::string code = step["code"];
    ExpireLeasesLocked(step["workspace_id"], actor);
    step = StepRow(step_id);
    const std::string status = step["status"];
    if (status == "in_progress") {
      if (!step["holder_agent"].is_string() || !SameHolder(step, actor)) {
        throw UserError("step " + code + " is already in progress" +
                        (step["holder_agent"].is_string()
                             ? ", held by " + HolderText(step) + " until " +
                                   step["lease_expires_at"].get<std::string>()
                             : std::string()));
      }
      auto renew = db_.Prepare(
          "UPDATE steps SET lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', "
          "'now', ?) WHERE id = ?");
      renew.Bind(1, "+" + std::to_string(lease_seconds) + " seconds");
      renew.Bind(2, step_id);
      renew.Exec();
      return json{{"task", *TaskView(step_id)}, {"renewed", true}};
    }
    if (status != "pending")
      throw UserError("step " + code + " is " + status + "; only pending steps can be claimed");
    json waits = WaitsOnStep(step_id);
    if (!waits.empty()) throw UserError("step " + code + " is not ready: " + ReasonText(waits));
    if (!ClaimLocked(step_id, lease_seconds, actor, "claim")) {
      throw UserError("step " + code + " was claimed by someone else just now");
    }
    return json{{"task", *TaskView(step_id)}, {"renewed", false}};
  });
}

json Scheduler::Release(int64_t step_id, bool force, const Actor& actor) {
  return db_.Write([&] {
    json step = StepRow(step_id);
    if (step["status"] != "in_progress") {
      throw UserError("step " + step["code"].get<std::string>() + " is " +
                      step["status"].get<std::string>() +
                      "; only an in_progress step can be released");
    }
    StatusChange change;
    change.status = "pending";
    change.force = force;
    json result = ApplyStatusLocked(step, change, actor);
    result["task"] = *TaskView(step_id);
    return result;
  });
}

json Scheduler::Heartbeat(int64_t step_id, int lease_seconds, const Actor& actor) {
  return db_.Write([&] {
    json step = StepRow(step_id);
    const std::string code = step["code"];
    if (step["status"] != "in_progress") {
      throw UserError("step " + code + " is " + step["status"].get<std::string>() +
                      ", not in progress: claim it again with get_next_task or claim");
    }
    if (step["holder_agent"].is_string() && !SameHolder(step, actor)) {
      throw UserError("step " + code + " is held by " + HolderText(step) + ", not by " +
                      actor.agent);
    }
    auto renew =
        db_.Prepare(std::string("UPDATE steps SET holder_agent = coalesce(holder_agent, ?), "
                                "holder_session = coalesce(holder_session, ?), "
                                "claimed_at = coalesce(claimed_at, ") +
                    kNowSql +
                    "), lease_expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) "
                    "WHERE id = ? AND status = 'in_progress'");
    BindJson(renew, 1, OrNull(actor.agent));
    BindJson(renew, 2, OrNull(actor.session_id));
    renew.Bind(3, "+" + std::to_string(lease_seconds) + " seconds");
    renew.Bind(4, step_id);
    renew.Exec();
    json after = StepRow(step_id);
    AppendUpdateLog(db_,
                    {after["workspace_id"].get<int64_t>(), "step", step_id, "heartbeat",
                     PickKeys(step, {"plan_id", "lease_expires_at"}),
                     PickKeys(after, {"plan_id", "lease_expires_at"})},
                    actor);
    return json{{"task", *TaskView(step_id)}};
  });
}

}  // namespace pm::store
