// memory_workspace: register, get, list, update and delete workspaces (one per
// project), plus describe. See catalog/memory_workspace.json.
#include "common/cursor.h"
#include "common/user_error.h"
#include "store/workspace_repository.h"
#include "tools/all_tools.h"
#include "tools/workspace_ref.h"

namespace pm::tools {

namespace {

using mcp::ActionCall;
using mcp::ToolResult;
using nlohmann::json;

std::optional<std::string> OptString(const json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  return it->get<std::string>();
}

std::string Describe(const store::Workspace& w) {
  std::string text = w.name + " (#" + std::to_string(w.id) + ", code " + w.code + ")";
  if (w.path) text += " at " + *w.path;
  return text;
}

json ContentJson(const store::ContentCounts& counts) {
  json out = json::object();
  for (const auto& [table, n] : counts) out[table] = n;
  return out;
}

std::string NonEmpty(const json& args, const char* key) {
  std::string value = args[key].get<std::string>();
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UserError(std::string(key) + " must not be empty");
  }
  return value;
}

class WorkspaceTool {
 public:
  explicit WorkspaceTool(ToolEnv& env) : env_(env), repo_(env.db) {}

  ToolResult Register(const ActionCall& call) {
    const json& args = call.args;
    if (!args.contains("path") && !args.contains("name")) {
      throw UserError("memory_workspace.register needs path or name (or both)");
    }
    store::NewWorkspace spec;
    if (args.contains("path")) spec.path = NormalizePath(args["path"].get<std::string>(), env_.cwd);
    if (args.contains("name")) spec.name = NonEmpty(args, "name");
    spec.description = OptString(args, "description");
    if (args.contains("metadata")) spec.metadata = args["metadata"];
    auto [workspace, created] = repo_.Register(spec, env_.actor);
    ToolResult result;
    result.structured = {{"workspace", workspace.ToJson()}, {"created", created}};
    result.text = (created ? "Registered workspace " : "Already registered: ") +
                  Describe(workspace) + ".";
    return result;
  }

  ToolResult Get(const ActionCall& call) {
    store::Workspace w = Resolve(call);
    json workspace = w.ToJson();
    store::ContentCounts counts = repo_.CountContent(w.id);
    workspace["content"] = ContentJson(counts);
    std::string held;
    for (const auto& [table, n] : counts) held += (held.empty() ? "" : ", ") + std::to_string(n) + " " + table;
    ToolResult result;
    result.structured = {{"workspace", std::move(workspace)}};
    result.text = "Workspace " + Describe(w) + (w.description ? ": " + *w.description : "") +
                  ". Holds " + (held.empty() ? "nothing yet" : held) + ".";
    return result;
  }

  ToolResult List(const ActionCall& call) {
    int64_t after = 0;
    if (call.args.contains("cursor")) {
      auto decoded = DecodeCursor(call.args["cursor"].get<std::string>());
      if (!decoded) {
        throw UserError("cursor is not one this server gave out; omit it to start from the "
                        "first page");
      }
      after = *decoded;
    }
    auto page = repo_.List(call.args["limit"].get<int>(), after);
    json items = json::array();
    std::string text;
    for (const auto& w : page.items) {
      items.push_back(w.ToJson());
      text += "- " + Describe(w) + "\n";
    }
    ToolResult result;
    result.structured = {{"workspaces", std::move(items)},
                         {"next_cursor", page.next_after_id
                                             ? json(EncodeCursor(*page.next_after_id))
                                             : json(nullptr)}};
    if (page.items.empty()) text = "No workspaces registered.";
    if (page.next_after_id) text += "More: pass cursor " + EncodeCursor(*page.next_after_id) + ".";
    result.text = text;
    return result;
  }

  ToolResult Update(const ActionCall& call) {
    const json& args = call.args;
    store::Workspace w = Resolve(call);
    store::WorkspacePatch patch;
    if (args.contains("name")) patch.name = NonEmpty(args, "name");
    patch.description = OptString(args, "description");
    if (args.contains("path")) patch.path = NormalizePath(args["path"].get<std::string>(), env_.cwd);
    if (args.contains("metadata")) patch.metadata = args["metadata"];
    if (!patch.name && !patch.description && !patch.path && !patch.metadata) {
      throw UserError("nothing to update: pass name, description, path or metadata");
    }
    store::Workspace updated = repo_.Update(w.id, patch, env_.actor);
    ToolResult result;
    result.structured = {{"workspace", updated.ToJson()}};
    result.text = "Updated workspace " + Describe(updated) + ".";
    return result;
  }

  ToolResult Delete(const ActionCall& call) {
    store::Workspace w = Resolve(call);
    store::ContentCounts deleted = repo_.Delete(w.id, call.args["confirm"].get<bool>(), env_.actor);
    json workspace = w.ToJson();
    workspace["content"] = ContentJson(deleted);
    ToolResult result;
    result.structured = {{"deleted", true}, {"workspace", std::move(workspace)}};
    result.text = "Deleted workspace " + Describe(w) + ".";
    return result;
  }

 private:
  store::Workspace Resolve(const ActionCall& call) {
    return ResolveWorkspace(repo_, call.args.value("workspace", json(nullptr)), env_.cwd);
  }

  ToolEnv& env_;
  store::WorkspaceRepository repo_;
};

}  // namespace

void BindMemoryWorkspace(mcp::ToolRegistry& registry, ToolEnv& env) {
  auto tool = std::make_shared<WorkspaceTool>(env);
  const std::string name = "memory_workspace";
  registry.Bind(name, "delete", [tool](const ActionCall& c) { return tool->Delete(c); });
  registry.Bind(name, "get", [tool](const ActionCall& c) { return tool->Get(c); });
  registry.Bind(name, "list", [tool](const ActionCall& c) { return tool->List(c); });
  registry.Bind(name, "register", [tool](const ActionCall& c) { return tool->Register(c); });
  registry.Bind(name, "update", [tool](const ActionCall& c) { return tool->Update(c); });
  BindDescribe(registry, name);
}

}  // namespace pm::tools
