// ToolEnv is what every tool handler works with: the process's database, the
// directory the server runs in (the default workspace is the one registered for
// it), who is acting, and where on the server's disk actions may read and
// write files (app/file_policy.h).
#pragma once

#include <string>

#include "app/file_policy.h"
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
  // Where actions that take a path on the server's disk may read and write.
  app::FilePolicy files = {};
};

}  // namespace pm::tools
