// The phase as a typed row: a named, ordered stage of a plan that holds its
// steps (seed 000). DeletedPhase is what deleting a phase reports: the phase and
// how many of its steps moved to another phase or went with it.
//
// kPhaseColumns and ReadPhase go together: the reader takes the columns in
// that order. The readers throw DbError like every query.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::store {

struct Phase {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string name;
  int64_t order_index = 0;  // 0..n-1 in the plan
  std::string created_at, updated_at;
};

// Every column of a phase, in ReadPhase's order.
extern const char* const kPhaseColumns;
// Reads kPhaseColumns from the current row, starting at column `first`.
Phase ReadPhase(Statement& row, int first = 0);

// Phase `id`, if it exists.
std::optional<Phase> LoadPhase(Database& db, int64_t id);
// The plan's phases in plan order (idx_phases_plan_order).
std::vector<Phase> PlanPhases(Database& db, int64_t plan_id);

// The phase as structuredContent and update_log show it: every column.
nlohmann::json ToJson(const Phase& phase);

struct DeletedPhase {
  Phase phase;
  int64_t steps_moved = 0, steps_deleted = 0;
};

// {phase, steps_moved, steps_deleted}
nlohmann::json ToJson(const DeletedPhase& deleted);

}  // namespace pm::store
