#include "store/library_repository.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "common/glob.h"
#include "common/text.h"
#include "common/user_error.h"
#include "store/change_log.h"
#include "store/dialect.h"
#include "store/pg/search_query.h"
#include "store/pg/search_sql.h"

namespace pm::store {

namespace {

struct LibraryTable {
  TableShape shape;
  std::vector<std::string> columns;  // what Store may set besides name
  const char* summary;               // columns of List
};

const LibraryTable& TableOf(LibraryKind kind) {
  static const LibraryTable kAgents{
      {"agent_definitions", {"metadata"}, {}},
      {"description", "content", "metadata", "source_path"},
      "id, name, description, source_path, length(content) AS size, updated_at"};
  static const LibraryTable kInstructions{
      {"instruction_files", {"metadata"}, {}},
      {"description", "content", "metadata", "source_path", "applies_to"},
      "id, name, applies_to, description, source_path, length(content) AS size, updated_at"};
  static const LibraryTable kSkills{
      {"skill_definitions", {"metadata", "tags", "language_targets", "framework_targets"}, {}},
      {"description", "content", "metadata", "source_path", "category", "tags", "language_targets",
       "framework_targets"},
      "id, name, description, category, tags, language_targets, framework_targets, source_path, "
      "length(content) AS size, updated_at"};
  switch (kind) {
    case LibraryKind::kAgent:
      return kAgents;
    case LibraryKind::kInstruction:
      return kInstructions;
    case LibraryKind::kSkill:
      return kSkills;
  }
  return kAgents;
}

// The items of `wanted` that `have` (a JSON array of strings) holds, case-insensitively.
json Shared(const std::vector<std::string>& wanted, const json& have) {
  json shared = json::array();
  for (const auto& w : wanted) {
    for (const auto& h : have) {
      if (h.is_string() && AsciiLower(h.get<std::string>()) == AsciiLower(w)) {
        shared.push_back(h);
        break;
      }
    }
  }
  return shared;
}

}  // namespace

const char* LibraryKindName(LibraryKind kind) {
  switch (kind) {
    case LibraryKind::kAgent:
      return "agent";
    case LibraryKind::kInstruction:
      return "instruction";
    case LibraryKind::kSkill:
      return "skill";
  }
  return "agent";
}

json LibraryRepository::Store(int64_t workspace_id, LibraryKind kind, const std::string& name,
                              const json& values, const Actor& actor) {
  const LibraryTable& table = TableOf(kind);
  json patch = json::object();
  for (const auto& column : table.columns) {
    if (values.contains(column)) patch[column] = values[column];
  }
  return db_.Write([&] {
    const LoggedEntity entity{table.shape, LibraryKindName(kind), workspace_id};
    auto existing =
        SelectOne(db_, table.shape, "workspace_id = ? AND name = ?", {workspace_id, name});
    if (!existing) {
      if (!patch.contains("content")) {
        throw UserError(std::string(LibraryKindName(kind)) + " " + name +
                        " is new: give its content");
      }
      json row = patch;
      row["workspace_id"] = workspace_id;
      row["name"] = name;
      return json{{"item", InsertLogged(db_, entity, row, actor)}, {"outcome", "added"}};
    }
    json changed = json::object();
    for (const auto& [column, value] : patch.items()) {
      if ((*existing)[column] != value) changed[column] = value;
    }
    if (changed.empty()) return json{{"item", *existing}, {"outcome", "unchanged"}};
    return json{{"item", UpdateLogged(db_, entity, (*existing)["id"], changed, actor)},
                {"outcome", "updated"}};
  });
}

std::optional<json> LibraryRepository::Get(int64_t workspace_id, LibraryKind kind,
                                           const std::string& name) {
  return SelectOne(db_, TableOf(kind).shape, "workspace_id = ? AND name = ?", {workspace_id, name});
}

RowPage LibraryRepository::List(int64_t workspace_id, LibraryKind kind, const LibraryFilter& filter,
                                int limit, int64_t after_id) {
  const LibraryTable& table = TableOf(kind);
  std::string where = "workspace_id = ? AND id > ?";
  std::vector<json> params = {workspace_id, after_id};
  if (kind == LibraryKind::kSkill && filter.category) {
    where += " AND category = ?";  // idx_skills_category
    params.push_back(*filter.category);
  }
  if (kind == LibraryKind::kSkill && !filter.tags.empty()) {
    where += " AND EXISTS (SELECT 1 FROM " + JsonValues(db_.engine(), "tags") +
             " AS t WHERE t.value IN (SELECT value FROM " + JsonValues(db_.engine(), "?") + "))";
    params.push_back(json(filter.tags));
  }
  params.push_back(limit + 1);
  return PageOf(Query(db_, table.shape,
                      std::string("SELECT ") + table.summary + " FROM " + table.shape.table +
                          " WHERE " + where + " ORDER BY id LIMIT ?",
                      params),
                limit);
}

std::optional<json> LibraryRepository::Delete(int64_t workspace_id, LibraryKind kind,
                                              const std::string& name, const Actor& actor) {
  return db_.Write([&]() -> std::optional<json> {
    auto existing = Get(workspace_id, kind, name);
    if (!existing) return std::nullopt;
    DeleteLogged(db_, {TableOf(kind).shape, LibraryKindName(kind), workspace_id}, (*existing)["id"],
                 *existing, actor);
    return existing;
  });
}

std::vector<json> LibraryRepository::InstructionsFor(int64_t workspace_id,
                                                     const std::string& path) {
  // A workspace has tens of instruction files: match their globs here.
  std::vector<json> matched;
  for (auto& row : SelectAll(db_, TableOf(LibraryKind::kInstruction).shape,
                             "workspace_id = ? ORDER BY name", {workspace_id})) {
    if (GlobListMatch(row["applies_to"].get<std::string>(), path))
      matched.push_back(std::move(row));
  }
  return matched;
}

std::vector<json> LibraryRepository::MatchSkills(int64_t workspace_id, const SkillQuery& query) {
  const LibraryTable& table = TableOf(LibraryKind::kSkill);
  std::vector<json> candidates;
  if (query.text) {
    try {
      if (db_.engine() == Engine::kSqlite) {
        candidates = Query(db_, table.shape,
                           "SELECT s.*, bm25(skills_fts, 5.0, 2.0, 3.0, 1.0) AS rank "
                           "FROM skills_fts CROSS JOIN skill_definitions AS s ON s.id = "
                           "skills_fts.rowid WHERE skills_fts MATCH ? AND s.workspace_id = ?",
                           {*query.text, workspace_id});
      } else {
        std::string translated;
        try {
          translated = pg::TranslateSearchQuery(*query.text);
        } catch (const UserError& e) {  // what FTS5 refuses too: an error naming skill_match
          throw UserError(std::string("cannot match skills: ") + e.what());
        }
        const std::string tsquery = pg::TsQuerySql("?1");
        candidates =
            Query(db_, table.shape,
                  "SELECT s.*, " + pg::RankSql(pg::PgFtsIndexOf("skill"), "f.document", tsquery) +
                      " AS rank FROM skills_fts AS f JOIN skill_definitions AS s ON "
                      "s.id = f.id WHERE f.document @@ " +
                      tsquery + " AND s.workspace_id = ?2",
                  {translated, workspace_id});
      }
    } catch (const DbError& e) {
      throw UserError("cannot match skills with query " + json(*query.text).dump() + ": " +
                      e.what() + ". Use words, \"phrases\", prefix* or OR.");
    }
  } else {
    candidates = SelectAll(db_, table.shape, "workspace_id = ?", {workspace_id});
  }
  std::vector<json> ranked;
  for (auto& skill : candidates) {
    json matched = {{"tags", Shared(query.tags, skill["tags"])},
                    {"languages", Shared(query.languages, skill["language_targets"])},
                    {"frameworks", Shared(query.frameworks, skill["framework_targets"])}};
    const double shared =
        3.0 * static_cast<double>(matched["tags"].size()) +
        2.0 * static_cast<double>(matched["languages"].size() + matched["frameworks"].size());
    if (!query.text && shared == 0) continue;
    // A text match counts 1 plus its bm25 relevance (negated: higher is better).
    double score = shared + (skill.contains("rank") ? 1.0 - skill["rank"].get<double>() : 0.0);
    json out = json::object();
    for (const char* key : {"id", "name", "description", "category", "tags", "language_targets",
                            "framework_targets", "source_path"}) {
      out[key] = skill[key];
    }
    out["score"] = std::round(score * 1000.0) / 1000.0;
    out["matched"] = std::move(matched);
    ranked.push_back(std::move(out));
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const json& a, const json& b) {
    return a["score"].get<double>() > b["score"].get<double>();
  });
  if (static_cast<int>(ranked.size()) > query.limit)
    ranked.resize(static_cast<size_t>(query.limit));
  return ranked;
}

}  // namespace pm::store
