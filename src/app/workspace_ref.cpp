#include "app/workspace_ref.h"

#include <cstdlib>
#include <filesystem>

#include "common/user_error.h"

namespace pm::app {

namespace fs = std::filesystem;

std::string NormalizePath(const std::string& path, const std::string& cwd) {
  if (path.empty()) throw UserError("path must not be empty");
  fs::path p(path);
  if (path == "~" || path.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (!home) throw UserError("cannot expand ~ in " + path + ": HOME is not set");
    p = fs::path(home) / path.substr(path.size() > 1 ? 2 : 1);
  }
  if (p.is_relative()) p = fs::path(cwd) / p;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(p, ec);
  p = (ec ? p : canonical).lexically_normal();
  std::string out = p.string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

namespace {

[[noreturn]] void NotFound(store::WorkspaceRepository& repo, const std::string& what) {
  std::string known;
  auto page = repo.List(10, 0);
  for (const auto& w : page.items) known += (known.empty() ? "" : ", ") + w.code;
  if (page.next_after_id) known += ", ...";
  throw UserError(
      "no workspace " + what + ". " +
      (known.empty() ? std::string("No workspace is registered yet") : "Registered: " + known) +
      ". Register one with memory_workspace action \"register\".");
}

bool LooksLikePath(const std::string& s) {
  return s.find('/') != std::string::npos || s[0] == '~' || s[0] == '.';
}

}  // namespace

store::Workspace ResolveWorkspace(store::WorkspaceRepository& repo, const nlohmann::json& ref,
                                  const std::string& cwd) {
  if (ref.is_null()) {
    if (auto w = repo.FindEnclosing(cwd)) return *w;
    throw UserError(
        "no workspace given, and none is registered for " + cwd +
        ". Pass workspace (id, code or path), or register this directory with "
        "memory_workspace action \"register\" (from a shell: project-memory register).");
  }
  if (ref.is_number_integer()) {
    if (auto w = repo.FindById(ref.get<int64_t>())) return *w;
    NotFound(repo, "with id " + ref.dump());
  }
  const std::string s = ref.get<std::string>();
  if (s.empty()) throw UserError("workspace must not be empty: give an id, code or path");
  if (s.find_first_not_of("0123456789") == std::string::npos && s.size() < 19) {
    if (auto w = repo.FindById(std::stoll(s))) return *w;
    NotFound(repo, "with id " + s);
  }
  if (LooksLikePath(s)) {
    std::string path = NormalizePath(s, cwd);
    if (auto w = repo.FindByPath(path)) return *w;
    NotFound(repo, "registered at " + path);
  }
  if (auto w = repo.FindByCode(s)) return *w;
  NotFound(repo, "with code \"" + s + "\"");
}

}  // namespace pm::app
