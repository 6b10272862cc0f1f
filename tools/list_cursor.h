// The `cursor` argument of list actions and the next_cursor they return: keyset
// paging on ids, with one error message for a cursor this server did not give out.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

namespace pm::tools {

// The id after which the page starts: 0 without a cursor. Throws UserError for
// a cursor that EncodeCursor did not make.
int64_t CursorAfter(const nlohmann::json& args);

// next_cursor for a page: the encoded id, or null on the last page.
nlohmann::json NextCursor(const std::optional<int64_t>& next_after_id);

}  // namespace pm::tools
