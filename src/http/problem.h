// Problem details (RFC 9457): the one shape every HTTP error of this server has
// outside the JSON-RPC of /mcp — application/problem+json with type, title,
// status and detail, plus a short machine-readable `code` and, for tool
// errors, the tool and action. The detail of a tool error is the tool's own
// message, word for word, so REST and MCP callers read the same thing.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace pm::http {

using nlohmann::json;

struct Problem {
  int status = 500;
  std::string code;             // "not_found", "unauthorized", "body_too_large", ...
  std::string detail;           // what happened and what to do, for a person or an agent
  json extra = json::object();  // more members (tool, action, allowed, ...)
};

inline constexpr const char* kProblemContentType = "application/problem+json";

// The HTTP reason phrase ("Not Found"), or "Error" for a status without one.
std::string StatusTitle(int status);

json ProblemJson(const Problem& problem);

// 413 for a request body over `limit` bytes, naming the option that raises it
// ("--max-body-bytes"); `declared`: the Content-Length, when that told.
Problem BodyTooLarge(size_t limit, const std::string& option, const std::string& declared = "");

// Sets the status, the content type and the body; keeps other headers.
void WriteProblem(httplib::Response& res, const Problem& problem);

// The whole HTTP/1.1 response text of `problem`, for answers written to a
// socket before (or instead of) httplib parsing a request; closes the connection.
std::string RawProblemResponse(const Problem& problem);

}  // namespace pm::http
