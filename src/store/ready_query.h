// ReadyQuery answers "which steps can start now, best first" with one indexed
// query: the SQL half of the scheduler.
//
// A step is ready when it is pending, its plan is planned or active, every
// earlier phase of its plan is done, and every blocking dependency of the step,
// its phase and its plan is complete (see dependency_repository.h). Ready steps
// are ordered by plan priority (critical first), phase order, step order, then
// age. Only pending steps of each plan's front phase (the first phase with an
// open step) can be ready, so a question costs a few index lookups per plan
// however many steps the plans hold.
//
// Reads only; safe inside or outside a write transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/step.h"

namespace pm::store {

// Which steps a question is about: a workspace, optionally narrowed.
struct TaskFilter {
  int64_t workspace_id = 0;
  std::optional<int64_t> plan_id, track_id, phase_id;
  std::optional<std::string> type;
};

class ReadyQuery {
 public:
  explicit ReadyQuery(Database& db) : db_(db) {}

  // Ready steps, best first, at most `limit` (-1: all); only of `plans` when given.
  std::vector<StepSummary> Ready(const TaskFilter& filter, int limit,
                                 const std::optional<std::set<int64_t>>& plans = std::nullopt);
  // Ready's query, best first, without a limit: `columns` over steps aliased
  // `s`, with its parameters appended to `params`.
  static std::string ReadySql(const TaskFilter& filter, const char* columns,
                              const std::optional<std::set<int64_t>>& plans,
                              std::vector<SqlValue>* params);
  // The id of the best ready step.
  std::optional<int64_t> Best(const TaskFilter& filter);
  // Best's query (its one column the step id, over steps aliased `s`), with its
  // parameters appended to `params`.
  static std::string BestSql(const TaskFilter& filter, std::vector<SqlValue>* params);
  // Ids of the ready steps of these plans (of one workspace).
  std::set<int64_t> ReadyIds(int64_t workspace_id, const std::set<int64_t>& plan_ids);

 private:
  Database& db_;
};

// SQL shared by the scheduler's queries: a plan priority as a rank (critical =
// 0), over plans aliased `p`.
extern const char* const kPlanRankSql;

// The plans and steps a filter covers (aliases p, s, ph), appending its
// parameters to `params`.
std::string TaskScopeSql(const TaskFilter& filter, std::vector<SqlValue>* params);

}  // namespace pm::store
