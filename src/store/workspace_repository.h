// WorkspaceRepository owns the workspaces table: one row per project, the
// isolation boundary for everything else. Every change is logged to update_log
// in the same transaction. Business refusals (a path already taken, deleting a
// workspace that holds content) throw pm::UserError.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/actor.h"
#include "store/database.h"

namespace pm::store {

struct Workspace {
  int64_t id = 0;
  std::string code;  // unique slug, usable wherever an id is
  std::string name;
  std::optional<std::string> path;  // absolute, normalized; unique
  std::optional<std::string> description;
  nlohmann::json metadata = nlohmann::json::object();
  std::string created_at, updated_at;

  nlohmann::json ToJson() const;
};

struct NewWorkspace {
  std::optional<std::string> path;  // REQUIRES: normalized by the caller
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<nlohmann::json> metadata;
};

struct WorkspacePatch {
  std::optional<std::string> name, description, path;
  std::optional<nlohmann::json> metadata;
};

struct WorkspacePage {
  std::vector<Workspace> items;
  std::optional<int64_t> next_after_id;  // set when more rows follow
};

// Rows a workspace holds, per table (e.g. {"plans", 3}); tables with no rows omitted.
using ContentCounts = std::vector<std::pair<std::string, int64_t>>;

class WorkspaceRepository {
 public:
  explicit WorkspaceRepository(Database& db) : db_(db) {}

  std::optional<Workspace> FindById(int64_t id);
  std::optional<Workspace> FindByCode(const std::string& code);
  std::optional<Workspace> FindByPath(const std::string& path);
  // The workspace registered for `dir` or its nearest registered ancestor.
  std::optional<Workspace> FindEnclosing(const std::string& dir);

  // Registers a workspace, idempotently: a known path (or, without a path, a
  // known path-less name) returns the existing row and created=false.
  // REQUIRES: path or name is set.
  std::pair<Workspace, bool> Register(const NewWorkspace& spec, const Actor& actor);

  // Throws UserError when the workspace is gone or the new path is taken.
  Workspace Update(int64_t id, const WorkspacePatch& patch, const Actor& actor);

  // Deletes a workspace with everything in it. Unless `force`, refuses with a
  // UserError listing what it holds. Returns what was deleted.
  ContentCounts Delete(int64_t id, bool force, const Actor& actor);

  // Workspaces with id > after_id, oldest first.
  WorkspacePage List(int limit, int64_t after_id);

  // What the workspace holds: rows in every table that references workspaces,
  // except the logs. Discovered from the schema, so later tables count too.
  ContentCounts CountContent(int64_t id);

 private:
  std::optional<Workspace> FindWhere(const char* where, const std::string& value);
  std::string UniqueCode(const std::string& name);

  Database& db_;
  std::vector<std::pair<std::string, std::string>> content_tables_;  // (table, column), cached
  bool content_tables_loaded_ = false;
};

// The slug a name gives: "My Shop!" -> "my-shop".
std::string SlugFor(const std::string& name);

}  // namespace pm::store
