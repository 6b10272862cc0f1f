// Where on the server's disk tool actions may read and write files
// (memory_workspace export and import, memory_agent import), and the checks
// that hold them to it.
//
// Over stdio a path must lie in the directory of the workspace the call is
// about (or of the server's directory), the data directory (where the
// SQLite file is; a PostgreSQL store has none), or a directory given with `serve --allow-path`.
// Over HTTP no server-side path is taken unless `serve --http ... --files-root DIR`, and then only
// inside DIR. Paths are resolved (symlinks included) before they are checked, so a link that leads
// out is refused like its target. Checks run when the path is used; a directory swapped for a link
// between the check and the use is beyond them.
#pragma once

#include <string>
#include <vector>

namespace pm::app {

struct FilePolicy {
  // False over HTTP without --files-root: every server-side path is refused.
  bool paths_allowed = true;
  // Directories a path may lie in (absolute), whatever the call.
  std::vector<std::string> roots;
  // Whether the call's workspace directory and the data directory count too
  // (stdio's rule; not over HTTP).
  bool workspace_roots = true;
  // The option that widens the roots, for refusal messages.
  std::string widen_hint = "serve --allow-path DIR";
};

// `path` (relative to `cwd`, "~" expanded) absolute and with symlinks
// resolved, when `policy` allows it: inside one of its roots or, when
// policy.workspace_roots, inside one of `call_roots`. Throws UserError naming
// the path, the directories allowed and how to widen them; `alternative` says
// what to do instead when the server takes no paths at all ("leave out path
// to get the export inline").
std::string ConfinePath(const FilePolicy& policy, const std::string& path, const std::string& cwd,
                        const std::vector<std::string>& call_roots, const std::string& alternative);

// Refuses (UserError) to replace `path` when it exists and is not a
// project-memory export, unless `overwrite`; and whatever `overwrite`, when it
// is not a regular file.
void CheckExportTarget(const std::string& path, bool overwrite);

}  // namespace pm::app
