#include "store/knowledge_repository.h"

#include "common/user_error.h"
#include "store/change_log.h"
#include "store/dialect.h"

namespace pm::store {

namespace {

const TableShape kKnowledge{"knowledge", {"tags"}, {}};

}  // namespace

std::string Slugify(const std::string& text) {
  std::string slug;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      slug += static_cast<char>(std::tolower(c));
    } else if ((c == '.' || c == '_' || c == '-') && !slug.empty()) {
      slug += static_cast<char>(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && (slug.back() == '-' || slug.back() == '.' || slug.back() == '_')) {
    slug.pop_back();
  }
  return slug.substr(0, 100);
}

json KnowledgeRepository::Store(int64_t workspace_id, const std::string& slug, const json& values,
                                const Actor& actor) {
  return db_.Write([&] {
    const LoggedEntity entity{kKnowledge, "knowledge", workspace_id};
    auto existing =
        SelectOne(db_, kKnowledge, "workspace_id = ? AND slug = ?", {workspace_id, slug});
    json row;
    if (existing) {
      row =
          values.empty() ? *existing : UpdateLogged(db_, entity, (*existing)["id"], values, actor);
    } else {
      if (!values.contains("title")) {
        throw UserError("knowledge " + slug + " is new: give it a title");
      }
      json all = values;
      all["workspace_id"] = workspace_id;
      all["slug"] = slug;
      if (!actor.agent.empty()) all["created_by"] = actor.agent;
      row = InsertLogged(db_, entity, all, actor);
    }
    row["created"] = !existing;
    return row;
  });
}

std::optional<json> KnowledgeRepository::Get(int64_t workspace_id, const std::string& slug) {
  return SelectOne(db_, kKnowledge, "workspace_id = ? AND slug = ?", {workspace_id, slug});
}

RowPage KnowledgeRepository::List(int64_t workspace_id, const KnowledgeFilter& filter, int limit,
                                  int64_t after_id) {
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  if (filter.category) {
    where += " AND category = ?";  // idx_knowledge_category
    params.push_back(*filter.category);
  }
  if (!filter.tags.empty()) {
    where += " AND EXISTS (SELECT 1 FROM " + JsonValues(db_.engine(), "knowledge.tags") +
             " AS t WHERE t.value IN (SELECT value FROM " + JsonValues(db_.engine(), "?") + "))";
    params.push_back(json(filter.tags));
  }
  params.push_back(limit + 1);
  return PageOf(
      Query(db_, kKnowledge,
            "SELECT id, slug, title, category, tags, plan_id, created_by, length(content) "
            "AS size, created_at, updated_at FROM knowledge WHERE " +
                where + " ORDER BY id LIMIT ?",
            params),
      limit);
}

std::optional<json> KnowledgeRepository::Delete(int64_t workspace_id, const std::string& slug,
                                                const Actor& actor) {
  return db_.Write([&]() -> std::optional<json> {
    auto existing = Get(workspace_id, slug);
    if (!existing) return std::nullopt;
    DeleteLogged(db_, {kKnowledge, "knowledge", workspace_id}, (*existing)["id"], *existing, actor);
    return existing;
  });
}

}  // namespace pm::store
