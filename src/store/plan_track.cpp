#include "store/plan_track.h"

namespace pm::store {

json TrackRef(Database& db, const json& track_id) {
  if (!track_id.is_number_integer()) return nullptr;
  auto q = db.Prepare("SELECT id, name, color FROM tracks WHERE id = ?");
  q.Bind(1, track_id.get<int64_t>());
  if (!q.Step()) return nullptr;
  return {{"id", q.Int64(0)},
          {"name", q.Text(1)},
          {"color", q.IsNull(2) ? json(nullptr) : json(q.Text(2))}};
}

}  // namespace pm::store
