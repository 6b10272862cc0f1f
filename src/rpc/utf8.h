// UTF-8 validation for incoming protocol lines (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF).
#pragma once

#include <string_view>

namespace pm::rpc {

// Returns the byte offset of the first invalid sequence, or npos when valid.
size_t FindInvalidUtf8(std::string_view text);

inline bool IsValidUtf8(std::string_view text) {
  return FindInvalidUtf8(text) == std::string_view::npos;
}

}  // namespace pm::rpc
