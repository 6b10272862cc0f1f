// TrackRepository owns the tracks table: goal-oriented streams of work inside a
// workspace (seed 000) — name (unique per workspace), description, goal,
// color ("#RRGGBB"), icon, sort_order — and the plans' track assignment.
//
// Every method takes the workspace the caller works in; tracks and plans of
// other workspaces are never found or changed. Every change runs in one write
// transaction with its update_log entry ("track", or "plan" for an
// assignment). Refusals a caller can fix throw pm::UserError. Tracks are typed
// rows (track.h); plans travel as the typed PlanSummary rows of plan_summaries.h.
#pragma once

#include <optional>
#include <vector>

#include "store/actor.h"
#include "store/plan.h"
#include "store/plan_track.h"
#include "store/row_json.h"
#include "store/track.h"

namespace pm::store {

class TrackRepository {
 public:
  explicit TrackRepository(Database& db) : db_(db) {}

  // `values`: name (required) and any of description, goal, color, icon,
  // sort_order, as the caller sent them (the catalog validated them).
  Track Create(int64_t workspace_id, const json& values, const Actor& actor);

  // By id (integer or digits) or by exact name.
  std::optional<Track> Find(int64_t workspace_id, const json& ref);

  // `patch`: any of the columns Create takes; absent ones stay as they are.
  Track Update(int64_t workspace_id, int64_t id, const json& patch, const Actor& actor);

  // Deletes the track; its plans become unassigned (the foreign key sets their
  // track_id to null). Returns the deleted track and the plans it held.
  DeletedTrack Delete(int64_t workspace_id, int64_t id, const Actor& actor);

  // The workspace's tracks by sort_order then name, each with plan_count,
  // done_count (completed plans) and ready_count (plans with a ready step).
  std::vector<Track> List(int64_t workspace_id);
  // One track with the same counts.
  Track WithCounts(int64_t workspace_id, int64_t id);
  // Summaries of the track's plans (see PlanSummaries), each with
  // steps_total and steps_completed.
  std::vector<PlanSummary> Plans(int64_t track_id);

  // Sets plan `plan_id`'s track, or clears it. REQUIRES: the plan and the track
  // belong to `workspace_id`. Returns the plan's summary and its track.
  PlanOnTrack Assign(int64_t workspace_id, int64_t plan_id, std::optional<int64_t> track_id,
                     const Actor& actor);

 private:
  // Throws UserError for a bad color, an all-digit name or a name in use.
  void CheckValues(int64_t workspace_id, const json& values, std::optional<int64_t> self);
  // Tracks with their counts that match `where` (alias t), bound from `params`.
  std::vector<Track> Counted(const std::string& where, const std::vector<SqlValue>& params);
  // A track of the workspace that matches `where`, bound from `params`.
  std::optional<Track> FindWhere(const std::string& where, const std::vector<SqlValue>& params);

  Database& db_;
};

}  // namespace pm::store
