#include "tools/tool_args.h"

#include <filesystem>

#include "app/file_policy.h"
#include "app/workspace_ref.h"
#include "common/user_error.h"
#include "store/entity_ref.h"
#include "store/shapes.h"
#include "store/short_codes.h"

namespace pm::tools {

json Pick(const json& args, std::initializer_list<const char*> keys) {
  return store::PickKeys(args, keys);
}

std::optional<std::string> OptString(const json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  return it->get<std::string>();
}

store::Actor ActorFor(const ToolEnv& env, const json& args) {
  store::Actor actor = env.actor;
  if (auto it = args.find("agent"); it != args.end() && it->is_string()) {
    actor.agent = it->get<std::string>();
  }
  if (auto it = args.find("session_id"); it != args.end() && it->is_string()) {
    actor.session_id = it->get<std::string>();
  }
  return actor;
}

store::Workspace WorkspaceFor(ToolEnv& env, const json& args) {
  store::WorkspaceRepository repo(env.db);
  return app::ResolveWorkspace(repo, args.value("workspace", json(nullptr)), env.cwd);
}

void ThrowNoSuchRef(const store::Workspace& ws, const json& ref, const std::string& code_prefix,
                    const std::string& kind) {
  std::string shown = ref.is_string() ? ref.get<std::string>() : ref.dump();
  throw UserError("no " + kind + " " + shown + " in workspace " + ws.code + " (give its id or " +
                  code_prefix + "-code, e.g. " + code_prefix + "1)");
}

json RequireRef(ToolEnv& env, const store::TableShape& shape, const store::Workspace& ws,
                const json& ref, const std::string& code_prefix, const std::string& kind) {
  if (auto row = store::FindByRef(env.db, shape, ws.id, ref, code_prefix)) return *row;
  ThrowNoSuchRef(ws, ref, code_prefix, kind);
}

int64_t RequireRefId(ToolEnv& env, const store::TableShape& shape, const store::Workspace& ws,
                     const json& ref, const std::string& code_prefix, const std::string& kind) {
  if (auto id = store::FindIdByRef(env.db, shape, ws.id, ref, code_prefix)) return *id;
  ThrowNoSuchRef(ws, ref, code_prefix, kind);
}

store::Plan RequirePlan(ToolEnv& env, const store::Workspace& ws, const json& ref) {
  if (auto plan = store::FindPlan(env.db, ws.id, ref)) return *plan;
  ThrowNoSuchRef(ws, ref, store::code_prefix::kPlan, "plan");
}

std::optional<int64_t> CreatedSessionFilter(ToolEnv& env, const store::Workspace& ws,
                                            const json& args) {
  auto it = args.find("created_session");
  if (it == args.end()) return std::nullopt;
  return RequireRefId(env, store::shapes::kSession, ws, *it, store::code_prefix::kSession,
                      "session");
}

std::string AllowedPath(ToolEnv& env, std::optional<int64_t> workspace_id, const std::string& path,
                        const std::string& alternative) {
  std::vector<std::string> roots;
  store::WorkspaceRepository repo(env.db);
  if (workspace_id) {
    if (auto ws = repo.FindById(*workspace_id); ws && ws->path) roots.push_back(*ws->path);
  }
  if (auto here = repo.FindEnclosing(env.cwd); here && here->path) roots.push_back(*here->path);
  // The directory of a SQLite file; a PostgreSQL store has none on this disk.
  if (env.db.engine() == store::Engine::kSqlite && !env.db.in_memory()) {
    roots.push_back(std::filesystem::absolute(env.db.path()).parent_path().string());
  }
  return app::ConfinePath(env.files, path, env.cwd, roots, alternative);
}

std::string NonBlank(const json& args, const char* key) {
  std::string value = args.at(key).get<std::string>();
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UserError(std::string(key) + " must not be empty");
  }
  return value;
}

}  // namespace pm::tools
