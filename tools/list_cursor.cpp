#include "tools/list_cursor.h"

#include "common/cursor.h"
#include "common/user_error.h"

namespace pm::tools {

int64_t CursorAfter(const nlohmann::json& args) {
  auto it = args.find("cursor");
  if (it == args.end()) return 0;
  auto decoded = DecodeCursor(it->get<std::string>());
  if (!decoded) {
    throw UserError("cursor is not one this server gave out; omit it to start from the first page");
  }
  return *decoded;
}

nlohmann::json NextCursor(const std::optional<int64_t>& next_after_id) {
  return next_after_id ? nlohmann::json(EncodeCursor(*next_after_id)) : nlohmann::json(nullptr);
}

}  // namespace pm::tools
