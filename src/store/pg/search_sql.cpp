#include "store/pg/search_sql.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace pm::store::pg {

namespace {

// ts_headline: up to 12 words like FTS5's snippet(..., 12); one fragment.
constexpr const char* kHeadlineOptions =
    "'StartSel=**, StopSel=**, MaxWords=12, MinWords=5, ShortWord=1, MaxFragments=1, "
    "FragmentDelimiter=\" … \"'";

std::string Number(double value) {
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

}  // namespace

const std::vector<PgFtsIndex>& PgFtsIndexes() {
  // Weights as search_index.cpp gives bm25 for the same FTS5 columns.
  static const std::vector<PgFtsIndex> indexes = {
      {"context", "context_fts", "context_items", {"type", "data"}, {4.0, 1.0}},
      {"research", "research_fts", "research_documents", {"name", "content"}, {4.0, 1.0}},
      {"knowledge",
       "knowledge_fts",
       "knowledge",
       {"title", "tags::text", "content"},
       {5.0, 3.0, 1.0}},
      {"section", "sections_fts", "workspace_sections", {"name", "content"}, {4.0, 1.0}},
      {"plan", "plans_fts", "plans", {"title", "description", "goal"}, {5.0, 1.0, 2.0}},
      {"step",
       "steps_fts",
       "steps",
       {"task", "description", "context_notes", "completion_notes"},
       {5.0, 1.0, 1.0, 1.0}},
      {"note", "notes_fts", "plan_notes", {"text"}, {1.0}},
      {"feedback", "feedback_fts", "feedback", {"title", "body", "resolution"}, {5.0, 1.0, 1.0}},
      {"skill",
       "skills_fts",
       "skill_definitions",
       {"name", "description", "tags::text", "content"},
       {5.0, 2.0, 3.0, 1.0}},
      {"tool",
       "catalog_fts",
       "catalog_fts",
       {"tool", "action", "description", "params"},
       {4.0, 10.0, 2.0, 0.5}},
  };
  return indexes;
}

const PgFtsIndex& PgFtsIndexOf(std::string_view kind) {
  for (const auto& index : PgFtsIndexes()) {
    if (index.kind == kind) return index;
  }
  throw std::out_of_range("no full-text index for kind " + std::string(kind));
}

std::string TsQuerySql(std::string_view param) {
  return "to_tsquery('pm_search', " + std::string(param) + ")";
}

std::string RankSql(const PgFtsIndex& index, std::string_view document, std::string_view tsquery) {
  // ts_rank_cd takes {D, C, B, A}, each at most 1.
  const double top = *std::max_element(index.weights.begin(), index.weights.end());
  std::string array;
  for (int label = 3; label >= 0; --label) {
    const double w =
        label < static_cast<int>(index.weights.size()) ? index.weights[label] / top : 0;
    array += (array.empty() ? "" : ", ") + Number(w);
  }
  return "-ts_rank_cd('{" + array + "}', " + std::string(document) + ", " + std::string(tsquery) +
         ", 1)";
}

std::string SnippetSql(const PgFtsIndex& index, std::string_view row, std::string_view tsquery) {
  const std::string q(tsquery);
  std::string columns;
  for (size_t i = 0; i < index.columns.size(); ++i) {
    columns += std::string(i ? ", " : "") + "(" + std::to_string(i) + ", coalesce(CAST(" +
               std::string(row) + "." + index.columns[i] + " AS text), ''))";
  }
  return "(SELECT ts_headline('pm_search', c.text, " + q + ", " + kHeadlineOptions +
         ") FROM (VALUES " + columns +
         ") AS c(n, text) ORDER BY ts_rank_cd(to_tsvector('pm_search', pm_fts_text(c.text)), " + q +
         ", 0) DESC, c.n LIMIT 1)";
}

}  // namespace pm::store::pg
