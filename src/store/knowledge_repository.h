// KnowledgeRepository owns knowledge: what a workspace knows, one entry per
// slug (lowercase letters, digits, ".", "_", "-"), with title, category, tags,
// content, the agent that wrote it and the plan it came from.
//
// Every method takes the workspace the caller works in; entries of other
// workspaces are never found. Every change runs in one write transaction with
// its update_log entry (entity_kind "knowledge"). Refusals a caller can fix
// throw pm::UserError.
#pragma once

#include <optional>
#include <string>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

struct KnowledgeFilter {
  std::optional<std::string> category;
  std::vector<std::string> tags;  // entries with any of them
};

class KnowledgeRepository {
 public:
  explicit KnowledgeRepository(Database& db) : db_(db) {}

  // Creates the entry `slug` or updates the fields `values` gives (any of
  // title, category, tags, content, plan_id; created_by is kept from creation).
  // A new entry needs a title. Returns the entry with "created".
  json Store(int64_t workspace_id, const std::string& slug, const json& values, const Actor& actor);

  std::optional<json> Get(int64_t workspace_id, const std::string& slug);

  // Summaries (no content) by id.
  RowPage List(int64_t workspace_id, const KnowledgeFilter& filter, int limit, int64_t after_id);

  // Returns the deleted entry, or nullopt when there was none.
  std::optional<json> Delete(int64_t workspace_id, const std::string& slug, const Actor& actor);

 private:
  Database& db_;
};

// "Auth Tokens!" -> "auth-tokens": the slug a title or a loosely typed slug
// stands for. Empty when nothing usable is left.
std::string Slugify(const std::string& text);

}  // namespace pm::store
