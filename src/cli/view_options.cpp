#include "cli/view_options.h"

#include <iostream>

namespace pm::cli {

void AddWorkspaceOption(CLI::App* cmd, ViewOptions& options) {
  cmd->add_option("--workspace", options.workspace,
                  "Workspace id, code or path (default: the one registered for this directory)");
}

void AddReadOptions(CLI::App* cmd, ViewOptions& options) {
  AddWorkspaceOption(cmd, options);
  cmd->add_flag("--json", options.json, "Print the structured result as JSON (for scripts)");
  cmd->add_flag("--no-color", options.no_color,
                "No ANSI colour (also when NO_COLOR is set or stdout is not a terminal)");
}

ViewStyle StyleFor(const ViewOptions& options) { return ViewStyle{ColorWanted(options.no_color)}; }

void PrintJson(const nlohmann::json& value) {
  std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void PrintText(const std::string& text) { std::cout << text << std::flush; }

}  // namespace pm::cli
