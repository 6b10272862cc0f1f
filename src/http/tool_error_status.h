// The HTTP status that a failed tool call means: 400 for arguments the catalog
// or the tool refused, 404 when something named does not exist, 409 for an
// illegal status transition, a claim held by someone else or a duplicate, 503
// when the database is busy or read-only, 507 when it is full.
//
// Tool errors reach HTTP as the tool's message (an isError result), the same
// text an MCP client reads; the status is read from the message's wording,
// which the store and tools keep stable ("no plan P9 in workspace shop",
// "step T4 is held by ...", "cannot go from completed to pending").
// tests/http/tool_error_status_test.cpp pins each wording to its status.
#pragma once

#include <string>

namespace pm::http {

struct ToolErrorKind {
  int status = 400;
  const char* code = "invalid";  // "invalid", "not_found", "conflict", "unavailable", "full"
};

ToolErrorKind ClassifyToolError(const std::string& message);

}  // namespace pm::http
