#include "cli/http_worker.h"

#include "app/api_tokens.h"
#include "catalog/catalog.h"
#include "store/export_writer.h"
#include "tools/all_tools.h"
#include "tools/memory_workspace_transfer.h"
#include "tools/prompts.h"
#include "tools/resources.h"

namespace pm::cli {

ToolWorker::ToolWorker(std::unique_ptr<store::Database> db, const std::string& cwd,
                       const app::FilePolicy& files)
    : db_(std::move(db)),
      env_{*db_, cwd, {"http", ""}, true, files},
      registry_(catalog::Catalog::Embedded()) {
  tools::BindAllTools(registry_, env_);
  tools::BindResources(resources_, env_);
  tools::BindPrompts(prompts_, env_);
}

void ToolWorker::BeginRequest(const http::Caller& caller) { env_.actor = {caller.name, ""}; }

http::TokenCheck ToolWorker::CheckToken(const std::string& bearer) {
  store::TokenRepository tokens(*db_);
  app::ApiTokenMatch match = app::MatchApiToken(tokens, bearer);
  http::TokenCheck check;
  check.any_defined = match.any_defined;
  if (match.matched) check.matched = http::Caller{match.matched->name, match.matched->read_only};
  return check;
}

std::string ToolWorker::CheckExport(const nlohmann::json& request) {
  std::string scope;
  tools::ExportScope(env_, request, &scope);
  return scope;
}

void ToolWorker::Export(const nlohmann::json& request, std::ostream& out) {
  std::string scope;
  store::WriteExport(*db_, tools::ExportScope(env_, request, &scope), out);
}

mcp::ToolResult ToolWorker::Import(std::string_view content) {
  return tools::ImportContent(env_, content, std::nullopt, mcp::CallContext{});
}

}  // namespace pm::cli
