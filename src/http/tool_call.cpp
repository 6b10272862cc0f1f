#include "http/tool_call.h"

#include <cerrno>
#include <cstdlib>

#include "common/text.h"
#include "common/user_error.h"
#include "http/problem.h"
#include "http/tool_error_status.h"
#include "mcp/protocol_version.h"
#include "rpc/error.h"
#include "rpc/json_nesting.h"
#include "rpc/utf8.h"

namespace pm::http {

using nlohmann::json;

namespace {

bool Has(const catalog::Param& param, const char* type) {
  return std::find(param.types.begin(), param.types.end(), type) != param.types.end();
}

std::optional<int64_t> AsInteger(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  size_t start = text[0] == '-' ? 1 : 0;
  if (start == text.size() || text.find_first_not_of("0123456789", start) != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

json ParseJson(const std::string& text) {
  if (rpc::FindInvalidUtf8(text) != std::string::npos)
    throw UserError("the body is not valid UTF-8");
  if (rpc::JsonNestingDepth(text, 64) > 64) throw UserError("the body is nested too deeply");
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw UserError(std::string("the body is not JSON: ") + e.what());
  }
}

}  // namespace

json ValueFromText(const std::string& text, const catalog::Param& param, const std::string& name) {
  if (Has(param, "integer")) {
    if (auto n = AsInteger(text)) return *n;
  }
  if (Has(param, "number")) {
    char* end = nullptr;
    errno = 0;
    double d = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() && errno == 0) return d;
  }
  if (Has(param, "boolean")) {
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
  }
  if (Has(param, "string")) return text;
  if (Has(param, "array") || Has(param, "object")) {
    try {
      return ParseJson(text);
    } catch (const UserError&) {
    }
  }
  std::string types;
  for (const auto& t : param.types) types += (types.empty() ? "" : " or ") + t;
  throw UserError(name + " must be " + types + ", got \"" + Abbreviate(text) + "\"");
}

json BodyObject(const httplib::Request& req) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
  json body = ParseJson(req.body);
  if (!body.is_object()) throw UserError("the body must be a JSON object");
  return body;
}

bool WantsText(const httplib::Request& req) {
  const std::string accept = AsciiLower(req.get_header_value("Accept"));
  return accept.find("text/plain") != std::string::npos &&
         accept.find("application/json") == std::string::npos;
}

void WriteJson(httplib::Response& res, const json& body, int status) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

std::optional<ToolOutcome> CallTool(RouteCall& call, const catalog::Tool& tool,
                                    const catalog::Action& action, json args, bool read_only) {
  const json names = {{"tool", tool.name}, {"action", action.name}};
  args["action"] = action.name;
  if (call.caller.read_only && !read_only && !call.worker->tools().CallReadsOnly(tool.name, args)) {
    WriteProblem(call.res,
                 {403, "read_only_token",
                  "the token \"" + call.caller.name + "\" is read-only, and " + tool.name + "." +
                      action.name + " writes; use a token made without --read-only",
                  names});
    return std::nullopt;
  }
  mcp::CallContext context;
  context.protocol_version = mcp::LatestProtocolVersion();
  json result;
  try {
    result = call.worker->tools().Call(tool.name, args, context);
  } catch (const rpc::Error& e) {
    WriteProblem(call.res, {400, "invalid", e.what(), names});
    return std::nullopt;
  }
  std::string text;
  if (result.contains("content") && !result["content"].empty()) {
    text = result["content"][0].value("text", "");
  }
  if (result.value("isError", false)) {
    ToolErrorKind kind = ClassifyToolError(text);
    WriteProblem(call.res, {kind.status, kind.code, text, names});
    return std::nullopt;
  }
  return ToolOutcome{result.value("structuredContent", json::object()), text};
}

}  // namespace pm::http
