// Renders catalog entries as the JSON that MCP clients and agents read:
// tools/list entries (compact) and full help for describe and the CLI.
#pragma once

#include <string>

#include "catalog/catalog.h"

namespace pm::catalog {

// Which optional tools/list fields the negotiated protocol version knows.
struct ToolListFeatures {
  bool title = true;          // 2025-06-18 and later
  bool output_schema = true;  // 2025-06-18 and later
  bool annotations = true;    // 2025-03-26 and later
};

// One tools/list entry: name, description, inputSchema (object with an `action`
// enum and the union of every action's parameters) and the optional fields.
json ToolListEntry(const Tool& tool, const ToolListFeatures& features);
json InputSchema(const Tool& tool);

// The JSON Schema of one action's arguments (without "action") and of one
// parameter: the shapes the HTTP server's OpenAPI document is built from.
json ActionInputSchema(const Action& action);
json ParamSchema(const Param& param);

// The full help of one action / of a whole tool: parameters with types, enums,
// defaults and bounds, plus an example call.
json ActionHelp(const Tool& tool, const Action& action);
json ToolHelp(const Tool& tool);

// Plain-text rendering of ToolHelp for people.
std::string HelpText(const Tool& tool);

}  // namespace pm::catalog
