// ViewStyle is how the commands for people draw things: status symbols
// (✓ completed, ▶ in progress, ○ pending, ⊘ blocked, ✗ cancelled), ANSI colour
// when it is wanted, and progress bars ("████░░░░ 3/8"). Pure functions of their
// arguments except ColorWanted, which looks at the terminal and NO_COLOR.
#pragma once

#include <string>
#include <string_view>

namespace pm::cli {

struct ViewStyle {
  bool color = false;  // wrap text in ANSI escape sequences
};

// Colour is wanted when stdout is a terminal, NO_COLOR is unset or empty
// (https://no-color.org) and the user did not pass --no-color.
bool ColorWanted(bool no_color_flag);

// The symbol of a step, phase or plan status; "?" for one it does not know.
// Plans: draft ◌, planned ○, active ▶, paused ‖, blocked ⊘, completed ✓,
// cancelled ✗. Steps: pending ○, in_progress ▶, blocked ⊘, completed ✓,
// cancelled ✗.
std::string_view StatusSymbol(std::string_view status);

// `text` in the colour of `status` (green completed, yellow in progress or
// active, red blocked, grey cancelled or paused); unchanged without colour or
// for a status with no colour.
std::string PaintStatus(const ViewStyle& style, std::string_view status, std::string_view text);

// Dim (codes, secondary details) and bold (titles); unchanged without colour.
std::string Dim(const ViewStyle& style, std::string_view text);
std::string Bold(const ViewStyle& style, std::string_view text);

// "████░░░░ 3/8": `width` cells, filled in proportion (rounded down, full only
// when done == total); green fill with colour. total 0 draws an empty bar "0/0".
std::string ProgressBarText(const ViewStyle& style, long done, long total, int width = 10);

// Number of terminal columns `text` takes: UTF-8 code points, ANSI escape
// sequences not counted (every symbol used here is one column wide).
size_t DisplayWidth(std::string_view text);

// `text` cut to at most `max_chars` code points, ending in "…" when cut.
std::string Shorten(std::string_view text, size_t max_chars);

// `text` followed by spaces up to `width` display columns.
std::string PadRight(std::string_view text, size_t width);

}  // namespace pm::cli
