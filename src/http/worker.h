// A Worker is what one HTTP request needs that must not be shared between
// threads: a database connection and the tool, resource and prompt registries
// built on it (store::Database is not thread-safe). The WorkerPool lends each
// worker to one request at a time. Workers are made by a factory that the
// command starting the server supplies (cli/http_worker.h), so this layer
// never opens a database or knows its engine.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/server.h"
#include "mcp/tool_registry.h"

namespace pm::http {

// Who a request acts for once authenticated.
struct Caller {
  std::string name;        // the token's name; "http" when the server runs open
  bool read_only = false;  // the token may only call read-only actions
};

// A token as the server checks it: hashed at rest, looked up per request so a
// revocation takes effect on the next request of every server on the database.
struct TokenCheck {
  bool any_defined = false;       // whether the database holds any token
  std::optional<Caller> matched;  // the token's owner, when the bearer matched one
};

class Worker {
 public:
  virtual ~Worker() = default;

  virtual const mcp::ToolRegistry& tools() = 0;
  virtual mcp::ServerContent content() = 0;

  // Starts a request for `caller`: writes that name no agent are recorded in
  // update_log under caller.name, and nothing a previous request set (e.g. a
  // session started by memory_agent session_start) carries over.
  virtual void BeginRequest(const Caller& caller) = 0;

  // Checks a bearer token (empty: none was sent) against the stored hashes,
  // in constant time per stored token.
  virtual TokenCheck CheckToken(const std::string& bearer) = 0;

  // For the streamed GET /api/export: CheckExport throws UserError for a
  // request that cannot be exported (an unknown workspace, a malformed since)
  // and returns what it covers ("workspace shop"); Export writes it — the
  // workspace `workspace` (id, code or path) or with all=true the whole store,
  // changes after `since` only when given — as project-memory JSONL to `out`.
  virtual std::string CheckExport(const nlohmann::json& request) = 0;
  virtual void Export(const nlohmann::json& request, std::ostream& out) = 0;

  // For POST /api/import: applies an export's text as memory_workspace import
  // does (ImportContent), in one transaction. Throws UserError when refused.
  virtual mcp::ToolResult Import(std::string_view content) = 0;
};

using WorkerFactory = std::function<std::unique_ptr<Worker>()>;

}  // namespace pm::http
