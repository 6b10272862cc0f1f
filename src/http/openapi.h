// The OpenAPI 3.1 document of the HTTP server, served at GET /openapi.json and
// generated at start-up from the two sources of truth: the tool catalog (one
// operation per action under /api/tools/TOOL/ACTION, with the action's
// parameters as its request schema and the tool's outputSchema as its
// response) and the seed route table (seed_routes.h, whose arguments take
// their schemas from the catalog parameters they fill). /mcp, the export and
// the problem body (RFC 9457) are described beside them.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "catalog/catalog.h"
#include "http/tool_route.h"

namespace pm::http {

nlohmann::json OpenApiDocument(const catalog::Catalog& catalog,
                               const std::vector<ToolRoute>& routes);

}  // namespace pm::http
