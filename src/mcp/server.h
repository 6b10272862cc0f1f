// Server is the MCP lifecycle and method table on top of the JSON-RPC
// dispatcher: initialize (version negotiation, capabilities, instructions),
// ping, tools/list (paged), tools/call, logging/setLevel, and the
// notifications/initialized and notifications/cancelled notifications; with
// resources and prompts (ServerContent), resources/list (paged),
// resources/templates/list, resources/read, prompts/list (paged) and
// prompts/get.
// Requests other than initialize and ping are refused until initialize succeeds.
// Not thread-safe; one Server per connection.
#pragma once

#include <functional>
#include <string>

#include "mcp/prompt_registry.h"
#include "mcp/resource_registry.h"
#include "mcp/tool_registry.h"
#include "rpc/dispatcher.h"
#include "rpc/transport.h"

namespace pm::mcp {

struct ServerOptions {
  std::string version = PM_VERSION;
  size_t tools_page_size = 100;
  size_t list_page_size = 50;  // resources, resource templates, prompts
};

// What a server offers besides tools. A null registry is not announced in the
// capabilities, and its methods are unknown (-32601).
struct ServerContent {
  const ResourceRegistry* resources = nullptr;
  const PromptRegistry* prompts = nullptr;
};

class Server : public rpc::MessageHandler {
 public:
  // `send` writes a server-initiated notification (e.g. notifications/message).
  Server(const ToolRegistry& tools, ServerOptions options,
         std::function<void(const json&)> send = {}, ServerContent content = {});

  std::optional<json> HandleMessage(const json& message) override {
    return dispatcher_.Handle(message);
  }
  bool AcceptsBatches() const override;

  // For transports where each request stands alone (MCP Streamable HTTP
  // without sessions): serves what follows as if initialize had negotiated
  // `version`. REQUIRES: `version` is supported (mcp/protocol_version.h).
  void AdoptProtocolVersion(const std::string& version);

  bool initialized() const { return initialized_; }
  const std::string& protocol_version() const { return protocol_version_; }

  // Sends a notifications/message to the client when `level` is at or above the
  // level the client set (default: warning).
  void LogToClient(const std::string& level, const json& data);

 private:
  json OnInitialize(const json& params);
  json OnPing(const json& params);
  json OnToolsList(const json& params);
  json OnToolsCall(const json& params);
  json OnSetLevel(const json& params);
  json OnResourcesList(const json& params);
  json OnResourceTemplatesList(const json& params);
  json OnResourcesRead(const json& params);
  json OnPromptsList(const json& params);
  json OnPromptsGet(const json& params);
  void OnInitialized(const json& params);
  void OnCancelled(const json& params);

  const ToolRegistry& tools_;
  ServerOptions options_;
  std::function<void(const json&)> send_;
  ServerContent content_;
  rpc::Dispatcher dispatcher_;
  bool initialized_ = false;
  std::string protocol_version_;
  std::string client_name_;
  int client_log_level_;
};

// The instructions an agent reads on initialize: how to begin.
extern const char* const kServerInstructions;

}  // namespace pm::mcp
