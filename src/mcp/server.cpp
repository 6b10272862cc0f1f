#include "mcp/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "mcp/protocol_version.h"

namespace pm::mcp {

const char* const kServerInstructions =
    "project-memory keeps this project's workspaces, plans, tasks and knowledge across "
    "sessions and agents. Begin with memory_workspace action \"register\" (path: the project "
    "directory; it is idempotent) or \"get\" to see what is stored. Every tool has an action "
    "\"describe\" that returns full help for its actions: parameters, types and an example.";

namespace {

// RFC 5424 levels as MCP names them, lowest first.
const std::vector<std::string> kLogLevels = {"debug", "info",     "notice", "warning",
                                             "error", "critical", "alert",  "emergency"};

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

// The offset an opaque cursor carries: `tag` followed by digits, one tag per
// list so a cursor of one list is refused by another.
size_t OffsetCursor(const json& params, char tag, const char* method) {
  auto cursor = params.find("cursor");
  if (cursor == params.end() || cursor->is_null()) return 0;
  const std::string c = cursor->is_string() ? cursor->get<std::string>() : "";
  size_t offset = 0, used = 0;
  bool ok = c.size() > 1 && c[0] == tag && std::isdigit(static_cast<unsigned char>(c[1]));
  if (ok) {
    try {
      offset = std::stoul(c.substr(1), &used);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  // No list of ours is that long; a larger offset could only overflow the paging.
  constexpr size_t kMaxOffset = size_t{1} << 31;
  if (!ok || used != c.size() - 1 || offset > kMaxOffset) {
    throw rpc::Error(rpc::kInvalidParams,
                     std::string(method) + ": invalid cursor " + cursor->dump());
  }
  return offset;
}

// {key: items[offset, offset + size), nextCursor when more follow}.
json Paged(json items, size_t offset, size_t size, const char* key, char tag) {
  json page = json::array();
  const size_t end = std::min(items.size(), offset + size);
  for (size_t i = offset; i < end; ++i) page.push_back(std::move(items[i]));
  json result = {{key, std::move(page)}};
  if (end < items.size()) result["nextCursor"] = tag + std::to_string(end);
  return result;
}

}  // namespace

Server::Server(const ToolRegistry& tools, ServerOptions options,
               std::function<void(const json&)> send, ServerContent content)
    : tools_(tools),
      options_(std::move(options)),
      send_(std::move(send)),
      content_(content),
      client_log_level_(LogLevelIndex("warning")) {
  // The method table, in one visible block.
  dispatcher_.Bind("initialize", [this](const json& p) { return OnInitialize(p); });
  dispatcher_.Bind("logging/setLevel", [this](const json& p) { return OnSetLevel(p); });
  dispatcher_.Bind("ping", [this](const json& p) { return OnPing(p); });
  if (content_.prompts) {
    dispatcher_.Bind("prompts/get", [this](const json& p) { return OnPromptsGet(p); });
    dispatcher_.Bind("prompts/list", [this](const json& p) { return OnPromptsList(p); });
  }
  if (content_.resources) {
    dispatcher_.Bind("resources/list", [this](const json& p) { return OnResourcesList(p); });
    dispatcher_.Bind("resources/read", [this](const json& p) { return OnResourcesRead(p); });
    dispatcher_.Bind("resources/templates/list",
                     [this](const json& p) { return OnResourceTemplatesList(p); });
  }
  dispatcher_.Bind("tools/call", [this](const json& p) { return OnToolsCall(p); });
  dispatcher_.Bind("tools/list", [this](const json& p) { return OnToolsList(p); });
  dispatcher_.BindNotification("notifications/cancelled",
                               [this](const json& p) { OnCancelled(p); });
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
      return rpc::Error(
          rpc::kInvalidRequest,
          "Invalid Request: server not initialized; send \"initialize\" before \"" + method + "\"");
    }
    return std::nullopt;
  });
}

