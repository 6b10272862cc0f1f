#include "store/track_repository.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/plan_summaries.h"
#include "store/shapes.h"

namespace pm::store {

namespace {

bool IsDigits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

bool IsHexColor(const std::string& s) {
  if (s.size() != 7 || s[0] != '#') return false;
  return s.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
}

LoggedEntity TrackEntity(int64_t workspace_id) { return {shapes::kTrack, "track", workspace_id}; }

}  // namespace

void TrackRepository::CheckValues(int64_t workspace_id, const json& values,
                                  std::optional<int64_t> self) {
  if (auto color = values.find("color");
      color != values.end() && color->is_string() && !IsHexColor(color->get<std::string>())) {
    throw UserError("color must look like #3B82F6 (# and six hex digits), got \"" +
                    color->get<std::string>() + "\"");
  }
  auto name = values.find("name");
  if (name == values.end()) return;
  const std::string text = *name;
  if (IsDigits(text)) throw UserError("a track name cannot be all digits (it would read as an id)");
  auto other =
      SelectOne(db_, shapes::kTrack, "workspace_id = ? AND name = ?", {workspace_id, text});
  if (other && (!self || (*other)["id"] != *self)) {
    throw UserError("a track named \"" + text + "\" already exists (#" + (*other)["id"].dump() +
                    "); track names are unique in a workspace");
  }
}

json TrackRepository::Create(int64_t workspace_id, const json& values, const Actor& actor) {
  return db_.Write([&] {
    CheckValues(workspace_id, values, std::nullopt);
    json row = values;
    row["workspace_id"] = workspace_id;
    return InsertLogged(db_, TrackEntity(workspace_id), row, actor);
  });
}

std::optional<json> TrackRepository::Find(int64_t workspace_id, const json& ref) {
  if (ref.is_number_integer()) {
    return SelectOne(db_, shapes::kTrack, "id = ? AND workspace_id = ?", {ref, workspace_id});
  }
  if (!ref.is_string()) return std::nullopt;
  const std::string text = ref;
  if (IsDigits(text) && text.size() < 19) {
    return SelectOne(db_, shapes::kTrack, "id = ? AND workspace_id = ?",
                     {std::stoll(text), workspace_id});
  }
  // Uses the UNIQUE (workspace_id, name) index.
  return SelectOne(db_, shapes::kTrack, "workspace_id = ? AND name = ?", {workspace_id, text});
}

json TrackRepository::Update(int64_t workspace_id, int64_t id, const json& patch,
                             const Actor& actor) {
  return db_.Write([&] {
    if (!Find(workspace_id, id))
      throw UserError("track " + std::to_string(id) + " no longer exists");
    CheckValues(workspace_id, patch, id);
    return UpdateLogged(db_, TrackEntity(workspace_id), id, patch, actor);
  });
}

json TrackRepository::Delete(int64_t workspace_id, int64_t id, const Actor& actor) {
  return db_.Write([&] {
    auto row = Find(workspace_id, id);
    if (!row) throw UserError("track " + std::to_string(id) + " no longer exists");
    json before = *row;
    before["unassigned_plans"] = json::array();
    for (const auto& plan : PlanSummaries(db_, "track_id = ?", {id})) {
      before["unassigned_plans"].push_back(plan["id"]);
    }
    DeleteLogged(db_, TrackEntity(workspace_id), id, before, actor);
    return before;
  });
}

std::vector<json> TrackRepository::Counted(const std::string& where,
                                           const std::vector<json>& params) {
  // idx_tracks_workspace orders the tracks; idx_plans_track finds their plans;
  // ready_steps is probed per plan through idx_steps_plan_status.
  return Query(db_, shapes::kTrack,
               "SELECT t.*, count(p.id) AS plan_count, "
               "count(CASE WHEN p.status = 'completed' THEN 1 END) AS done_count, "
               "count(CASE WHEN EXISTS (SELECT 1 FROM ready_steps AS r WHERE r.plan_id = p.id) "
               "THEN 1 END) AS ready_count "
               "FROM tracks AS t LEFT JOIN plans AS p ON p.track_id = t.id WHERE " +
                   where + " GROUP BY t.id ORDER BY t.sort_order, t.name",
               params);
}

std::vector<json> TrackRepository::List(int64_t workspace_id) {
  return Counted("t.workspace_id = ?", {workspace_id});
}

json TrackRepository::WithCounts(int64_t workspace_id, int64_t id) {
  auto rows = Counted("t.workspace_id = ? AND t.id = ?", {workspace_id, id});
  if (rows.empty()) throw UserError("track " + std::to_string(id) + " no longer exists");
  return rows.front();
}

std::vector<json> TrackRepository::Plans(int64_t track_id) {
  return PlanSummaries(db_, "track_id = ?", {track_id});
}

json TrackRepository::Assign(int64_t workspace_id, int64_t plan_id, std::optional<int64_t> track_id,
                             const Actor& actor) {
  return db_.Write([&] {
    if (PlanSummaries(db_, "id = ? AND workspace_id = ?", {plan_id, workspace_id}).empty()) {
      throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    }
    json track = nullptr;
    if (track_id) {
      auto row = Find(workspace_id, *track_id);
      if (!row) throw UserError("track " + std::to_string(*track_id) + " no longer exists");
      track = {{"id", (*row)["id"]}, {"name", (*row)["name"]}, {"color", (*row)["color"]}};
    }
    UpdateLogged(db_, {shapes::kPlan, "plan", workspace_id}, plan_id,
                 {{"track_id", track_id ? json(*track_id) : json(nullptr)}}, actor);
    json plan = PlanSummaries(db_, "id = ?", {plan_id}).front();
    plan["track"] = std::move(track);
    return plan;
  });
}

}  // namespace pm::store
