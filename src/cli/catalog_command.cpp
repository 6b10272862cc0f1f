// `project-memory catalog`: the tools, actions and parameters the server offers.
#include <iostream>

#include "catalog/catalog.h"
#include "catalog/schema.h"
#include "cli/commands.h"

namespace pm::cli {

namespace {

struct CatalogOptions {
  bool json = false;
  std::string tool;
};

int PrintCatalog(const CatalogOptions& options) {
  const catalog::Catalog& catalog = catalog::Catalog::Embedded();
  std::vector<const catalog::Tool*> tools;
  for (const auto& t : catalog.tools()) {
    if (options.tool.empty() || t.name == options.tool) tools.push_back(&t);
  }
  if (tools.empty()) {
    std::cerr << "project-memory: no tool named " << options.tool << "\n";
    return 1;
  }
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto* t : tools) out.push_back(catalog::ToolHelp(*t));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (size_t i = 0; i < tools.size(); ++i) {
    std::cout << (i ? "\n" : "") << catalog::HelpText(*tools[i]);
  }
  return 0;
}

}  // namespace

void AddCatalogCommand(CLI::App& app, GlobalOptions&, CommandRunner* run) {
  auto options = std::make_shared<CatalogOptions>();
  CLI::App* cmd = app.add_subcommand("catalog", "List the MCP tools, their actions and parameters");
  cmd->add_flag("--json", options->json, "Print JSON instead of text");
  cmd->add_option("--tool", options->tool, "Only this tool");
  cmd->footer(
      "Examples:\n"
      "  project-memory catalog\n"
      "  project-memory catalog --tool memory_workspace --json\n"
      "\n"
      "In the text form, * marks a required parameter.");
  cmd->callback([options, run] { *run = [options] { return PrintCatalog(*options); }; });
}

}  // namespace pm::cli
