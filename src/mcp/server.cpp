#include "mcp/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "mcp/protocol_version.h"

namespace pm::mcp {

const char* const kServerInstructions =
    "project-memory keeps this project's workspaces, plans, tasks and knowledge across "
    "sessions and agents. Begin with memory_workspace action \"register\" (path: the project "
    "directory; it is idempotent) or \"get\" to see what is stored. Every tool has an action "
    "\"describe\" that returns full help for its actions: parameters, types and an example.";

namespace {

// RFC 5424 levels as MCP names them, lowest first.
const std::vector<std::string> kLogLevels = {"debug",    "info",  "notice", "warning",
                                             "error",    "critical", "alert", "emergency"};

int LogLevelIndex(const std::string& level) {
  auto it = std::find(kLogLevels.begin(), kLogLevels.end(), level);
  return it == kLogLevels.end() ? -1 : static_cast<int>(it - kLogLevels.begin());
}

const json& ObjectParams(const json& params, const char* method) {
  static const json kEmpty = json::object();
  if (params.is_null()) return kEmpty;
  if (!params.is_object()) {
    throw rpc::Error(rpc::kInvalidParams, std::string(method) + ": params must be an object");
  }
  return params;
}

}  // namespace

Server::Server(const ToolRegistry& tools, ServerOptions options,
               std::function<void(const json&)> send)
    : tools_(tools),
      options_(std::move(options)),
      send_(std::move(send)),
      client_log_level_(LogLevelIndex("warning")) {
  // The method table, in one visible block.
  dispatcher_.Bind("initialize", [this](const json& p) { return OnInitialize(p); });
  dispatcher_.Bind("logging/setLevel", [this](const json& p) { return OnSetLevel(p); });
  dispatcher_.Bind("ping", [this](const json& p) { return OnPing(p); });
  dispatcher_.Bind("tools/call", [this](const json& p) { return OnToolsCall(p); });
  dispatcher_.Bind("tools/list", [this](const json& p) { return OnToolsList(p); });
  dispatcher_.BindNotification("notifications/cancelled", [this](const json& p) { OnCancelled(p); });
  dispatcher_.BindNotification("notifications/initialized",
                               [this](const json& p) { OnInitialized(p); });

  dispatcher_.SetGate([this](const std::string& method) -> std::optional<rpc::Error> {
    if (method == "initialize") {
      if (initialized_) {
        return rpc::Error(rpc::kInvalidRequest, "Invalid Request: already initialized");
      }
      return std::nullopt;
    }
    if (!initialized_ && method != "ping") {
      return rpc::Error(rpc::kInvalidRequest,
                        "Invalid Request: server not initialized; send \"initialize\" before \"" +
                            method + "\"");
    }
    return std::nullopt;
  });
}

bool Server::AcceptsBatches() const { return initialized_ && AllowsBatches(protocol_version_); }

void Server::LogToClient(const std::string& level, const json& data) {
  if (!send_ || !initialized_ || LogLevelIndex(level) < client_log_level_) return;
  send_(rpc::MakeNotification("notifications/message",
                              {{"level", level}, {"logger", "project-memory"}, {"data", data}}));
}

json Server::OnInitialize(const json& raw) {
  const json& params = ObjectParams(raw, "initialize");
  auto requested = params.find("protocolVersion");
  if (requested == params.end() || !requested->is_string()) {
    throw rpc::Error(rpc::kInvalidParams,
                     "initialize: params.protocolVersion must be a string such as \"" +
                         LatestProtocolVersion() + "\"");
  }
  protocol_version_ = NegotiateProtocolVersion(requested->get<std::string>());
  if (auto info = params.find("clientInfo"); info != params.end() && info->is_object()) {
    client_name_ = info->value("name", "");
  }
  initialized_ = true;
  spdlog::info("initialized by {} (protocol {}, asked {})",
               client_name_.empty() ? "an unnamed client" : client_name_, protocol_version_,
               requested->get<std::string>());
  return {{"protocolVersion", protocol_version_},
          {"capabilities", {{"tools", {{"listChanged", false}}}, {"logging", json::object()}}},
          {"serverInfo",
           {{"name", "project-memory"}, {"title", "Project Memory"}, {"version", options_.version}}},
          {"instructions", kServerInstructions}};
}

json Server::OnPing(const json&) { return json::object(); }

json Server::OnToolsList(const json& raw) {
  const json& params = ObjectParams(raw, "tools/list");
  size_t offset = 0;
  if (auto cursor = params.find("cursor"); cursor != params.end() && !cursor->is_null()) {
    // Cursors are opaque to clients; ours is "t" followed by an offset.
    const std::string c = cursor->is_string() ? cursor->get<std::string>() : "";
    size_t used = 0;
    bool ok = c.size() > 1 && c[0] == 't' && std::isdigit(static_cast<unsigned char>(c[1]));
    if (ok) {
      try {
        offset = std::stoul(c.substr(1), &used);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok || used != c.size() - 1) {
      throw rpc::Error(rpc::kInvalidParams, "tools/list: invalid cursor " + cursor->dump());
    }
  }
  json all = tools_.ListTools(ToolListFeaturesFor(protocol_version_));
  json page = json::array();
  const size_t end = std::min(all.size(), offset + options_.tools_page_size);
  for (size_t i = offset; i < end; ++i) page.push_back(std::move(all[i]));
  json result = {{"tools", std::move(page)}};
  if (end < all.size()) result["nextCursor"] = "t" + std::to_string(end);
  return result;
}

json Server::OnToolsCall(const json& raw) {
  const json& params = ObjectParams(raw, "tools/call");
  auto name = params.find("name");
  if (name == params.end() || !name->is_string()) {
    throw rpc::Error(rpc::kInvalidParams, "tools/call: params.name must be the tool's name");
  }
  json arguments = params.value("arguments", json::object());
  if (arguments.is_null()) arguments = json::object();
  if (!arguments.is_object()) {
    throw rpc::Error(rpc::kInvalidParams, "tools/call: params.arguments must be an object");
  }
  CallContext context;
  context.protocol_version = protocol_version_;
  if (auto meta = params.find("_meta"); meta != params.end() && meta->is_object()) {
    context.progress_token = meta->value("progressToken", json(nullptr));
  }
  context.notify = send_;
  try {
    return tools_.Call(name->get<std::string>(), arguments, context);
  } catch (const rpc::Error&) {
    throw;
  } catch (const std::exception& e) {
    LogToClient("error", {{"tool", *name}, {"error", e.what()}});
    throw;
  }
}

json Server::OnSetLevel(const json& raw) {
  const json& params = ObjectParams(raw, "logging/setLevel");
  std::string level = params.value("level", json(nullptr)).is_string()
                          ? params["level"].get<std::string>()
                          : std::string();
  int index = LogLevelIndex(level);
  if (index < 0) {
    throw rpc::Error(rpc::kInvalidParams,
                     "logging/setLevel: level must be one of debug, info, notice, warning, "
                     "error, critical, alert, emergency");
  }
  client_log_level_ = index;
  return json::object();
}

void Server::OnInitialized(const json&) { spdlog::debug("client confirmed initialization"); }

void Server::OnCancelled(const json& params) {
  // Requests run to completion one at a time, so by the time a cancellation is
  // read its request has been answered; there is nothing left to stop.
  spdlog::debug("cancellation received for request {}",
                params.is_object() ? params.value("requestId", json(nullptr)).dump() : "?");
}

}  // namespace pm::mcp
