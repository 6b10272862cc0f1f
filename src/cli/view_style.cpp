#include "cli/view_style.h"

#include <unistd.h>

#include <cstdlib>
#include <map>

namespace pm::cli {

namespace {

constexpr std::string_view kReset = "\x1b[0m";

struct StatusLook {
  std::string_view symbol;
  std::string_view color;  // SGR sequence, empty for the terminal's default
};

const std::map<std::string_view, StatusLook>& Looks() {
  static const std::map<std::string_view, StatusLook> looks = {
      {"completed", {"✓", "\x1b[32m"}}, {"in_progress", {"▶", "\x1b[33m"}},
      {"active", {"▶", "\x1b[33m"}},    {"pending", {"○", ""}},
      {"planned", {"○", ""}},           {"draft", {"◌", "\x1b[2m"}},
      {"blocked", {"⊘", "\x1b[31m"}},   {"cancelled", {"✗", "\x1b[90m"}},
      {"paused", {"‖", "\x1b[90m"}},
  };
  return looks;
}

std::string Wrap(const ViewStyle& style, std::string_view sgr, std::string_view text) {
  if (!style.color || sgr.empty()) return std::string(text);
  return std::string(sgr) + std::string(text) + std::string(kReset);
}

}  // namespace

bool ColorWanted(bool no_color_flag) {
  if (no_color_flag) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

std::string_view StatusSymbol(std::string_view status) {
  auto it = Looks().find(status);
  return it == Looks().end() ? "?" : it->second.symbol;
}

std::string PaintStatus(const ViewStyle& style, std::string_view status, std::string_view text) {
  auto it = Looks().find(status);
  return Wrap(style, it == Looks().end() ? "" : it->second.color, text);
}

std::string Dim(const ViewStyle& style, std::string_view text) {
  return Wrap(style, "\x1b[2m", text);
}

std::string Bold(const ViewStyle& style, std::string_view text) {
  return Wrap(style, "\x1b[1m", text);
}

std::string ProgressBarText(const ViewStyle& style, long done, long total, int width) {
  int filled = 0;
  if (total > 0 && done >= total) {
    filled = width;
  } else if (total > 0 && done > 0) {
    filled = static_cast<int>(done * width / total);
  }
  std::string full, empty;
  for (int i = 0; i < filled; ++i) full += "█";
  for (int i = filled; i < width; ++i) empty += "░";
  return Wrap(style, "\x1b[32m", full) + Wrap(style, "\x1b[90m", empty) + " " +
         std::to_string(done) + "/" + std::to_string(total);
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {
      // Skip a CSI sequence: ESC [ parameters final-byte.
      i += 2;
      while (i < text.size() && (text[i] < 0x40 || text[i] > 0x7e)) ++i;
      continue;
    }
    if ((c & 0xC0) != 0x80) ++width;  // not a continuation byte
  }
  return width;
}

std::string Shorten(std::string_view text, size_t max_chars) {
  if (DisplayWidth(text) <= max_chars) return std::string(text);
  std::string out;
  size_t chars = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80 && ++chars > max_chars - 1) break;
    out += ch;
  }
  return out + "…";
}

std::string PadRight(std::string_view text, size_t width) {
  std::string out(text);
  for (size_t w = DisplayWidth(text); w < width; ++w) out += ' ';
  return out;
}

}  // namespace pm::cli
