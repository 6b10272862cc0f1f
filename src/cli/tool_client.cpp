#include "cli/tool_client.h"

#include <filesystem>

#include "catalog/catalog.h"
#include "cli/startup.h"
#include "tools/all_tools.h"

namespace pm::cli {

namespace {

// The actor every change made from the command line is recorded under.
constexpr const char* kCliActor = "cli";

}  // namespace

ToolClient::ToolClient(const GlobalOptions& global)
    : owned_db_(OpenStore(global)),
      env_{*owned_db_, std::filesystem::current_path().string(), {kCliActor, ""}},
      registry_(catalog::Catalog::Embedded()) {
  tools::BindAllTools(registry_, env_);
}

ToolClient::ToolClient(store::Database& db, std::string cwd)
    : env_{db, std::move(cwd), {kCliActor, ""}}, registry_(catalog::Catalog::Embedded()) {
  tools::BindAllTools(registry_, env_);
}

ToolClient::~ToolClient() = default;

json ToolClient::Call(const std::string& tool, const std::string& action, json args) {
  if (!action.empty()) args["action"] = action;
  json result = registry_.Call(tool, args, mcp::CallContext{});
  if (result.value("isError", false)) {
    std::string message;
    for (const auto& block : result["content"]) {
      if (block.value("type", "") == "text") message += block.value("text", "");
    }
    throw ToolError(message.empty() ? tool + " failed" : message);
  }
  return result["structuredContent"];
}

json WorkspaceArgs(const std::string& workspace) {
  json args = json::object();
  if (!workspace.empty()) args["workspace"] = workspace;
  return args;
}

}  // namespace pm::cli
