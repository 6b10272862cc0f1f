// Git links (seed 001): branch names and commits attached to a plan or a step,
// and the way back — which plan or step a branch or commit belongs to. Branch
// names that carry a short code (feature/P12-login, fix/T51) find their entity
// even before anything was linked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/actor.h"
#include "store/row_json.h"

namespace pm::store {

struct GitLinkSpec {
  int64_t workspace_id = 0;
  int64_t plan_id = 0;
  std::optional<int64_t> step_id;
  std::string kind;  // branch | commit
  std::string ref;
  std::optional<std::string> message, committed_at;
};

class GitLinkRepository {
 public:
  explicit GitLinkRepository(Database& db) : db_(db) {}

  // Attaches (or refreshes the message of) a link; idempotent. Returns the row.
  json Link(const GitLinkSpec& spec, const Actor& actor);

  // Plans and steps for a branch name, commit SHA (7+ hex digits, prefix match)
  // or short code in `ref`: [{kind, id, code, title, via}].
  std::vector<json> Find(int64_t workspace_id, const std::string& ref);

 private:
  Database& db_;
};

}  // namespace pm::store
