#include "store/plan_track.h"

#include "store/typed_query.h"

namespace pm::store {

std::optional<PlanTrack> LoadPlanTrack(Database& db, std::optional<int64_t> track_id) {
  if (!track_id) return std::nullopt;
  auto track =
      ReadFirst(db, "SELECT id, name, color FROM tracks WHERE id = ?", {*track_id}, ReadPlanTrack);
  return track.value_or(std::nullopt);
}

nlohmann::json ToJson(const PlanOnTrack& assigned) {
  nlohmann::json out = ToJson(assigned.plan);
  out["track"] = ToJson(assigned.track);
  return out;
}

}  // namespace pm::store
