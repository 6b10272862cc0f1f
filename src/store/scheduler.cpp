#include "store/scheduler.h"

#include "common/json_object.h"
#include "common/user_error.h"
#include "store/row_json.h"

namespace pm::store {

using nlohmann::json;

json ToJson(const TaskView& v) {
  json plan = nullptr;
  if (v.plan) {
    plan = JsonObject()
               .Set("id", v.plan->id)
               .Set("code", v.plan->code)
               .Set("title", v.plan->title)
               .SetOrNull("goal", v.plan->goal)
               .Set("priority", v.plan->priority)
               .Set("status", v.plan->status)
               .Set("track", ToJson(v.plan->track))
               .Take();
  }
  json phase = nullptr;
  if (v.phase) {
    phase = JsonObject()
                .Set("id", v.phase->id)
                .Set("name", v.phase->name)
                .Set("order_index", v.phase->order_index)
                .Take();
  }
  json requirements = json::array();
  for (const auto& r : v.requirements) {
    requirements.push_back(JsonObject().Set("code", r.code).Set("text", r.text).Take());
  }
  json notes = json::array();
  for (const auto& n : v.notes) {
    notes.push_back(JsonObject().Set("kind", n.kind).Set("text", n.text).Take());
  }
  json task = ToJson(v.task);
  // The task without empty fields and bookkeeping: a smaller answer.
  for (auto it = task.begin(); it != task.end();) {
    const json& value = *it;
    const bool empty = value.is_null() || (value.is_array() && value.empty()) ||
                       (value.is_string() && value.get_ref<const std::string&>().empty());
    if (empty || it.key() == "workspace_id" || it.key() == "updated_at") {
      it = task.erase(it);
    } else {
      ++it;
    }
  }
  JsonObject out;
  out.Set("task", std::move(task)).Set("plan", std::move(plan)).Set("phase", std::move(phase));
  if (!requirements.empty()) out.Set("requirements", std::move(requirements));
  if (!notes.empty()) out.Set("notes", std::move(notes));
  return out.Take();
}

json ToJson(const DoneAndNext::Completed& s) {
  return {{"id", s.id},
          {"code", s.code},
          {"task", s.task},
          {"status", s.status},
          {"completed_at", OrNull(s.completed_at)},
          {"completed_by", OrNull(s.completed_by)}};
}

json ToJson(const NextTask& n) {
  if (!n.task) return {{"task", nullptr}, {"nothing_ready", ToJson(*n.nothing_ready)}};
  json out = ToJson(*n.task);
  out["claimed"] = n.claimed;
  if (!n.expired.empty()) out["expired_leases"] = n.expired;
  return out;
}

json ToJson(const StatusUpdate& u) {
  json out = ToJson(u.task);
  out["previous_status"] = u.previous_status;
  out["became_ready"] = RowsJson(u.became_ready);
  out["plan_open_steps"] = u.plan_open_steps;
  return out;
}

json ToJson(const DoneAndNext& n) {
  const json completed = n.completed ? ToJson(*n.completed) : json(nullptr);
  json out;
  if (n.task) {
    out = ToJson(*n.task);
    out["completed"] = completed;
  } else {
    out = {{"completed", completed},
           {"task", nullptr},
           {"nothing_ready", n.nothing_ready ? ToJson(*n.nothing_ready) : json(nullptr)}};
  }
  out["became_ready"] = RowsJson(n.became_ready);
  if (!n.expired.empty()) out["expired_leases"] = n.expired;
  return out;
}

json ToJson(const ClaimResult& c) {
  json out = ToJson(c.task);
  if (c.renewed) out["renewed"] = true;
  return out;
}

std::optional<TaskView> Scheduler::View(int64_t step_id) {
  auto step =
      db_.Prepare(std::string("SELECT ") + kStepColumns + " FROM steps AS s WHERE s.id = ?");
  step.Bind(1, step_id);
  if (!step.Step()) return std::nullopt;
  TaskView view;
  view.task = ReadStep(step);
  const int64_t plan_id = view.task.plan_id;

  auto plan = db_.Prepare(
      "SELECT p.id, p.code, p.title, p.goal, p.priority, p.status, t.id, t.name, t.color "
      "FROM plans AS p LEFT JOIN tracks AS t ON t.id = p.track_id WHERE p.id = ?");
  plan.Bind(1, plan_id);
  if (plan.Step()) {
    view.plan = TaskView::Plan{plan.Int64(0), plan.Text(1), plan.Text(2),          plan.OptText(3),
                               plan.Text(4),  plan.Text(5), ReadPlanTrack(plan, 6)};
  }
  auto phase = db_.Prepare("SELECT id, name, order_index FROM phases WHERE id = ?");
  phase.Bind(1, view.task.phase_id);
  if (phase.Step()) view.phase = TaskView::Phase{phase.Int64(0), phase.Text(1), phase.Int64(2)};

  auto requirements = db_.Prepare(
      "SELECT code, text FROM requirements WHERE plan_id = ? AND NOT met ORDER BY order_index");
  requirements.Bind(1, plan_id);
  while (requirements.Step()) {
    view.requirements.push_back({requirements.Text(0), requirements.Text(1)});
  }
  auto notes = db_.Prepare(
      "SELECT kind, text FROM plan_notes WHERE plan_id = ? AND kind IN "
      "('instruction', 'warning') ORDER BY id DESC LIMIT 5");
  notes.Bind(1, plan_id);
  while (notes.Step()) view.notes.push_back({notes.Text(0), notes.Text(1)});
  return view;
}

std::vector<StepSummary> Scheduler::Ready(const TaskFilter& filter, int limit) {
  return ReadyQuery(db_).Ready(filter, limit);
}

std::vector<WaitingStep> Scheduler::Waiting(const TaskFilter& filter, int limit) {
  return Readiness(db_).Waiting(filter, limit);
}

std::optional<int64_t> Scheduler::PickAndClaim(const TaskFilter& filter, int lease_seconds,
                                               const Actor& actor) {
  // The pick and the claim share the caller's write transaction, so no other
  // connection can claim in between; the conditional UPDATE double-checks.
  StepLifecycle lifecycle(db_);
  if (db_.engine() == Engine::kPostgres) {
    // One statement: the pick locks its row and skips rows other claims hold.
    std::vector<SqlValue> params;
    const std::string pick = ReadyQuery::BestSql(filter, &params) + " FOR UPDATE OF s SKIP LOCKED";
    if (auto id = lifecycle.ClaimPicked(pick, params, lease_seconds, actor)) return id;
    // The pick weighs only each plan's first ready step, so it finds nothing
    // when claims beside this one hold those, though more of their phases may
    // be ready: then the first of all ready steps, in the same order, not held.
    params.clear();
    const std::string next = ReadyQuery::ReadySql(filter, "s.id", std::nullopt, &params) +
                             " LIMIT 1 FOR UPDATE OF s SKIP LOCKED";
    return lifecycle.ClaimPicked(next, params, lease_seconds, actor);
  }
  ReadyQuery ready(db_);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto best = ready.Best(filter);
    if (!best) return std::nullopt;
    if (lifecycle.Claim(*best, lease_seconds, actor)) return best;
  }
  return std::nullopt;
}

