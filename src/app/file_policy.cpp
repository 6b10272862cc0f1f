#include "app/file_policy.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "app/workspace_ref.h"
#include "common/user_error.h"

namespace pm::app {

namespace fs = std::filesystem;

namespace {

// `root` resolved, or empty when it cannot be.
std::string Resolved(const std::string& root) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(root, ec);
  if (ec || root.empty()) return "";
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

bool Inside(const std::string& path, const std::string& root) {
  if (root.empty()) return false;
  if (root == "/") return true;
  return path == root || (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
                          path[root.size()] == '/');
}

}  // namespace

std::string ConfinePath(const FilePolicy& policy, const std::string& path, const std::string& cwd,
                        const std::vector<std::string>& call_roots,
                        const std::string& alternative) {
  if (!policy.paths_allowed) {
    throw UserError("this server reads and writes no files on its disk (" + policy.widen_hint +
                    " names a directory for that): " + alternative);
  }
  if (path.empty()) throw UserError("path must not be empty");
  const std::string resolved = NormalizePath(path, cwd);
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(resolved, ec))) {
    throw UserError(path + " is a symbolic link that leads nowhere; give the file itself");
  }
  std::vector<std::string> roots;
  for (const auto& r : policy.roots) roots.push_back(Resolved(r));
  if (policy.workspace_roots) {
    for (const auto& r : call_roots) roots.push_back(Resolved(r));
  }
  std::string allowed;
  std::vector<std::string> listed;  // each directory once (a workspace's is often also cwd's)
  for (const auto& root : roots) {
    if (Inside(resolved, root)) return resolved;
    if (root.empty() || std::find(listed.begin(), listed.end(), root) != listed.end()) continue;
    listed.push_back(root);
    allowed += (allowed.empty() ? "" : ", ") + root;
  }
  throw UserError(path + (resolved != path ? " (" + resolved + ")" : std::string()) +
                  " is outside the directories this server may use: " +
                  (allowed.empty() ? std::string("none") : allowed) + ". " + policy.widen_hint +
                  " adds one.");
}

void CheckExportTarget(const std::string& path, bool overwrite) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return;
  if (!fs::is_regular_file(status)) {
    throw UserError("cannot export to " + path + ": it exists and is not a regular file");
  }
  if (overwrite) return;
  std::ifstream in(path, std::ios::binary);
  std::string head(48, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.rfind("{\"format\":\"project-memory-export\"", 0) != 0) {
    throw UserError(path +
                    " exists and is not a project-memory export; nothing was written. "
                    "Choose another path, or pass overwrite: true to replace it");
  }
}

}  // namespace pm::app
