// ToolWorker is the http::Worker the server's commands make: one database
// connection with the tools, resources and prompts bound on it, exactly as
// `serve` binds them for stdio (tools::BindAllTools and friends).
#pragma once

#include <memory>
#include <string>

#include "http/worker.h"
#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "store/database.h"
#include "tools/tool_env.h"

namespace pm::cli {

class ToolWorker : public http::Worker {
 public:
  // `env` names the directory whose workspace is the default and the file
  // policy; its database is `db`, owned by the worker.
  ToolWorker(std::unique_ptr<store::Database> db, const std::string& cwd,
             const app::FilePolicy& files);

  const mcp::ToolRegistry& tools() override { return registry_; }
  mcp::ServerContent content() override { return {&resources_, &prompts_}; }
  void BeginRequest(const http::Caller& caller) override;
  http::TokenCheck CheckToken(const std::string& bearer) override;
  std::string CheckExport(const nlohmann::json& request) override;
  void Export(const nlohmann::json& request, std::ostream& out) override;
  mcp::ToolResult Import(std::string_view content) override;

 private:
  std::unique_ptr<store::Database> db_;
  tools::ToolEnv env_;
  mcp::ToolRegistry registry_;
  mcp::ResourceRegistry resources_;
  mcp::PromptRegistry prompts_;
};

}  // namespace pm::cli
