// A cheap scan of raw JSON text for its deepest nesting of arrays and objects,
// so that hostile input is refused before a recursive parse or destructor runs.
#pragma once

#include <string_view>

namespace pm::rpc {

// Nesting depth of `text` ("1" -> 0, "[1]" -> 1, "{\"a\":[1]}" -> 2); brackets
// inside strings do not count. Stops counting once `limit` is exceeded.
size_t JsonNestingDepth(std::string_view text, size_t limit);

}  // namespace pm::rpc
