// ContextRepository owns context_items: typed memory anchored to a workspace,
// track, program, plan, phase or step (seed 003, seed 004's polymorphic
// context). Data is JSON (objects, arrays, numbers...) or plain text; a JSON
// string is stored as text.
//
// Storing sets "the" item of (anchor, type) — the newest one, replaced in place
// — unless `append` asks for another item beside it. Deleting an anchor deletes
// its memory (migration 0007's triggers and foreign keys).
//
// Every method takes the workspace the caller works in; items and anchors of
// other workspaces are never found. Every change runs in one write transaction
// with its update_log entry (entity_kind "context"). Refusals a caller can fix
// throw pm::UserError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/row_page.h"

namespace pm::store {

// What a context item hangs on. plan_id is the plan holding the anchor (plan,
// phase and step anchors), else null.
struct Anchor {
  std::string kind;  // workspace, track, program, plan, phase, step
  int64_t id = 0;
  std::optional<int64_t> plan_id;
  std::string label;  // "plan P3", "step T7", "workspace shop": for messages
};

struct NewContext {
  Anchor anchor;
  std::string type;
  json data;  // a string is stored as text, anything else as JSON
  bool append = false;
  std::optional<std::string> agent;
};

struct ContextFilter {
  std::optional<Anchor> anchor;
  std::optional<std::string> type;
  std::optional<std::string> since, until;  // on updated_at: since <= t < until
};

class ContextRepository {
 public:
  explicit ContextRepository(Database& db) : db_(db) {}

  // The anchor `kind` + `ref` names in the workspace: an id, or a code where
  // the kind has one (P3, T7, PG2; a workspace also by its code). nullopt when
  // there is none. REQUIRES: kind is one of the six anchor kinds.
  std::optional<Anchor> FindAnchor(int64_t workspace_id, const std::string& kind, const json& ref);
  // The workspace itself as an anchor.
  Anchor WorkspaceAnchor(int64_t workspace_id);

  // Stores one item; the result has "created" (false when it replaced one).
  json Store(int64_t workspace_id, const NewContext& item, const Actor& actor);
  // Stores all of `items` in one transaction, in order.
  std::vector<json> StoreBatch(int64_t workspace_id, const std::vector<NewContext>& items,
                               const Actor& actor);

  std::optional<json> Get(int64_t workspace_id, int64_t id);
  // Items with id > after_id, oldest first. Data longer than `preview_chars`
  // (as JSON text) is cut to a "preview" string with "truncated": true.
  RowPage List(int64_t workspace_id, const ContextFilter& filter, int limit, int64_t after_id,
               size_t preview_chars = 400);
  // {type, count, updated_at (latest)} per type, by type.
  std::vector<json> Types(int64_t workspace_id, const std::optional<Anchor>& anchor);

  // Returns the deleted item; nullopt when there is no such item.
  std::optional<json> Delete(int64_t workspace_id, int64_t id, const Actor& actor);

 private:
  Database& db_;
};

// Stores one item inside the caller's write transaction (for actions that
// write context together with other rows, e.g. a handoff).
// REQUIRES: a write transaction is open on `db`.
json StoreContextIn(Database& db, int64_t workspace_id, const NewContext& item, const Actor& actor);

}  // namespace pm::store
