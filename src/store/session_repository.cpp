#include "store/session_repository.h"
#include "store/clock.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/entity_ref.h"
#include "store/short_codes.h"

namespace pm::store {

namespace {

const TableShape kSession{"sessions", {"context", "artifacts"}, {}};

}  // namespace

json SessionRepository::Start(int64_t workspace_id, const std::string& agent,
                              std::optional<int64_t> plan_id, const json& context,
                              const Actor& actor) {
  return db_.Write([&] {
    return InsertLogged(db_, {kSession, "session", workspace_id},
                        {{"workspace_id", workspace_id},
                         {"code", AllocateCode(db_, workspace_id, code_prefix::kSession)},
                         {"agent", agent},
                         {"plan_id", plan_id ? json(*plan_id) : json(nullptr)},
                         {"context", context.dump()}},
                        actor);
  });
}

std::optional<json> SessionRepository::Find(int64_t workspace_id, const json& ref) {
  return FindByRef(db_, kSession, workspace_id, ref, code_prefix::kSession);
}

json SessionRepository::Complete(int64_t workspace_id, int64_t id,
                                 const std::optional<std::string>& summary, const json& artifacts,
                                 const Actor& actor) {
  return db_.Write([&] {
    auto session = SelectOne(db_, kSession, "id = ? AND workspace_id = ?", {id, workspace_id});
    if (!session) throw UserError("session " + std::to_string(id) + " no longer exists");
    if ((*session)["status"] == "completed") {
      throw UserError("session " + (*session)["code"].get<std::string>() + " was completed at " +
                      (*session)["completed_at"].get<std::string>() +
                      "; start a new session with session_start");
    }
    json patch = {{"status", "completed"},
                  {"summary", summary ? json(*summary) : json(nullptr)},
                  {"artifacts", artifacts.dump()}};
    patch["completed_at"] = NowTimestamp();
    return UpdateLogged(db_, {kSession, "session", workspace_id}, id, patch, actor, "complete");
  });
}

RowPage SessionRepository::List(int64_t workspace_id, const SessionFilter& filter, int limit,
                                int64_t after_id) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  auto add = [&](const char* condition, const json& value) {
    where += std::string(" AND ") + condition;
    params.push_back(value);
  };
  if (filter.plan_id) add("plan_id = ?", *filter.plan_id);  // idx_sessions_plan
  if (filter.status) add("status = ?", *filter.status);     // idx_sessions_workspace_status
  if (filter.agent) add("agent = ?", *filter.agent);
  params.push_back(limit + 1);
  return PageOf(Query(db_, kSession,
                      "SELECT id, code, agent, plan_id, status, summary, artifacts, started_at, "
                      "completed_at FROM sessions WHERE " +
                          where + " ORDER BY id LIMIT ?",
                      params),
                limit);
}

}  // namespace pm::store
