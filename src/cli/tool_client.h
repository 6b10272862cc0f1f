// ToolClient runs MCP tool actions in-process for the commands for people: the
// same catalog validation and handlers an MCP client reaches through tools/call,
// acting as "cli", so the command line and MCP behave identically.
//
// Owns the database connection when built from GlobalOptions; otherwise the
// caller keeps `db` alive for the client's lifetime. Not thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cli/global_options.h"
#include "mcp/tool_registry.h"
#include "store/database.h"
#include "tools/tool_env.h"

namespace pm::cli {

using nlohmann::json;

// A call the tool answered with isError: the message is the tool's text,
// meant for a person as much as for an agent.
class ToolError : public std::runtime_error {
 public:
  explicit ToolError(const std::string& message) : std::runtime_error(message) {}
};

class ToolClient {
 public:
  // Opens (and migrates) the database the global options name; throws
  // std::runtime_error with a message for a person when it cannot.
  explicit ToolClient(const GlobalOptions& global);
  // Works on an open, migrated database; the default workspace is the one
  // registered for `cwd`.
  ToolClient(store::Database& db, std::string cwd);
  ~ToolClient();
  ToolClient(const ToolClient&) = delete;
  ToolClient& operator=(const ToolClient&) = delete;

  // The structuredContent of `tool` with `action` and `args` ("action" is set
  // from `action` unless empty). Throws ToolError when the result is isError.
  json Call(const std::string& tool, const std::string& action, json args = json::object());

 private:
  std::unique_ptr<store::Database> owned_db_;
  tools::ToolEnv env_;
  mcp::ToolRegistry registry_;
};

// {"workspace": workspace} when `workspace` is not empty, else {}: the
// arguments every command starts from.
json WorkspaceArgs(const std::string& workspace);

}  // namespace pm::cli
