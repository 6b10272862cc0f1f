// LibraryRepository owns a workspace's library: agent definitions, instruction
// files (applies_to: comma-separated globs, see common/glob.h) and skill
// definitions (category, tags, language and framework targets), each by name.
//
// Storing a name that exists updates it, and storing what is already there
// changes nothing and says so ("unchanged"), so imports can run again and
// again. Every change runs in one write transaction with its update_log entry
// (entity_kind "agent", "instruction" or "skill"). Rows of other workspaces are
// never found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

enum class LibraryKind { kAgent, kInstruction, kSkill };

// "agent", "instruction", "skill".
const char* LibraryKindName(LibraryKind kind);

struct LibraryFilter {
  std::optional<std::string> category;  // skills
  std::vector<std::string> tags;        // skills with any of them
};

struct SkillQuery {
  std::optional<std::string> text;  // FTS5 query over name, description, tags, content
  std::vector<std::string> tags, languages, frameworks;
  int limit = 10;
};

class LibraryRepository {
 public:
  explicit LibraryRepository(Database& db) : db_(db) {}

  // `values`: content (required for a new entry), description, metadata
  // (object), source_path; applies_to for instructions; category, tags,
  // language_targets, framework_targets for skills. Returns {"item": row,
  // "outcome": "added" | "updated" | "unchanged"}.
  json Store(int64_t workspace_id, LibraryKind kind, const std::string& name, const json& values,
             const Actor& actor);

  std::optional<json> Get(int64_t workspace_id, LibraryKind kind, const std::string& name);

  // Summaries (no content) by id.
  RowPage List(int64_t workspace_id, LibraryKind kind, const LibraryFilter& filter, int limit,
               int64_t after_id);

  // Returns the deleted row, or nullopt when there was none.
  std::optional<json> Delete(int64_t workspace_id, LibraryKind kind, const std::string& name,
                             const Actor& actor);

  // Instruction files whose applies_to matches `path` (workspace-relative), by name.
  std::vector<json> InstructionsFor(int64_t workspace_id, const std::string& path);

  // Skills ranked by how well they fit: FTS rank for the text, plus 3 per shared
  // tag and 2 per shared language or framework (case-insensitive). With a text,
  // only skills matching it; otherwise those sharing at least one tag or target.
  // Each summary gains "score" and "matched" {tags, languages, frameworks}.
  std::vector<json> MatchSkills(int64_t workspace_id, const SkillQuery& query);

 private:
  Database& db_;
};

}  // namespace pm::store
