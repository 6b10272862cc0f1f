#include "store/ready_query.h"

#include "store/dependency_repository.h"

namespace pm::store {

const char* const kPlanRankSql =
    "CASE p.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

namespace {

// A blocking dependency of (kind, id) whose target is not complete.
std::string UnmetSql(const char* kind, const char* id_expr) {
  return std::string("EXISTS (SELECT 1 FROM dependencies AS d WHERE d.source_kind = '") + kind +
         "' AND d.source_id = " + id_expr + " AND d.kind = 'blocks' AND NOT " + kTargetCompleteSql +
         ")";
}

// The plans a question covers (alias p), with the filter's parameters appended.
std::string PlanScope(const TaskFilter& f, const std::optional<std::set<int64_t>>& plans,
                      std::vector<SqlValue>* params) {
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
    where += " AND p.id IN (" + Placeholders(plans->size()) + ")";
    for (int64_t id : *plans) params->push_back(id);
  }
  return where;
}

// Every plan that may run, with its front phase: the first phase that still has
// an open step. Plans by idx_plans_workspace_status, phases by
// idx_phases_plan_order, open steps by idx_steps_phase_status, edges by the
// dependencies UNIQUE index.
std::string FrontSql(const TaskFilter& f, const std::optional<std::set<int64_t>>& plans,
                     std::vector<SqlValue>* params) {
  return "WITH front AS (SELECT p.id AS plan_id, p.priority AS priority, "
         "(SELECT ph.id FROM phases AS ph WHERE ph.plan_id = p.id AND " PM_OPEN_STEP_IN_PHASE_SQL(
             "o", "ph.id") " ORDER BY ph.order_index LIMIT 1) AS phase_id "
         "FROM plans AS p WHERE " +
         PlanScope(f, plans, params) + " AND p.status IN ('planned', 'active') AND NOT " +
         UnmetSql("plan", "p.id") + ") ";
}

std::string StepFilters(const TaskFilter& f, std::vector<SqlValue>* params) {
  if (!f.type) return "";
  params->push_back(*f.type);
  return " AND s.type = ?";
}

std::string PhaseFilter(const TaskFilter& f, std::vector<SqlValue>* params) {
  if (!f.phase_id) return "";
  params->push_back(*f.phase_id);
  return " AND ph.id = ?";
}

}  // namespace

std::string TaskScopeSql(const TaskFilter& f, std::vector<SqlValue>* params) {
  std::string where = PlanScope(f, std::nullopt, params);
  where += StepFilters(f, params);
  where += PhaseFilter(f, params);
  return where;
}

std::string ReadyQuery::ReadySql(const TaskFilter& f, const char* columns,
                                 const std::optional<std::set<int64_t>>& plans,
                                 std::vector<SqlValue>* out) {
  std::vector<SqlValue>& params = *out;
  std::string sql = FrontSql(f, plans, &params) + "SELECT " + columns +
                    " FROM front AS f JOIN plans AS p ON p.id = f.plan_id "
                    "JOIN phases AS ph ON ph.id = f.phase_id "
                    "JOIN steps AS s ON s.phase_id = f.phase_id AND s.status = 'pending'"
                    " WHERE NOT " +
                    UnmetSql("phase", "ph.id") + " AND NOT " + UnmetSql("step", "s.id");
  // (Appended one by one: each call adds its parameters in SQL order.)
  sql += StepFilters(f, &params);
  sql += PhaseFilter(f, &params);
  sql += std::string(" ORDER BY ") + kPlanRankSql +
         ", ph.order_index, s.order_index, s.created_at, s.id";
  return sql;
}

std::vector<StepSummary> ReadyQuery::Ready(const TaskFilter& f, int limit,
                                           const std::optional<std::set<int64_t>>& plans) {
  std::vector<SqlValue> params;
  std::string sql = ReadySql(f, kStepSummaryColumns, plans, &params);
  if (limit >= 0) {
    sql += " LIMIT ?";
    params.push_back(static_cast<int64_t>(limit));
  }
  auto q = db_.Prepare(sql);
  q.BindValues(params);
  std::vector<StepSummary> rows;
  while (q.Step()) rows.push_back(ReadStepSummary(q));
  return rows;
}

std::set<int64_t> ReadyQuery::ReadyIds(int64_t workspace_id, const std::set<int64_t>& plan_ids) {
  std::set<int64_t> ids;
  if (plan_ids.empty()) return ids;
  TaskFilter f;
  f.workspace_id = workspace_id;
  // Ids alone: a move asks twice (before and after), and reads no summaries.
  std::vector<SqlValue> params;
  auto q = db_.Prepare(ReadySql(f, "s.id", plan_ids, &params));
  q.BindValues(params);
  while (q.Step()) ids.insert(q.Int64(0));
  return ids;
}

std::optional<int64_t> ReadyQuery::Best(const TaskFilter& f) {
  std::vector<SqlValue> params;
  auto q = db_.Prepare(BestSql(f, &params));
  q.BindValues(params);
  if (!q.Step()) return std::nullopt;
  return q.Int64(0);
}

std::string ReadyQuery::BestSql(const TaskFilter& f, std::vector<SqlValue>* out) {
  // Per plan, the first ready step of its front phase (idx_steps_phase_status
  // yields pending steps in order, so the search stops at the first that has no
  // unmet blocker); then the best of those few.
  std::vector<SqlValue>& params = *out;
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
  return sql;
}

}  // namespace pm::store
