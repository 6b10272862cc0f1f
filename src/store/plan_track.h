// A plan's track as results show it (seed 000: track info in work orders):
// PlanTrack (plan.h), {id, name, color}, or null when the plan is on no track.
// Plan get and track_assign read it here; plan list reads it in its own query
// in the same shape.
#pragma once

#include <cstdint>
#include <optional>

#include "store/database.h"
#include "store/plan.h"

namespace pm::store {

// Track `track_id` (a plan's track_id); none for none or a track that no
// longer exists.
std::optional<PlanTrack> LoadPlanTrack(Database& db, std::optional<int64_t> track_id);

// A plan's summary with its track, as track_assign reports it.
struct PlanOnTrack {
  PlanSummary plan;
  std::optional<PlanTrack> track;
};

// ToJson(plan) with "track": {id, name, color} or null.
nlohmann::json ToJson(const PlanOnTrack& assigned);

}  // namespace pm::store
