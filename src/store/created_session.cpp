#include "store/created_session.h"

#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"

namespace pm::store {

std::optional<int64_t> CreatedSessionId(Database& db, int64_t workspace_id, const Actor& actor) {
  if (actor.session_id.empty()) return std::nullopt;
  return FindIdByRef(db, shapes::kSession, workspace_id, actor.session_id, code_prefix::kSession);
}

}  // namespace pm::store
