// Who is making a change: recorded in update_log with every write.
#pragma once

#include <string>

namespace pm::store {

struct Actor {
  std::string agent;       // agent or person name, e.g. "cli", "executor"
  std::string session_id;  // MCP session or agent session id, may be empty
};

}  // namespace pm::store
