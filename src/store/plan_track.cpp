#include "store/plan_track.h"

#include "store/typed_query.h"

namespace pm::store {

std::optional<PlanTrack> LoadPlanTrack(Database& db, std::optional<int64_t> track_id) {
  if (!track_id) return std::nullopt;
  return ReadFirst(db, "SELECT id, name, color FROM tracks WHERE id = ?", {*track_id},
                   [](Statement& row, int c) {
                     return PlanTrack{row.Int64(c), row.Text(c + 1), row.OptText(c + 2)};
                   });
}

nlohmann::json ToJson(const PlanOnTrack& assigned) {
  nlohmann::json out = ToJson(assigned.plan);
  out["track"] = ToJson(assigned.track);
  return out;
}

}  // namespace pm::store
