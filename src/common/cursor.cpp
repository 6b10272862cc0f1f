#include "common/cursor.h"

#include <charconv>

namespace pm {

std::string EncodeCursor(int64_t after_id) { return "after:" + std::to_string(after_id); }

std::optional<int64_t> DecodeCursor(const std::string& cursor) {
  constexpr std::string_view kPrefix = "after:";
  if (cursor.rfind(kPrefix, 0) != 0) return std::nullopt;
  int64_t value = 0;
  const char* begin = cursor.data() + kPrefix.size();
  const char* end = cursor.data() + cursor.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || begin == end || value < 0) return std::nullopt;
  return value;
}

}  // namespace pm
