// SessionRepository owns sessions: one agent's stretch of work in a workspace,
// optionally on a plan, from start (agent, context) to completion (summary,
// artifacts). Sessions have S-codes; the update_log of changes made during a
// session carries its code.
//
// Every method takes the workspace the caller works in; sessions of other
// workspaces are never found. Every change runs in one write transaction with
// its update_log entry (entity_kind "session"). Refusals a caller can fix throw
// pm::UserError.
#pragma once

#include <optional>
#include <string>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

struct SessionFilter {
  std::optional<int64_t> plan_id;
  std::optional<std::string> agent, status;
};

class SessionRepository {
 public:
  explicit SessionRepository(Database& db) : db_(db) {}

  // Starts an active session of `agent` with the next S-code.
  json Start(int64_t workspace_id, const std::string& agent, std::optional<int64_t> plan_id,
             const json& context, const Actor& actor);

  // By id, digits or S-code.
  std::optional<json> Find(int64_t workspace_id, const json& ref);

  // Completes active session `id`. Throws UserError when it is completed already.
  json Complete(int64_t workspace_id, int64_t id, const std::optional<std::string>& summary,
                const json& artifacts, const Actor& actor);

  // Sessions by id (oldest first), without their context.
  RowPage List(int64_t workspace_id, const SessionFilter& filter, int limit, int64_t after_id);

 private:
  Database& db_;
};

}  // namespace pm::store
