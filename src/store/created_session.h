// Who created a plan, step, requirement or feedback item (seed 001's
// created_session_id): the agent session in force for the actor, as the
// sessions row it names, if any.
#pragma once

#include <cstdint>
#include <optional>

#include "store/actor.h"
#include "store/database.h"

namespace pm::store {

// The id of the workspace's session that actor.session_id names (an id or an
// S-code), or none: no session given, or a free string such as "s-1" that
// names no sessions row. Never throws for an unknown session.
std::optional<int64_t> CreatedSessionId(Database& db, int64_t workspace_id, const Actor& actor);

}  // namespace pm::store
