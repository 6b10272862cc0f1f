#include "store/track.h"

#include "store/row_json.h"

namespace pm::store {

const char* const kTrackColumns =
    "t.id, t.workspace_id, t.name, t.description, t.goal, t.color, t.icon, t.sort_order, "
    "t.created_at, t.updated_at";

Track ReadTrack(Statement& row, int first) {
  int c = first;
  Track t;
  t.id = row.Int64(c++);
  t.workspace_id = row.Int64(c++);
  t.name = row.Text(c++);
  t.description = row.OptText(c++);
  t.goal = row.OptText(c++);
  t.color = row.OptText(c++);
  t.icon = row.OptText(c++);
  t.sort_order = row.Int64(c++);
  t.created_at = row.Text(c++);
  t.updated_at = row.Text(c++);
  return t;
}

nlohmann::json ToJson(const Track& t) {
  nlohmann::json out = {{"id", t.id},
                        {"workspace_id", t.workspace_id},
                        {"name", t.name},
                        {"description", OrNull(t.description)},
                        {"goal", OrNull(t.goal)},
                        {"color", OrNull(t.color)},
                        {"icon", OrNull(t.icon)},
                        {"sort_order", t.sort_order},
                        {"created_at", t.created_at},
                        {"updated_at", t.updated_at}};
  if (t.counts) {
    out["plan_count"] = t.counts->plans;
    out["done_count"] = t.counts->done;
    out["ready_count"] = t.counts->ready;
  }
  return out;
}

nlohmann::json ToJson(const DeletedTrack& deleted) {
  nlohmann::json out = ToJson(deleted.track);
  out["unassigned_plans"] = deleted.unassigned_plans;
  return out;
}

}  // namespace pm::store
