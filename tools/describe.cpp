// The "describe" action every tool has: full help from the catalog, for the whole
// tool or one action. tools/list stays short; the detail lives here.
#include "catalog/schema.h"
#include "common/text.h"
#include "common/user_error.h"
#include "tools/all_tools.h"

namespace pm::tools {

mcp::ToolResult DescribeResult(const catalog::Tool& tool, const nlohmann::json& args) {
  mcp::ToolResult result;
  if (!args.contains("about")) {
    result.structured = {{"help", catalog::ToolHelp(tool)}};
    result.text = catalog::HelpText(tool);
    return result;
  }
  const std::string about = args["about"].get<std::string>();
  const catalog::Action* action = tool.FindAction(about);
  if (!action) {
    std::string message = tool.name + " has no action \"" + about + "\".";
    std::string guess = ClosestMatch(about, tool.ActionNames());
    if (!guess.empty()) message += " Did you mean \"" + guess + "\"?";
    throw UserError(message + " Actions: " + JoinChoices(tool.ActionNames(), ", ") + ".");
  }
  nlohmann::json help = catalog::ActionHelp(tool, *action);
  result.text = help.dump(2);
  result.structured = {{"help", std::move(help)}};
  return result;
}

void BindDescribe(mcp::ToolRegistry& registry, const std::string& tool) {
  registry.Bind(tool, "describe",
                [](const mcp::ActionCall& call) { return DescribeResult(call.tool, call.args); });
}

}  // namespace pm::tools
