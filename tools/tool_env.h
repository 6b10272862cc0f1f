// ToolEnv is what every tool handler works with: the process's database, the
// directory the server runs in (the default workspace is the one registered for
// it) and who is acting.
#pragma once

#include <string>

#include "store/actor.h"
#include "store/database.h"

namespace pm::tools {

struct ToolEnv {
  store::Database& db;
  std::string cwd;     // absolute
  store::Actor actor;  // default actor for changes made through MCP
};

}  // namespace pm::tools
