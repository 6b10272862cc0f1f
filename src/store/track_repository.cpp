#include "store/track_repository.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/plan_summaries.h"
#include "store/plan_track.h"
#include "store/shapes.h"
#include "store/typed_query.h"

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
  auto other = FindWhere("t.workspace_id = ? AND t.name = ?", {workspace_id, text});
  if (other && (!self || other->id != *self)) {
    throw UserError("a track named \"" + text + "\" already exists (#" + std::to_string(other->id) +
                    "); track names are unique in a workspace");
  }
}

std::optional<Track> TrackRepository::FindWhere(const std::string& where,
                                                const std::vector<SqlValue>& params) {
  return ReadFirst(db_, std::string("SELECT ") + kTrackColumns + " FROM tracks AS t WHERE " + where,
                   params, ReadTrack);
}

Track TrackRepository::Create(int64_t workspace_id, const json& values, const Actor& actor) {
  return db_.Write([&] {
    CheckValues(workspace_id, values, std::nullopt);
    json row = values;
    row["workspace_id"] = workspace_id;
    const int64_t id = InsertRow(db_, "tracks", row);
    Track created = *FindWhere("t.id = ?", {id});
    RecordChange(db_, {workspace_id, "track", id, "create", nullptr, ToJson(created)}, actor);
    return created;
  });
}

std::optional<Track> TrackRepository::Find(int64_t workspace_id, const json& ref) {
  if (ref.is_number_integer()) {
    return FindWhere("t.id = ? AND t.workspace_id = ?", {ref.get<int64_t>(), workspace_id});
  }
  if (!ref.is_string()) return std::nullopt;
  const std::string text = ref;
  if (IsDigits(text) && text.size() < 19) {
    return FindWhere("t.id = ? AND t.workspace_id = ?",
                     {static_cast<int64_t>(std::stoll(text)), workspace_id});
  }
  // Uses the UNIQUE (workspace_id, name) index.
  return FindWhere("t.workspace_id = ? AND t.name = ?", {workspace_id, text});
}

Track TrackRepository::Update(int64_t workspace_id, int64_t id, const json& patch,
                              const Actor& actor) {
  return db_.Write([&] {
    auto before = Find(workspace_id, id);
    if (!before) throw UserError("track " + std::to_string(id) + " no longer exists");
    CheckValues(workspace_id, patch, id);
    UpdateRow(db_, "tracks", id, patch);
    Track after = *FindWhere("t.id = ?", {id});
    RecordChange(db_, {workspace_id, "track", id, "update", ToJson(*before), ToJson(after)}, actor);
    return after;
  });
}

DeletedTrack TrackRepository::Delete(int64_t workspace_id, int64_t id, const Actor& actor) {
  return db_.Write([&] {
    auto track = Find(workspace_id, id);
    if (!track) throw UserError("track " + std::to_string(id) + " no longer exists");
    DeletedTrack deleted{std::move(*track), {}};
    for (const auto& plan : PlanSummaries(db_, "track_id = ?", {id})) {
      deleted.unassigned_plans.push_back(plan.id);
    }
    DeleteLogged(db_, TrackEntity(workspace_id), id, ToJson(deleted), actor);
    return deleted;
  });
}

std::vector<Track> TrackRepository::Counted(const std::string& where,
                                            const std::vector<SqlValue>& params) {
  // idx_tracks_workspace orders the tracks; idx_plans_track finds their plans;
  // ready_steps is probed per plan through idx_steps_plan_status.
  auto q =
      db_.Prepare(std::string("SELECT ") + kTrackColumns +
                  ", count(p.id), count(CASE WHEN p.status = 'completed' THEN 1 END), "
                  "count(CASE WHEN EXISTS (SELECT 1 FROM ready_steps AS r WHERE r.plan_id = p.id) "
                  "THEN 1 END) "
                  "FROM tracks AS t LEFT JOIN plans AS p ON p.track_id = t.id WHERE " +
                  where + " GROUP BY t.id ORDER BY t.sort_order, t.name");
  q.BindValues(params);
  std::vector<Track> tracks;
  while (q.Step()) {
    Track track = ReadTrack(q);
    const int c = kTrackColumnCount;
    track.counts = TrackCounts{q.Int64(c), q.Int64(c + 1), q.Int64(c + 2)};
    tracks.push_back(std::move(track));
  }
  return tracks;
}

std::vector<Track> TrackRepository::List(int64_t workspace_id) {
  return Counted("t.workspace_id = ?", {workspace_id});
}

Track TrackRepository::WithCounts(int64_t workspace_id, int64_t id) {
  auto rows = Counted("t.workspace_id = ? AND t.id = ?", {workspace_id, id});
  if (rows.empty()) throw UserError("track " + std::to_string(id) + " no longer exists");
  return rows.front();
}

std::vector<PlanSummary> TrackRepository::Plans(int64_t track_id) {
  std::vector<PlanSummary> plans = PlanSummaries(db_, "track_id = ?", {track_id});
  // Served by idx_steps_plan_status.
  auto counts = db_.Prepare(
      "SELECT count(*), count(*) FILTER (WHERE status = 'completed') FROM steps WHERE plan_id = ?");
  for (auto& plan : plans) {
    counts.Reset();
    counts.Bind(1, plan.id);
    counts.Step();
    plan.steps = PlanStepCounts{counts.Int64(0), counts.Int64(1)};
  }
  return plans;
}

PlanOnTrack TrackRepository::Assign(int64_t workspace_id, int64_t plan_id,
                                    std::optional<int64_t> track_id, const Actor& actor) {
  return db_.Write([&] {
    if (PlanSummaries(db_, "id = ? AND workspace_id = ?", {plan_id, workspace_id}).empty()) {
      throw UserError("plan " + std::to_string(plan_id) + " no longer exists");
    }
    if (track_id && !Find(workspace_id, *track_id)) {
      throw UserError("track " + std::to_string(*track_id) + " no longer exists");
    }
    UpdateLogged(db_, {shapes::kPlan, "plan", workspace_id}, plan_id,
                 {{"track_id", track_id ? json(*track_id) : json(nullptr)}}, actor);
    PlanOnTrack assigned{PlanSummaries(db_, "id = ?", {plan_id}).front(), std::nullopt};
    assigned.track = LoadPlanTrack(db_, assigned.plan.track_id);
    return assigned;
  });
}

}  // namespace pm::store
