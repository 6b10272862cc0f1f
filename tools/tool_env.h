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
  // Whether actions may write files they are given a path for (export). Off in
  // the fuzzer's sessions, which must not write wherever random bytes point.
  bool file_writes = true;
};

}  // namespace pm::tools
