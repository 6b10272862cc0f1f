#include "store/search_index.h"

#include <cmath>

#include "common/user_error.h"
#include "store/pg/search_query.h"
#include "store/pg/search_sql.h"

namespace pm::store {

namespace {

// One searchable kind: its FTS5 table and how a hit reads from the row `t`
// of its source table (and `w`, its plan, where the workspace is the plan's).
struct KindSpec {
  const char* kind;
  const char* fts;
  const char* rows;       // FROM clause naming `t` (and `w`) for filters
  const char* detail;     // FROM clause naming `t` (and `w`) for a hit's fields
  const char* workspace;  // expression of the row's workspace id, or nullptr (catalog)
  const char* code;
  const char* title;
  const char* plan;     // expression of the row's plan id, or nullptr
  const char* at;       // last change, or nullptr
  const char* weights;  // bm25 column weights
  const char* bonus;    // subtracted from the bm25 score (lower is better)
};

// FTS5's bm25 normalizes by the length of the whole row, so a catalog action
// with many parameters loses to a sibling with few (create_from_template beats
// create). A query naming the tool and the action exactly ranks that action
// first.
constexpr const char* kExactActionBonus =
    "(CASE WHEN instr(lower(?1), catalog_fts.tool) > 0 AND "
    "instr(' ' || lower(?1) || ' ', ' ' || catalog_fts.action || ' ') > 0 THEN 10.0 ELSE 0.0 END)";

// Context is the big table: its filters read the narrow idx_context_search
// instead of the wide rows, which halves the cost of a query matching
// thousands of items.
const KindSpec kKinds[] = {
    {"context", "context_fts", "context_items AS t INDEXED BY idx_context_search",
     "context_items AS t", "t.workspace_id", "NULL",
     "t.type || ' @ ' || t.anchor_kind || ' ' || t.anchor_id", "t.plan_id", "t.updated_at",
     "4.0, 1.0", "0"},
    {"research", "research_fts", "research_documents AS t", "research_documents AS t",
     "t.workspace_id", "t.name", "t.name", "t.plan_id", "t.updated_at", "4.0, 1.0", "0"},
    {"knowledge", "knowledge_fts", "knowledge AS t", "knowledge AS t", "t.workspace_id", "t.slug",
     "t.title", "t.plan_id", "t.updated_at", "5.0, 3.0, 1.0", "0"},
    {"section", "sections_fts", "workspace_sections AS t", "workspace_sections AS t",
     "t.workspace_id", "t.name", "t.name", nullptr, "t.updated_at", "4.0, 1.0", "0"},
    {"plan", "plans_fts", "plans AS t", "plans AS t", "t.workspace_id", "t.code", "t.title", "t.id",
     "t.updated_at", "5.0, 1.0, 2.0", "0"},
    {"step", "steps_fts", "steps AS t", "steps AS t", "t.workspace_id", "t.code", "t.task",
     "t.plan_id", "t.updated_at", "5.0, 1.0, 1.0, 1.0", "0"},
    {"note", "notes_fts", "plan_notes AS t JOIN plans AS w ON w.id = t.plan_id",
     "plan_notes AS t JOIN plans AS w ON w.id = t.plan_id", "w.workspace_id", "w.code",
     "substr(t.text, 1, 80)", "t.plan_id", "t.created_at", "1.0", "0"},
    {"feedback", "feedback_fts", "feedback AS t", "feedback AS t", "t.workspace_id", "t.code",
     "t.title", "t.plan_id", "t.updated_at", "5.0, 1.0, 1.0", "0"},
    {"skill", "skills_fts", "skill_definitions AS t", "skill_definitions AS t", "t.workspace_id",
     "t.name", "t.name", nullptr, "t.updated_at", "5.0, 2.0, 3.0, 1.0", "0"},
    {"tool", "catalog_fts", nullptr, "tool_actions AS t", nullptr, "t.tool_name || '.' || t.name",
     "t.description", nullptr, nullptr, "4.0, 10.0, 2.0, 0.5", kExactActionBonus},
};

// External-content indexes, rebuilt from their tables with the 'rebuild' command.
const char* const kContentIndexes[] = {"context_fts",  "research_fts", "knowledge_fts",
                                       "sections_fts", "plans_fts",    "steps_fts",
                                       "notes_fts",    "feedback_fts", "skills_fts"};

const TableShape kRaw{"", {}, {}};

constexpr const char* kSyntaxHint =
    "Search syntax: words (all must occur), \"an exact phrase\", prefix* (e.g. auth*), a OR b, "
    "a NOT b, NEAR(a b). Put words with punctuation (- . : / @) in double quotes; column "
    "filters (name:) are not supported.";

// FTS5 reports a query it cannot parse ("fts5: syntax error near ...",
// "unterminated string", "no such column: x" for a column filter) as a plain
// SQLITE_ERROR while the statement runs; busy or I/O errors have other kinds.
bool IsQueryError(const DbError& e) { return e.kind() == DbErrorKind::kQuery; }

// The ranking query of one kind: (kind, id, score) of every matching row the
// filters allow. Hit fields and snippets are read later, for one page only.
std::string RankQuery(const KindSpec& k, const SearchQuery& q) {
  const std::string fts = k.fts;
  std::string sql = std::string("SELECT '") + k.kind + "' AS kind, " + fts + ".rowid AS id, bm25(" +
                    fts + ", " + k.weights + ") - " + k.bonus + " AS score FROM " + fts +
                    " WHERE " + fts + " MATCH ?1";
  if (!k.workspace) return sql;  // the catalog: no filters apply
  sql += std::string(" AND EXISTS (SELECT 1 FROM ") + k.rows + " WHERE t.id = " + fts +
         ".rowid AND " + k.workspace + " = ?2";
  if (q.plan_id) sql += std::string(" AND ") + k.plan + " = ?3";
  if (q.since) sql += std::string(" AND ") + k.at + " >= ?4";
  if (q.until) sql += std::string(" AND ") + k.at + " < ?5";
  return sql + ")";
}

// PostgreSQL's ranking query of one kind (pg/search_sql.h): ?1 is the
// translated tsquery text, ?8 the query as written (for the catalog's bonus).
std::string PgRankQuery(const KindSpec& k, const SearchQuery& q) {
  const std::string fts = k.fts;
  const pg::PgFtsIndex& index = pg::PgFtsIndexOf(k.kind);
  const std::string tsquery = pg::TsQuerySql("?1");
  std::string bonus = k.bonus;
  for (size_t at; (at = bonus.find("instr(")) != std::string::npos;)
    bonus.replace(at, 6, "strpos(");
  for (size_t at; (at = bonus.find("?1")) != std::string::npos;) bonus.replace(at, 2, "?8");
  std::string sql = std::string("SELECT '") + k.kind + "' AS kind, " + fts + ".id AS id, " +
                    pg::RankSql(index, fts + ".document", tsquery) + " - " + bonus +
                    " AS score FROM " + fts + " WHERE " + fts + ".document @@ " + tsquery;
  if (!k.workspace) return sql;
  sql += std::string(" AND EXISTS (SELECT 1 FROM ") + k.detail + " WHERE t.id = " + fts +
         ".id AND " + k.workspace + " = ?2";
  if (q.plan_id) sql += std::string(" AND ") + k.plan + " = ?3";
  if (q.since) sql += std::string(" AND ") + k.at + " >= ?4";
  if (q.until) sql += std::string(" AND ") + k.at + " < ?5";
  return sql + ")";
}

// PostgreSQL's DetailQuery.
std::string PgDetailQuery(const KindSpec& k) {
  const std::string fts = k.fts;
  const pg::PgFtsIndex& index = pg::PgFtsIndexOf(k.kind);
  const std::string row = index.source == fts ? fts : "t";
  return std::string("SELECT ") + k.code + " AS code, " + k.title + " AS title, " +
         (k.plan ? k.plan : "NULL") + " AS plan_id, " + (k.at ? k.at : "NULL") +
         " AS updated_at, " + pg::SnippetSql(index, row, pg::TsQuerySql("?1")) +
         " AS snippet FROM " + fts + " CROSS JOIN " + k.detail + " WHERE " + fts +
         ".id = ?2 AND t.id = " + fts + ".id";
}

// The fields and highlighted snippets of a page's hits of one kind: ?1 is the
// query, ?2 a JSON array of their row ids. One statement for all of them: a
// prefix query costs FTS5 the same whether it runs for one row or many, so
// running it once per hit would cost a page ten times what it needs. The
// unary + keeps the id list a filter on the match, not ten separate lookups.
std::string DetailQuery(const KindSpec& k) {
  const std::string fts = k.fts;
  return std::string("SELECT ") + fts + ".rowid AS id, " + k.code + " AS code, " + k.title +
         " AS title, " + (k.plan ? k.plan : "NULL") + " AS plan_id, " + (k.at ? k.at : "NULL") +
         " AS updated_at, snippet(" + fts + ", -1, '**', '**', '…', 12) AS snippet FROM " + fts +
         " CROSS JOIN " + k.detail + " WHERE " + fts + " MATCH ?1 AND +" + fts +
         ".rowid IN (SELECT value FROM json_each(?2)) AND t.id = " + fts + ".rowid";
}

bool Applies(const KindSpec& k, const SearchQuery& q) {
  if (q.kind && *q.kind != k.kind) return false;
  if (q.plan_id && !k.plan) return false;
  if ((q.since || q.until) && !k.at) return false;
  return true;
}

}  // namespace

std::vector<std::string> SearchIndex::Kinds() {
  std::vector<std::string> kinds;
  for (const auto& k : kKinds) kinds.emplace_back(k.kind);
  return kinds;
}

SearchResult SearchIndex::Search(const SearchQuery& q) {
  const bool postgres = db_.engine() == Engine::kPostgres;
  // PostgreSQL matches the query translated to a tsquery (a UserError when it cannot be).
  const std::string match = postgres ? pg::TranslateSearchQuery(q.match) : q.match;
  std::string sql;
  // The catalog belongs to no workspace: it joins a workspace search unless a
  // filter only rows of a workspace can satisfy excludes it.
  for (const auto& k : kKinds) {
    if (k.workspace && !q.workspace_id) continue;
    if (!Applies(k, q)) continue;
    sql += (sql.empty() ? "" : " UNION ALL ") + (postgres ? PgRankQuery(k, q) : RankQuery(k, q));
  }
  SearchResult result;
  if (sql.empty()) return result;
  sql = "SELECT * FROM (" + sql + ") AS hits ORDER BY score, kind, id LIMIT ?6 OFFSET ?7";
  // Preparing checks this SQL; FTS5 parses the query only when a statement
  // runs, so errors from there on are the query's.
  auto step = [&](Statement& statement) {
    try {
      return statement.Step();
    } catch (const DbError& e) {
      if (!IsQueryError(e)) throw;
      throw UserError("cannot search for " + json(q.match).dump() + ": " + e.what() + ". " +
                      kSyntaxHint);
    }
  };
  auto select = db_.Prepare(sql);
  select.Bind(1, match);
  if (postgres && sql.find("?8") != std::string::npos) select.Bind(8, q.match);
  if (q.workspace_id && sql.find("?2") != std::string::npos) select.Bind(2, *q.workspace_id);
  if (q.plan_id) select.Bind(3, *q.plan_id);
  if (q.since) select.Bind(4, *q.since);
  if (q.until) select.Bind(5, *q.until);
  select.Bind(6, q.limit + 1);
  select.Bind(7, q.offset);
  while (step(select)) result.hits.push_back(ReadRow(select, kRaw));
  if (static_cast<int>(result.hits.size()) > q.limit) {
    result.hits.pop_back();
    result.more = true;
  }
  for (const auto& k : kKinds) {
    std::vector<json*> page;  // this kind's hits, in rank order
    json ids = json::array();
    for (auto& hit : result.hits) {
      if (hit["kind"] != k.kind) continue;
      page.push_back(&hit);
      ids.push_back(hit["id"]);
    }
    if (page.empty()) continue;
    if (postgres) {
      for (json* hit : page) {
        auto detail = db_.Prepare(PgDetailQuery(k));
        detail.Bind(1, match);
        detail.Bind(2, (*hit)["id"].get<int64_t>());
        if (step(detail)) hit->update(ReadRow(detail, kRaw));
      }
      continue;
    }
    auto detail = db_.Prepare(DetailQuery(k));
    detail.Bind(1, match);
    detail.Bind(2, ids.dump());
    while (step(detail)) {
      json fields = ReadRow(detail, kRaw);
      const int64_t id = fields["id"].get<int64_t>();
      for (json* hit : page)
        if ((*hit)["id"] == id) hit->update(fields);
    }
  }
  for (auto& hit : result.hits)
    hit["score"] = std::round(hit["score"].get<double>() * 1000.0) / 1000.0;
  return result;
}

json SearchIndex::Rebuild() {
  return db_.Write([&] {
    json counts = json::object();
    if (db_.engine() == Engine::kPostgres) {
      auto rebuild = db_.Prepare("SELECT index_name, documents FROM pm_fts_rebuild()");
      while (rebuild.Step()) counts[rebuild.Text(0)] = rebuild.Int64(1);
      return counts;
    }
    for (const char* index : kContentIndexes) {
      const std::string name = index;
      db_.ExecScript("INSERT INTO " + name + " (" + name + ") VALUES ('rebuild')");
    }
    db_.ExecScript("DELETE FROM catalog_fts");
    db_.ExecScript(
        "INSERT INTO catalog_fts (rowid, tool, action, description, params) "
        "SELECT id, tool, action, description, params FROM catalog_documents");
    for (const auto& k : kKinds) {
      auto count = db_.Prepare(std::string("SELECT count(*) FROM ") + k.fts);
      count.Step();
      counts[k.fts] = count.Int64(0);
    }
    return counts;
  });
}

}  // namespace pm::store
