#include "tools/page_result.h"

#include "tools/list_cursor.h"

namespace pm::tools {

store::RowPage PageOfAll(std::vector<nlohmann::json> rows, const nlohmann::json& args) {
  const size_t offset = static_cast<size_t>(CursorAfter(args));
  const size_t limit = args["limit"].get<size_t>();
  store::RowPage page;
  for (size_t i = offset; i < rows.size() && i < offset + limit; ++i) {
    page.items.push_back(std::move(rows[i]));
  }
  if (offset + limit < rows.size()) page.next_after_id = static_cast<int64_t>(offset + limit);
  return page;
}

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
