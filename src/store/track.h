// The track aggregate as a typed row (seed 000): a goal-oriented stream of work
// inside a workspace that plans are assigned to. A Track read for a listing
// also carries how many plans it holds, how many are done and how many have a
// ready step; DeletedTrack is a track as its delete reports it.
//
// kTrackColumns and ReadTrack go together: the reader takes the columns in
// that order.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace pm::store {

// A track's plans: total, completed, and with at least one ready step.
struct TrackCounts {
  int64_t plans = 0, done = 0, ready = 0;
};

struct Track {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string name;  // unique in the workspace, never all digits
  std::optional<std::string> description, goal;
  std::optional<std::string> color;  // "#RRGGBB"
  std::optional<std::string> icon;
  int64_t sort_order = 0;
  std::string created_at, updated_at;
  std::optional<TrackCounts> counts;  // when read with its counts
};

// Every column of a track (alias t for tracks).
extern const char* const kTrackColumns;
inline constexpr int kTrackColumnCount = 10;
// Reads kTrackColumns from the current row, starting at column `first`.
Track ReadTrack(Statement& row, int first = 0);

// The track as structuredContent shows it: every column, absent values as
// null, and plan_count, done_count and ready_count when it has counts.
nlohmann::json ToJson(const Track& track);

// A deleted track and the plans that were on it (now on no track).
struct DeletedTrack {
  Track track;
  std::vector<int64_t> unassigned_plans;
};

// The track's columns plus "unassigned_plans" (ids).
nlohmann::json ToJson(const DeletedTrack& deleted);

}  // namespace pm::store
