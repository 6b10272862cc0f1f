// Shared fixtures for the unit tests: temporary directories, migrated in-memory
// databases, and an MCP session driven through the real transport.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "mcp/server.h"
#include "mcp/tool_registry.h"
#include "store/database.h"
#include "store/migration.h"
#include "tools/tool_env.h"

namespace pm::testing {

using nlohmann::json;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The embedded migrations numbered up to `version`: an older binary's schema.
std::vector<store::Migration> MigrationsUpTo(int version);

// EXPLAIN QUERY PLAN of `sql`, one detail line per row.
std::string QueryPlan(store::Database& db, const std::string& sql);

// An in-memory database with every migration applied and the catalog seeded.
std::unique_ptr<store::Database> MigratedMemoryDatabase();

// Runs `input` (lines of JSON-RPC) through Transport + Server over `db`, with
// every tool, resource and prompt bound, and returns the output lines parsed.
class McpHarness {
 public:
  explicit McpHarness(std::string cwd = "/nonexistent-cwd");

  // Feeds raw text (one or many lines) and returns every line written back.
  std::vector<json> Exchange(const std::string& input, size_t max_line_bytes = 4096);
  // Initializes (with `version`), then sends one request and returns its response.
  json Request(const std::string& method, const json& params,
               const std::string& version = "2025-11-25");
  // tools/call after initialize; returns the CallToolResult.
  json CallTool(const std::string& tool, const json& arguments);

  store::Database& db() { return *db_; }
  tools::ToolEnv& env() { return env_; }
  mcp::ServerOptions& options() { return options_; }

 private:
  std::unique_ptr<store::Database> db_;
  tools::ToolEnv env_;
  mcp::ToolRegistry registry_;
  mcp::ResourceRegistry resources_;
  mcp::PromptRegistry prompts_;
  mcp::ServerOptions options_;
};

std::string InitializeLine(const std::string& version = "2025-11-25", int id = 0);
std::string RequestLine(int id, const std::string& method, const json& params = nullptr);

// The text of a CallToolResult's first content item.
std::string ResultText(const json& call_result);

}  // namespace pm::testing
