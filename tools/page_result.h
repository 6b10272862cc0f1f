// The result of a list action: the page's rows under one key, next_cursor, and
// a text of one line per row (or `empty` when there are none) ending with how
// to get the next page.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mcp/tool_registry.h"
#include "store/row_page.h"

namespace pm::tools {

// A page of `rows` (a whole, short list read at once, e.g. tracks by sort
// order) for a list action's `limit` and `cursor`: the cursor carries how many
// rows earlier pages held.
store::RowPage PageOfAll(std::vector<nlohmann::json> rows, const nlohmann::json& args);

mcp::ToolResult PageResult(const std::string& key, store::RowPage page,
                           const std::function<std::string(const nlohmann::json&)>& line,
                           const std::string& empty);

}  // namespace pm::tools
