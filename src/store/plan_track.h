// A plan's track as results show it (seed 000: track info in work orders):
// {id, name, color}, or null when the plan is on no track. Plan get,
// get_next_task's plan block and track_assign show it this way; plan list reads
// it in its own query (PlanTrack, plan.h) in the same shape.
#pragma once

#include <vector>

#include "store/row_json.h"

namespace pm::store {

// {id, name, color} of track `track_id` (a plan's track_id column: an integer
// or null); null for null or a track that no longer exists.
json TrackRef(Database& db, const json& track_id);

}  // namespace pm::store
