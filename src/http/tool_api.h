// The generic REST route: every catalog action of every tool, so nothing an
// agent can do over MCP is missing over REST.
//
//   POST /api/tools/:tool            body: the arguments, "action" among them
//                                    (or the tool's default action)
//   POST /api/tools/:tool/:action    body: the arguments without "action"
//   GET  /api/tools/:tool/:action    read-only actions, arguments in the query
//                                    (typed by the catalog: ?limit=5&claim=false)
//
// The answer is the action's structuredContent as application/json, or its
// text rendering with Accept: text/plain. A failed call is a problem body with
// the tool's own message (tool_call.h).
#pragma once

#include "http/router.h"

namespace pm::http {

void AddToolRoutes(Router& router);

}  // namespace pm::http
