// Opaque page cursors for list results: they carry the last key of the page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pm {

std::string EncodeCursor(int64_t after_id);
// nullopt when `cursor` was not made by EncodeCursor.
std::optional<int64_t> DecodeCursor(const std::string& cursor);

}  // namespace pm
