// ResearchRepository owns research_documents: long-form notes of a plan, or of
// the workspace when no plan is given, by name. Appending to a name grows the
// document (a newline separates the parts); the first append creates it.
//
// Every method takes the workspace the caller works in; documents of other
// workspaces are never found. Appends run in one write transaction with their
// update_log entry (entity_kind "research", the appended size, not the text).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

class ResearchRepository {
 public:
  explicit ResearchRepository(Database& db) : db_(db) {}

  // Appends `content` to document `name` of the plan (or of the workspace).
  // Returns its summary with "created" (true for a new document).
  json Append(int64_t workspace_id, std::optional<int64_t> plan_id, const std::string& name,
              const std::string& content, const Actor& actor);

  // The whole document, content included.
  std::optional<json> Get(int64_t workspace_id, std::optional<int64_t> plan_id,
                          const std::string& name);

  // The whole document with this id, content included.
  std::optional<json> GetById(int64_t workspace_id, int64_t id);

  // Summaries (id, plan_id, name, size, created_by, times) by id: of one plan when `plan_id` is
  // given, else of the whole workspace (workspace documents and every plan's).
  RowPage List(int64_t workspace_id, std::optional<int64_t> plan_id, int limit, int64_t after_id);

 private:
  Database& db_;
};

}  // namespace pm::store
