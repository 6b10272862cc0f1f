#include "http/mcp_endpoint.h"

#include <algorithm>

#include "common/text.h"
#include "http/problem.h"
#include "mcp/protocol_version.h"

namespace pm::http {

namespace {

using nlohmann::json;

// The version a transport without the header assumes (Streamable HTTP,
// "backwards compatibility").
constexpr const char* kVersionWithoutHeader = "2025-03-26";

bool HeaderHas(const httplib::Request& req, const char* name, const char* what) {
  return AsciiLower(req.get_header_value(name)).find(what) != std::string::npos;
}

// Turns each message over to a fresh mcp::Server, first checking what HTTP
// adds: the protocol version header and the caller's right to write. A refusal
// is a JSON-RPC error in the body and an HTTP status beside it.
class RequestHandler : public rpc::MessageHandler {
 public:
  RequestHandler(Worker& worker, const Caller& caller, std::string version,
                 std::string header_version)
      : worker_(worker),
        caller_(caller),
        version_(std::move(version)),
        header_version_(std::move(header_version)),
        server_(worker.tools(), {}, {}, worker.content()) {}

  std::optional<json> HandleMessage(const json& message) override {
    const bool is_request = message.is_object() && message.contains("id");
    const json id = is_request ? message["id"] : json(nullptr);
    const std::string method =
        message.is_object() && message.value("method", json(nullptr)).is_string()
            ? message["method"].get<std::string>()
            : std::string();
    if (method != "initialize") {
      if (version_.empty()) {
        status_ = 400;
        return rpc::MakeErrorResponse(
            id, rpc::kInvalidRequest,
            "Unsupported MCP-Protocol-Version: " + Abbreviate(header_version_) +
                " (supported: " + JoinChoices(mcp::SupportedProtocolVersions(), ", ") + ")");
      }
      if (!server_.initialized()) server_.AdoptProtocolVersion(version_);
      if (auto refusal = RefuseWrite(message, method)) {
        status_ = 403;
        return rpc::MakeErrorResponse(id, rpc::kInvalidRequest, *refusal);
      }
    }
    return server_.HandleMessage(message);
  }

  bool AcceptsBatches() const override { return mcp::AllowsBatches(version_); }

  int status() const { return status_; }

 private:
  // Why a read-only caller may not make this call, or nullopt.
  std::optional<std::string> RefuseWrite(const json& message, const std::string& method) const {
    if (!caller_.read_only || method != "tools/call") return std::nullopt;
    const json params = message.value("params", json::object());
    if (!params.is_object() || !params.value("name", json(nullptr)).is_string())
      return std::nullopt;
    const catalog::Tool* tool =
        worker_.tools().catalog().FindTool(params["name"].get<std::string>());
    if (!tool) return std::nullopt;
    const json args = params.value("arguments", json::object());
    const catalog::Action* a = tool->ActionFor(args);
    if (!a || worker_.tools().CallReadsOnly(tool->name, args)) return std::nullopt;
    return "the token \"" + caller_.name + "\" is read-only, and " + tool->name + "." + a->name +
           " writes; use a token made without --read-only";
  }

  Worker& worker_;
  const Caller& caller_;
  std::string version_, header_version_;
  mcp::Server server_;
  int status_ = 200;
};

}  // namespace

std::string McpEndpoint::RequestVersion(const httplib::Request& req) {
  if (!req.has_header("MCP-Protocol-Version")) return kVersionWithoutHeader;
  const std::string asked = req.get_header_value("MCP-Protocol-Version");
  const auto& supported = mcp::SupportedProtocolVersions();
  return std::find(supported.begin(), supported.end(), asked) != supported.end() ? asked : "";
}

void McpEndpoint::MethodNotAllowed(httplib::Response& res) {
  res.set_header("Allow", "POST");
  WriteProblem(res, {405,
                     "method_not_allowed",
                     "/mcp takes POST only: this server opens no event stream of its own and "
                     "keeps no session (MCP Streamable HTTP without SSE)",
                     {{"allowed", json::array({"POST"})}}});
}

void McpEndpoint::Post(const httplib::Request& req, httplib::Response& res, Worker& worker,
                       const Caller& caller) const {
  if (!HeaderHas(req, "Content-Type", "application/json")) {
    WriteProblem(res, {415, "unsupported_media_type",
                       "POST /mcp takes one JSON-RPC message with Content-Type: application/json"});
    return;
  }
  if (req.has_header("Accept") && !HeaderHas(req, "Accept", "application/json") &&
      !HeaderHas(req, "Accept", "*/*") && !HeaderHas(req, "Accept", "application/*")) {
    WriteProblem(res, {406, "not_acceptable",
                       "/mcp answers with application/json; list it in Accept (MCP clients "
                       "send \"application/json, text/event-stream\")"});
    return;
  }
  RequestHandler handler(worker, caller, RequestVersion(req),
                         req.get_header_value("MCP-Protocol-Version"));
  std::optional<json> response = rpc::HandleText(req.body, handler, limits_);
  if (!response) {
    res.status = 202;
    return;
  }
  int status = handler.status();
  // A body that is no JSON-RPC message at all (unparsable, not an object) is
  // the request's fault, not an answer to a request.
  if (status == 200 && response->is_object() && response->contains("error") &&
      (*response)["id"].is_null()) {
    status = 400;
  }
  res.status = status;
  res.set_content(response->dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json");
}

}  // namespace pm::http
