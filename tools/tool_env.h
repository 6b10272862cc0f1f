// ToolEnv is what every tool handler works with: the process's database, the
// directory the server runs in (the default workspace is the one registered for
// it), who is acting, and where on the server's disk actions may read and
// write files.
#pragma once

#include <string>
#include <vector>

#include "store/actor.h"
#include "store/database.h"

namespace pm::tools {

// Where actions that take a path on the server's disk (memory_workspace export
// and import, memory_agent import) may go. A path is resolved (symlinks
// included) before it is checked, so a link out of an allowed directory is
// refused like the directory it points to. app/file_policy.h applies it.
struct FilePolicy {
  // False over HTTP without --files-root: every server-side path is refused,
  // and export/import travel in requests and responses instead.
  bool paths_allowed = true;
  // Directories a path must lie in (absolute).
  std::vector<std::string> roots;
  // Whether the directory of the workspace a call is about, and the data
  // directory (where the database lives), count as roots too: stdio's rule.
  bool workspace_roots = true;
  // Names the option that widens the roots, for refusal messages.
  std::string widen_hint = "serve --allow-path DIR";
};

struct ToolEnv {
  store::Database& db;
  std::string cwd;     // absolute
  store::Actor actor;  // default actor for changes made through MCP
  // Whether actions may write files they are given a path for (export). Off in
  // the fuzzer's sessions, which must not write wherever random bytes point.
  bool file_writes = true;
  FilePolicy files = {};
};

}  // namespace pm::tools
