// Options the commands for people share (--workspace, --json, --no-color) and
// the way they print: a structured result as JSON for scripts, or text.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/view_style.h"

namespace pm::cli {

struct ViewOptions {
  std::string workspace;  // id, code or path; empty: the one registered for the directory
  bool json = false;      // print the tools' structured results instead of text
  bool no_color = false;
};

// Adds --workspace, and for commands that read, --json and --no-color.
void AddWorkspaceOption(CLI::App* cmd, ViewOptions& options);
void AddReadOptions(CLI::App* cmd, ViewOptions& options);

// Colour per ColorWanted(--no-color), so never when printing to a pipe.
ViewStyle StyleFor(const ViewOptions& options);

// Writes `value` to stdout as indented JSON and a newline.
void PrintJson(const nlohmann::json& value);

// Writes `text` to stdout.
void PrintText(const std::string& text);

}  // namespace pm::cli
