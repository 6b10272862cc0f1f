// How every REST route runs a catalog action: through the worker's
// ToolRegistry::Call — the call stdio and /mcp make, with the same validation,
// errors and structuredContent — after refusing a read-only caller's write
// (403). A failed call is answered here as a problem body: the tool's message
// as the detail, the status it means (tool_error_status.h), and the tool and
// action named.
#pragma once

#include <optional>
#include <string>

#include "http/router.h"

namespace pm::http {

struct ToolOutcome {
  nlohmann::json structured;  // the result's structuredContent
  std::string text;           // its text rendering
};

// Runs `tool`.`action` with `args` (without "action"). `read_only`: whether
// the call writes nothing (the catalog's flag, or a route's own when its fixed
// arguments make a writing action read); a read-only caller may also make any
// call the registry counts as a read (ToolRegistry::CallReadsOnly). Returns
// nullopt when it answered the request with a problem.
std::optional<ToolOutcome> CallTool(RouteCall& call, const catalog::Tool& tool,
                                    const catalog::Action& action, nlohmann::json args,
                                    bool read_only);

// `text` (a path segment or query value) as the JSON value `param` takes:
// integer, number, boolean, string, or JSON for arrays and objects. Throws
// UserError naming `name` and what was expected.
nlohmann::json ValueFromText(const std::string& text, const catalog::Param& param,
                             const std::string& name);

// The request body as a JSON object ({} when empty). Throws UserError when it
// is not one.
nlohmann::json BodyObject(const httplib::Request& req);

// Whether the client asked for text/plain rather than JSON.
bool WantsText(const httplib::Request& req);

// 200 (or `status`) with `body` as application/json.
void WriteJson(httplib::Response& res, const nlohmann::json& body, int status = 200);

}  // namespace pm::http
