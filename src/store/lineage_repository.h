// LineageRepository owns lineage: the handoffs between agents on a plan. A
// handoff appends a lineage row and keeps its data as context on the plan
// (type "handoff"), in one transaction, so the next agent finds both.
#pragma once

#include <optional>
#include <string>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

struct Handoff {
  std::string from_agent, to_agent;
  std::optional<std::string> reason;
  json data = json::object();
};

class LineageRepository {
 public:
  explicit LineageRepository(Database& db) : db_(db) {}

  // REQUIRES: plan `plan_id` belongs to `workspace_id`. Returns {"lineage":
  // row, "context": the stored context item}.
  json Record(int64_t workspace_id, int64_t plan_id, const Handoff& handoff, const Actor& actor);

  // The plan's handoffs, oldest first.
  RowPage List(int64_t plan_id, int limit, int64_t after_id);

 private:
  Database& db_;
};

}  // namespace pm::store
