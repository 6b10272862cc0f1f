// The requirement as a typed row: one acceptance criterion of a plan (seed
// 000), with a short code (R7), whether it is met (and since when) and how it
// was verified.
//
// kRequirementColumns and ReadRequirement go together: the reader takes the
// columns in that order. The readers throw DbError like every query.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::store {

struct Requirement {
  int64_t id = 0;
  int64_t workspace_id = 0;
  int64_t plan_id = 0;
  std::string code;  // R7, unique in the workspace
  std::string text;
  bool met = false;
  std::optional<std::string> verification;
  int64_t order_index = 0;  // 0..n-1 in the plan
  std::string created_at, updated_at;
  std::optional<std::string> met_at;
  std::optional<int64_t> created_session_id;  // the session that added it
};

// Every column of a requirement, in ReadRequirement's order.
extern const char* const kRequirementColumns;
// Reads kRequirementColumns from the current row, starting at column `first`.
Requirement ReadRequirement(Statement& row, int first = 0);

// Requirement `id`, if it exists.
std::optional<Requirement> LoadRequirement(Database& db, int64_t id);
// The plan's requirements in plan order (idx_requirements_plan).
std::vector<Requirement> PlanRequirements(Database& db, int64_t plan_id);

// The requirement as structuredContent and update_log show it: every column,
// absent values as null.
nlohmann::json ToJson(const Requirement& requirement);

}  // namespace pm::store
