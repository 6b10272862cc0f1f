#include "store/research_repository.h"
#include "store/clock.h"

#include "store/change_log.h"

namespace pm::store {

namespace {

const TableShape kResearch{"research_documents", {}, {}};
constexpr const char* kSummaryColumns =
    "id, workspace_id, plan_id, name, length(content) AS size, created_by, created_at, updated_at";

json PlanParam(std::optional<int64_t> plan_id) { return plan_id ? json(*plan_id) : json(nullptr); }

// Matches the document of (workspace, plan or none, name) with idx_research_name.
constexpr const char* kIdentity =
    "workspace_id = ? AND coalesce(plan_id, 0) = coalesce(?, 0) AND name = ?";

}  // namespace

json ResearchRepository::Append(int64_t workspace_id, std::optional<int64_t> plan_id,
                                const std::string& name, const std::string& content,
                                const Actor& actor) {
  return db_.Write([&] {
    auto existing = Query(db_, kResearch,
                          std::string("SELECT id, substr(content, -1) AS last FROM "
                                      "research_documents WHERE ") +
                              kIdentity,
                          {workspace_id, PlanParam(plan_id), name});
    int64_t id = 0;
    if (existing.empty()) {
      id = InsertRow(db_, "research_documents",
                     {{"workspace_id", workspace_id},
                      {"plan_id", PlanParam(plan_id)},
                      {"name", name},
                      {"content", content},
                      {"created_by", actor.agent.empty() ? json(nullptr) : json(actor.agent)}});
    } else {
      id = existing[0]["id"];
      const std::string last =
          existing[0]["last"].is_string() ? existing[0]["last"].get<std::string>() : "";
      const std::string separator = last.empty() || last == "\n" ? "" : "\n";
      Query(db_, kResearch,
            "UPDATE research_documents SET content = content || ? || ?, updated_at = ? "
            "WHERE id = ? RETURNING id",
            {separator, content, NowTimestamp(), id});
    }
    json summary =
        Query(db_, kResearch,
              std::string("SELECT ") + kSummaryColumns + " FROM research_documents WHERE id = ?",
              {id})
            .front();
    RecordChange(db_,
                 {workspace_id,
                  "research",
                  id,
                  existing.empty() ? "create" : "append",
                  nullptr,
                  {{"name", name}, {"appended", content.size()}, {"size", summary["size"]}}},
                 actor);
    summary["created"] = existing.empty();
    return summary;
  });
}

std::optional<json> ResearchRepository::Get(int64_t workspace_id, std::optional<int64_t> plan_id,
                                            const std::string& name) {
  return SelectOne(db_, kResearch, kIdentity, {workspace_id, PlanParam(plan_id), name});
}

std::optional<json> ResearchRepository::GetById(int64_t workspace_id, int64_t id) {
  return SelectOne(db_, kResearch, "id = ? AND workspace_id = ?", {id, workspace_id});
}

RowPage ResearchRepository::List(int64_t workspace_id, std::optional<int64_t> plan_id, int limit,
                                 int64_t after_id) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  if (plan_id) {
    where += " AND plan_id = ?";  // idx_research_plan
    params.push_back(*plan_id);
  }
  params.push_back(limit + 1);
  return PageOf(Query(db_, kResearch,
                      std::string("SELECT ") + kSummaryColumns + " FROM research_documents WHERE " +
                          where + " ORDER BY id LIMIT ?",
                      params),
                limit);
}

}  // namespace pm::store
