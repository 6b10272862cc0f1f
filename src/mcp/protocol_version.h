// MCP protocol versions this server speaks, and what each one allows.
#pragma once

#include <string>
#include <vector>

#include "catalog/schema.h"

namespace pm::mcp {

// Newest first.
const std::vector<std::string>& SupportedProtocolVersions();
const std::string& LatestProtocolVersion();

// The client's version when supported, otherwise the latest (the client then
// decides whether it can go on).
std::string NegotiateProtocolVersion(const std::string& requested);

// JSON-RPC batches exist only in 2025-03-26.
bool AllowsBatches(const std::string& version);

// Whether list entries (tools, resources, prompts) carry "title": 2025-06-18+.
bool HasTitles(const std::string& version);

// Optional tools/list fields the version knows.
catalog::ToolListFeatures ToolListFeaturesFor(const std::string& version);

}  // namespace pm::mcp
