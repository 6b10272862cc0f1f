// The "describe" action every tool has: full help from the catalog, for the whole
// tool or one action. tools/list stays short; the detail lives here.
#include "catalog/schema.h"
#include "common/text.h"
#include "common/user_error.h"
#include "tools/all_tools.h"

namespace pm::tools {

void BindDescribe(mcp::ToolRegistry& registry, const std::string& tool) {
  registry.Bind(tool, "describe", [](const mcp::ActionCall& call) {
    mcp::ToolResult result;
    if (!call.args.contains("about")) {
      result.structured = {{"help", catalog::ToolHelp(call.tool)}};
      result.text = catalog::HelpText(call.tool);
      return result;
    }
    const std::string about = call.args["about"].get<std::string>();
    const catalog::Action* action = call.tool.FindAction(about);
    if (!action) {
      std::string message = call.tool.name + " has no action \"" + about + "\".";
      std::string guess = ClosestMatch(about, call.tool.ActionNames());
      if (!guess.empty()) message += " Did you mean \"" + guess + "\"?";
      throw UserError(message + " Actions: " + JoinChoices(call.tool.ActionNames(), ", ") + ".");
    }
    nlohmann::json help = catalog::ActionHelp(call.tool, *action);
    result.text = help.dump(2);
    result.structured = {{"help", std::move(help)}};
    return result;
  });
}

}  // namespace pm::tools
