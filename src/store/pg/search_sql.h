// The PostgreSQL shape of SearchIndex's queries (src/store/search_index.h): the
// full-text tables of migrations/postgres/0007_memory.sql and the SQL that
// matches, ranks and highlights over them, standing where FTS5's MATCH, bm25()
// and snippet() stand on SQLite.
//
//   FTS5 (SQLite)                          tsvector (PostgreSQL)
//   plans_fts MATCH ?1                     plans_fts.document @@ to_tsquery('pm_search', ?1)
//   bm25(plans_fts, 5.0, 1.0, 2.0)         -ts_rank_cd('{0, 0.4, 0.2, 1}', document, query, 1)
//   snippet(plans_fts, -1, '**', '**',     ts_headline('pm_search', concat_ws(' … ', title,
//           '…', 12)                         description, goal), query, 'StartSel=**, ...')
//
// The query text bound is TranslateSearchQuery's (search_query.h), not the
// user's. Scores keep bm25's sense — lower is better — so the store orders hits
// the same way on both engines; their values differ. A FTS table's columns are
// weights A, B, C, D in order, so the bm25 column weights carry over as the
// ts_rank_cd weight array, scaled so the largest is 1. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm::store::pg {

struct PgFtsIndex {
  std::string kind;                  // SearchIndex's kind: "plan"
  std::string fts;                   // the tsvector table: "plans_fts" (id, document)
  std::string source;                // the table its rows come from: "plans"
  std::vector<std::string> columns;  // indexed columns of the source row, in weight order
  std::vector<double> weights;       // FTS5's bm25 weight of each column
};

// The ten indexes, in SearchIndex::Kinds() order. The catalog's source is
// catalog_fts itself, which keeps the assembled document's columns.
const std::vector<PgFtsIndex>& PgFtsIndexes();

// The index of `kind`. Throws std::out_of_range for an unknown kind.
const PgFtsIndex& PgFtsIndexOf(std::string_view kind);

// to_tsquery('pm_search', <param>): the query, from the translated text bound at
// `param` (e.g. "?1").
std::string TsQuerySql(std::string_view param);

// The score of a matching row: -ts_rank_cd(weights, <document>, <tsquery>, 1)
// (rank divided by 1 + log of the document's length, as bm25 weighs length).
std::string RankSql(const PgFtsIndex& index, std::string_view document, std::string_view tsquery);

// A snippet of row `row` (an alias of the source table): as FTS5's snippet()
// with column -1, about twelve words of the one column that matches best (most
// hits; the first such column on a tie), hits marked **hit**.
std::string SnippetSql(const PgFtsIndex& index, std::string_view row, std::string_view tsquery);

}  // namespace pm::store::pg