NextTask Scheduler::GetNextTask(const TaskFilter& filter, bool claim, int lease_seconds,
                                const Actor& actor) {
  NextTask next;
  if (!claim) {
    // One read transaction for the few queries: one snapshot, and one lock
    // round instead of one per statement.
    db_.Read([&] {
      if (auto best = ReadyQuery(db_).Best(filter)) {
        next.task = View(*best);
      } else {
        next.nothing_ready = Readiness(db_).Explain(filter);
      }
    });
    return next;
  }
  // Row locks alone keep claims apart (PostgreSQL: many claim at once).
  db_.WriteWithRowLocks([&] {
    next.expired = StepLifecycle(db_).ExpireLeases(filter.workspace_id, actor);
    auto task = PickAndClaim(filter, lease_seconds, actor);
    next.claimed = task.has_value();
    next.task = task ? View(*task) : std::nullopt;
  });
  // Explained after the commit, so the write lock is not held for a read.
  if (!next.task) next.nothing_ready = Readiness(db_).Explain(filter);
  return next;
}

StatusUpdate Scheduler::UpdateTaskStatus(int64_t step_id, const StatusChange& change,
                                         const Actor& actor) {
  return db_.Write([&] {
    StepLifecycle lifecycle(db_);
    MoveResult moved = lifecycle.Move(lifecycle.Load(step_id), change, actor);
    return StatusUpdate{*View(step_id), std::move(moved.previous_status),
                        std::move(moved.became_ready), moved.plan_open_steps};
  });
}

