// BuildScriptRepository owns build_scripts: named commands of a workspace or of
// one plan (with a description and the directory to run them in). The server
// stores them for agents to read; it never executes anything.
//
// Every change runs in one write transaction with its update_log entry
// (entity_kind "build_script"). Rows of other workspaces are never found.
#pragma once

#include <optional>
#include <string>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

class BuildScriptRepository {
 public:
  explicit BuildScriptRepository(Database& db) : db_(db) {}

  // Adds script `name` of the plan (or of the workspace), or replaces the one of
  // that name. `values`: command (required), description, directory. Returns the
  // row with "created".
  json Add(int64_t workspace_id, std::optional<int64_t> plan_id, const std::string& name,
           const json& values, const Actor& actor);

  // By id (integer or digits) or by name (the plan's script first, then the
  // workspace's).
  std::optional<json> Find(int64_t workspace_id, std::optional<int64_t> plan_id, const json& ref);

  // By id: the plan's scripts and the workspace's when `plan_id` is given, else
  // every script of the workspace.
  RowPage List(int64_t workspace_id, std::optional<int64_t> plan_id, int limit, int64_t after_id);

  void Delete(int64_t workspace_id, const json& row, const Actor& actor);

 private:
  Database& db_;
};

}  // namespace pm::store
