// Glob patterns over workspace-relative paths, as instruction files use them in
// their applies_to (applyTo) lists: "**/*.ts", "src/**", "docs/*.md,*.txt".
//
//   **      any run of characters, "/" included; "**/" also matches nothing
//   *       any run of characters except "/"
//   ?       one character except "/"
//   [a-z]   one character of a class ([!...] or [^...] negates)
//   {a,b}   either alternative (may nest)
//
// A pattern without "/" is matched against the path's last segment, so "*.md"
// matches "docs/a.md" (as in .gitignore). Leading "./" and "/" are ignored on
// both sides, and "\" in paths counts as "/". Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm {

bool GlobMatch(std::string_view pattern, std::string_view path);

// Whether any pattern of a comma-separated list matches (commas inside braces
// belong to the braces).
bool GlobListMatch(std::string_view patterns, std::string_view path);

// The patterns of a comma-separated list, trimmed, empty ones dropped.
std::vector<std::string> SplitGlobList(std::string_view patterns);

}  // namespace pm