DoneAndNext Scheduler::Next(int64_t plan_id, std::optional<int64_t> current,
                            const std::string& completion_notes, int lease_seconds,
                            const Actor& actor) {
  TaskFilter filter;
  DoneAndNext next;
  db_.Write([&] {
    auto plan = db_.Prepare("SELECT workspace_id, code FROM plans WHERE id = ?");
    plan.Bind(1, plan_id);
    if (!plan.Step()) throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    const int64_t ws = plan.Int64(0);
    const std::string plan_code = plan.Text(1);
    StepLifecycle lifecycle(db_);
    next.expired = lifecycle.ExpireLeases(ws, actor);

    std::optional<Step> done;
    if (current) {
      Step step = lifecycle.Load(*current);
      if (step.plan_id != plan_id) {
        throw UserError("step " + step.code + " is not in plan " + plan_code);
      }
      done = std::move(step);
    } else {
      // The caller's own in_progress steps of the plan (idx_steps_plan_status).
      auto held = db_.Prepare(std::string("SELECT ") + kStepColumns +
                              " FROM steps AS s WHERE s.plan_id = ? AND s.status = "
                              "'in_progress' ORDER BY s.claimed_at" +
                              db_.lock_rows_read());
      held.Bind(1, plan_id);
      std::vector<Step> mine;
      while (held.Step()) {
        Step s = ReadStep(held);
        if (s.claim.holder_agent && SameHolder(s.claim, actor)) mine.push_back(std::move(s));
      }
      if (mine.size() > 1) {
        std::string codes;
        for (const auto& s : mine) codes += (codes.empty() ? "" : ", ") + s.code;
        throw UserError(actor.agent + " holds " + codes + " in plan " + plan_code +
                        "; say which one is done (step)");
      }
      if (!mine.empty()) done = std::move(mine.front());
    }
    if (done) {
      StatusChange change;
      change.status = "completed";
      if (!completion_notes.empty()) change.completion_notes = completion_notes;
      MoveResult moved = lifecycle.Move(*done, change, actor);
      const Step after = lifecycle.Load(done->id);
      next.completed = DoneAndNext::Completed{after.id,     after.code,         after.task,
                                              after.status, after.completed_at, after.completed_by};
      next.became_ready = std::move(moved.became_ready);
    }
    filter.workspace_id = ws;
    filter.plan_id = plan_id;
    auto task = PickAndClaim(filter, lease_seconds, actor);
    next.task = task ? View(*task) : std::nullopt;
  });
  if (!next.task) next.nothing_ready = Readiness(db_).Explain(filter);
  return next;
}

ClaimResult Scheduler::Claim(int64_t step_id, int lease_seconds, const Actor& actor) {
  return db_.Write([&] {
    StepLifecycle lifecycle(db_);
    lifecycle.ExpireLeases(lifecycle.Load(step_id).workspace_id, actor);
    const Step step = lifecycle.Load(step_id);
    if (step.status == "in_progress") {
      if (!step.claim.holder_agent || !SameHolder(step.claim, actor)) {
        throw UserError("step " + step.code + " is already in progress" +
                        (step.claim.holder_agent
                             ? ", held by " + HolderText(step.claim) + " until " +
                                   step.claim.lease_expires_at.value_or("?")
                             : std::string()));
      }
      lifecycle.RenewLease(step, lease_seconds, actor, false);
      return ClaimResult{*View(step_id), true};
    }
    if (step.status != "pending") {
      throw UserError("step " + step.code + " is " + step.status +
                      "; only pending steps can be claimed");
    }
    auto waits = Readiness(db_).WaitsOn(step_id);
    if (!waits.empty())
      throw UserError("step " + step.code + " is not ready: " + ReasonText(waits));
    if (!lifecycle.Claim(step_id, lease_seconds, actor)) {
      throw UserError("step " + step.code + " was claimed by someone else just now");
    }
    return ClaimResult{*View(step_id), false};
  });
}

StatusUpdate Scheduler::Release(int64_t step_id, bool force, const Actor& actor) {
  return db_.Write([&] {
    StepLifecycle lifecycle(db_);
    const Step step = lifecycle.Load(step_id);
    if (step.status != "in_progress") {
      throw UserError("step " + step.code + " is " + step.status +
                      "; only an in_progress step can be released");
    }
    StatusChange change;
    change.status = "pending";
    change.force = force;
    MoveResult moved = lifecycle.Move(step, change, actor);
    return StatusUpdate{*View(step_id), std::move(moved.previous_status),
                        std::move(moved.became_ready), moved.plan_open_steps};
  });
}

TaskView Scheduler::Heartbeat(int64_t step_id, int lease_seconds, const Actor& actor) {
  return db_.Write([&] {
    StepLifecycle lifecycle(db_);
    const Step step = lifecycle.Load(step_id);
    if (step.status != "in_progress") {
      throw UserError("step " + step.code + " is " + step.status +
                      ", not in progress: claim it again with get_next_task or claim");
    }
    if (step.claim.holder_agent && !SameHolder(step.claim, actor)) {
      throw UserError("step " + step.code + " is held by " + HolderText(step.claim) + ", not by " +
                      actor.agent);
    }
    lifecycle.RenewLease(step, lease_seconds, actor, true);
    return *View(step_id);
  });
}

}  // namespace pm::store
