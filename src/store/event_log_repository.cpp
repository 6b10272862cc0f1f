#include "store/event_log_repository.h"
#include "store/clock.h"

namespace pm::store {

namespace {

const TableShape kEvent{"event_log", {"data"}, {}};

// Events of one workspace (or of none) and optionally one type; `?1` is the
// workspace and `?2` the type.
constexpr const char* kScope = "workspace_id IS ?1 AND (?2 IS NULL OR event_type = ?2)";

}  // namespace

json EventLogRepository::Add(std::optional<int64_t> workspace_id, const std::string& type,
                             const json& data, const std::optional<std::string>& agent) {
  return db_.Write([&] {
    const int64_t id = InsertRow(db_, "event_log",
                                 {{"workspace_id", OrNull(workspace_id)},
                                  {"event_type", type},
                                  {"data", data.dump()},
                                  {"agent", agent ? json(*agent) : json(nullptr)}});
    return *SelectOne(db_, kEvent, "id = ?", {id});
  });
}

std::vector<json> EventLogRepository::Recent(const EventQuery& query) {
  // idx_event_log_workspace (workspace_id, created_at), newest first.
  return Query(
      db_, kEvent,
      std::string("SELECT * FROM event_log WHERE ") + kScope +
          " ORDER BY created_at DESC, id DESC LIMIT ?3",
      {OrNull(query.workspace_id), query.type ? json(*query.type) : json(nullptr), query.limit});
}

std::vector<json> EventLogRepository::Since(const EventQuery& query, const std::string& since) {
  return Query(db_, kEvent,
               std::string("SELECT * FROM event_log WHERE ") + kScope +
                   " AND created_at >= ?4 ORDER BY created_at, id LIMIT ?3",
               {OrNull(query.workspace_id), query.type ? json(*query.type) : json(nullptr),
                query.limit, since});
}

int64_t EventLogRepository::Cleanup(std::optional<int64_t> workspace_id, double days) {
  return db_.Write([&] {
    auto remove = db_.Prepare("DELETE FROM event_log WHERE workspace_id IS ? AND created_at < ?");
    BindJson(remove, 1, OrNull(workspace_id));
    remove.Bind(2, TimestampAfter(-static_cast<int64_t>(days * 86400.0)));
    return static_cast<int64_t>(remove.Exec());
  });
}

}  // namespace pm::store
