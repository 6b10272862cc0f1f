// Resolves the `workspace` argument every tool takes: an id (integer or digits),
// a code ("shop"), or a path ("/home/me/shop", "~/shop", "./shop"). Without
// one, the workspace registered for the server's directory (or an ancestor).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "store/workspace_repository.h"

namespace pm::app {

// Throws UserError with the candidates and what to do when nothing matches.
store::Workspace ResolveWorkspace(store::WorkspaceRepository& repo, const nlohmann::json& ref,
                                  const std::string& cwd);

// Absolute, normalized form of a user-given path: "~" expanded, relative paths
// taken from `cwd`, "." and ".." folded, symlinks resolved where they exist, no
// trailing slash. Throws UserError for an empty path.
std::string NormalizePath(const std::string& path, const std::string& cwd);

}  // namespace pm::app