void Server::AdoptProtocolVersion(const std::string& version) {
  protocol_version_ = version;
  initialized_ = true;
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
  json capabilities = {{"tools", {{"listChanged", false}}}, {"logging", json::object()}};
  // Resources and prompts are read when asked; nothing announces changes.
  if (content_.resources) capabilities["resources"] = {{"listChanged", false}};
  if (content_.prompts) capabilities["prompts"] = {{"listChanged", false}};
  return {
      {"protocolVersion", protocol_version_},
      {"capabilities", std::move(capabilities)},
      {"serverInfo",
       {{"name", "project-memory"}, {"title", "Project Memory"}, {"version", options_.version}}},
      {"instructions", kServerInstructions}};
}

json Server::OnPing(const json&) { return json::object(); }

json Server::OnToolsList(const json& raw) {
  const json& params = ObjectParams(raw, "tools/list");
  json all = tools_.ListTools(ToolListFeaturesFor(protocol_version_));
  return Paged(std::move(all), OffsetCursor(params, 't', "tools/list"), options_.tools_page_size,
               "tools", 't');
}

json Server::OnToolsCall(const json& raw) {
  const json& params = ObjectParams(raw, "tools/call");
  auto name = params.find("name");
  if (name == params.end() || !name->is_string()) {
    throw rpc::Error(rpc::kInvalidParams, "tools/call: params.name must be the tool's name");
  }
  static const json kNoArguments = json::object();
  auto given = params.find("arguments");
  const json& arguments = given == params.end() || given->is_null() ? kNoArguments : *given;
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

json Server::OnResourcesList(const json& raw) {
  const json& params = ObjectParams(raw, "resources/list");
  const bool title = HasTitles(protocol_version_);
  ResourcePage page = content_.resources->List(OffsetCursor(params, 'r', "resources/list"),
                                               options_.list_page_size);
  json resources = json::array();
  for (const auto& r : page.resources) resources.push_back(ResourceRegistry::ToJson(r, title));
  json result = {{"resources", std::move(resources)}};
  if (page.next_offset) result["nextCursor"] = "r" + std::to_string(*page.next_offset);
  return result;
}

json Server::OnResourceTemplatesList(const json& raw) {
  const json& params = ObjectParams(raw, "resources/templates/list");
  const bool title = HasTitles(protocol_version_);
  json all = json::array();
  for (const auto& t : content_.resources->Templates()) {
    all.push_back(ResourceRegistry::ToJson(t, title));
  }
  return Paged(std::move(all), OffsetCursor(params, 'u', "resources/templates/list"),
               options_.list_page_size, "resourceTemplates", 'u');
}

json Server::OnResourcesRead(const json& raw) {
  const json& params = ObjectParams(raw, "resources/read");
  auto uri = params.find("uri");
  if (uri == params.end() || !uri->is_string()) {
    throw rpc::Error(rpc::kInvalidParams, "resources/read: params.uri must be the resource's URI");
  }
  return content_.resources->Read(uri->get<std::string>());
}

json Server::OnPromptsList(const json& raw) {
  const json& params = ObjectParams(raw, "prompts/list");
  const bool title = HasTitles(protocol_version_);
  json all = json::array();
  for (const auto& p : content_.prompts->Prompts()) all.push_back(PromptRegistry::ToJson(p, title));
  return Paged(std::move(all), OffsetCursor(params, 'p', "prompts/list"), options_.list_page_size,
               "prompts", 'p');
}

json Server::OnPromptsGet(const json& raw) {
  const json& params = ObjectParams(raw, "prompts/get");
  auto name = params.find("name");
  if (name == params.end() || !name->is_string()) {
    throw rpc::Error(rpc::kInvalidParams, "prompts/get: params.name must be the prompt's name");
  }
  return content_.prompts->Get(name->get<std::string>(), params.value("arguments", json(nullptr)));
}

void Server::OnInitialized(const json&) { spdlog::debug("client confirmed initialization"); }

void Server::OnCancelled(const json& params) {
  // Requests run to completion one at a time, so by the time a cancellation is
  // read its request has been answered; there is nothing left to stop.
  spdlog::debug("cancellation received for request {}",
                params.is_object() ? params.value("requestId", json(nullptr)).dump() : "?");
}

}  // namespace pm::mcp
