#include "store/plan_briefing.h"

namespace pm::store {

namespace {

const TableShape kRaw{"", {}, {}};

std::optional<json> First(std::vector<json> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

json PlanBriefing(Database& db, int64_t plan_id, int recent) {
  json plan = Query(db, kRaw,
                    "SELECT id, code, title, status, priority, goal, "
                    "(SELECT count(*) FROM steps WHERE plan_id = p.id) AS steps_total, "
                    "(SELECT count(*) FROM steps WHERE plan_id = p.id AND status = 'completed') "
                    "AS steps_completed FROM plans AS p WHERE id = ?",
                    {plan_id})
                  .front();
  // The first phase (by order) with a step not completed or cancelled.
  auto phase = First(Query(db, kRaw,
                           "SELECT ph.id, ph.name, ph.order_index FROM phases AS ph WHERE "
                           "ph.plan_id = ? AND EXISTS (SELECT 1 FROM steps AS s WHERE s.phase_id = "
                           "ph.id AND s.status NOT IN ('completed', 'cancelled')) "
                           "ORDER BY ph.order_index LIMIT 1",
                           {plan_id}));
  std::optional<json> step;
  if (phase) {
    // In progress first, then the next pending one, in step order (idx_steps_phase_order).
    step = First(Query(db, kRaw,
                       "SELECT id, code, task, status, assignee, description FROM steps "
                       "WHERE phase_id = ? AND status IN ('in_progress', 'pending') "
                       "ORDER BY status = 'pending', order_index LIMIT 1",
                       {(*phase)["id"]}));
  }
  json lineage = Query(db, TableShape{"lineage", {"data"}, {}},
                       "SELECT * FROM (SELECT from_agent, to_agent, reason, data, created_at, id "
                       "FROM lineage WHERE plan_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
                       {plan_id, recent});
  json notes = Query(db, kRaw,
                     "SELECT * FROM (SELECT id, kind, text, created_by, created_at FROM plan_notes "
                     "WHERE plan_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
                     {plan_id, recent});
  json open = Query(db, kRaw,
                    "SELECT code, text FROM requirements WHERE plan_id = ? AND met = 0 "
                    "ORDER BY order_index",
                    {plan_id});
  return {{"plan", plan},       {"phase", OrNull(phase)}, {"step", OrNull(step)},
          {"lineage", lineage}, {"notes", notes},         {"open_requirements", open}};
}

}  // namespace pm::store
