// Small text helpers shared by the catalog, the CLI and the tools.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pm {

// Edit distance (insert, delete, substitute, transpose adjacent) between two strings.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo, else ""
// (always "" for words over 256 bytes).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// `text` cut to at most `max_bytes` (on a UTF-8 character boundary) with "…"
// appended when cut, so that a message never echoes a megabyte of input back.
std::string Abbreviate(std::string_view text, size_t max_bytes = 80);

// A short text for lists: the first line, cut to `max` characters with "…".
std::string Summarize(const std::string& text, size_t max = 120);

// ASCII letters of `text` in lower case; other bytes (UTF-8 included) unchanged.
std::string AsciiLower(std::string text);

// "a, b or c" — for messages that list choices.
std::string JoinChoices(const std::vector<std::string>& items, std::string_view last_sep = " or ");

}  // namespace pm
