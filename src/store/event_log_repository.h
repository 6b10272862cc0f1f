// EventLogRepository owns event_log: events agents and the server report (seed
// 004's MCPEvents) — a type, JSON data, the reporting agent — per workspace or
// with none. Cleanup drops events older than a number of days.
//
// Events are a log, not entities: adding one writes no update_log row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/row_json.h"

namespace pm::store {

struct EventQuery {
  std::optional<int64_t> workspace_id;  // nullopt: events reported without a workspace
  std::optional<std::string> type;
  int limit = 50;
};

class EventLogRepository {
 public:
  explicit EventLogRepository(Database& db) : db_(db) {}

  json Add(std::optional<int64_t> workspace_id, const std::string& type, const json& data,
           const std::optional<std::string>& agent);

  // Newest first.
  std::vector<json> Recent(const EventQuery& query);
  // Oldest first, created at or after `since` (ISO-8601 UTC).
  std::vector<json> Since(const EventQuery& query, const std::string& since);
  // Deletes the events of the workspace (or without one) older than `days`
  // days; returns how many.
  int64_t Cleanup(std::optional<int64_t> workspace_id, double days);

 private:
  Database& db_;
};

}  // namespace pm::store
