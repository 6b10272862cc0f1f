// SearchIndex answers full-text queries over everything agents remember and
// plan: context items, research, knowledge, workspace sections, plans, steps,
// plan notes, feedback, skills and the tool catalog (the FTS5 tables of
// migration 0007, which triggers keep equal to their rows).
//
// Queries use FTS5 syntax: words (all must occur), "exact phrases", prefix*,
// OR, NOT, NEAR(a b). Hits are ranked by bm25 (best first, titles weighing
// more than bodies) across kinds; highlighted snippets come only for the page
// returned. Rows of other workspaces are never found; catalog hits belong to no
// workspace. A query FTS5 cannot parse throws pm::UserError with a hint.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/row_json.h"

namespace pm::store {

struct SearchQuery {
  std::string match;                        // FTS5 query text
  std::optional<int64_t> workspace_id;      // nullopt: the tool catalog only
  std::optional<int64_t> plan_id;           // only rows of this plan (no catalog hits)
  std::optional<std::string> kind;          // only this kind (see SearchIndex::Kinds)
  std::optional<std::string> since, until;  // last change in [since, until) (no catalog hits)
  int limit = 10;
  int64_t offset = 0;
};

struct SearchResult {
  // Each: kind, id, code (short code, slug, name or tool.action; may be null),
  // title, plan_id, updated_at, score (bm25: lower is better), snippet.
  std::vector<json> hits;
  bool more = false;  // another page follows at offset + limit
};

class SearchIndex {
 public:
  explicit SearchIndex(Database& db) : db_(db) {}

  SearchResult Search(const SearchQuery& query);

  // Rebuilds every index from its rows; returns {index name: documents}.
  json Rebuild();

  // The kinds of hits: context, research, knowledge, section, plan, step, note,
  // feedback, skill, tool.
  static std::vector<std::string> Kinds();

 private:
  Database& db_;
};

}  // namespace pm::store
