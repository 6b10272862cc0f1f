#include "tools/page_result.h"

#include "tools/list_cursor.h"

namespace pm::tools {

mcp::ToolResult PageResult(const std::string& key, store::RowPage page,
                           const std::function<std::string(const nlohmann::json&)>& line,
                           const std::string& empty) {
  mcp::ToolResult result;
  for (const auto& row : page.items) result.text += "- " + line(row) + "\n";
  if (page.items.empty()) result.text = empty;
  nlohmann::json next = NextCursor(page.next_after_id);
  if (!next.is_null()) result.text += "More: pass cursor " + next.get<std::string>() + ".";
  result.structured = {{key, std::move(page.items)}, {"next_cursor", std::move(next)}};
  return result;
}

}  // namespace pm::tools
