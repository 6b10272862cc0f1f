#include "http/tool_api.h"

#include "common/text.h"
#include "common/user_error.h"
#include "http/problem.h"
#include "http/tool_call.h"

namespace pm::http {

using nlohmann::json;

namespace {

const catalog::Tool* FindTool(RouteCall& call) {
  const catalog::Catalog& catalog = call.worker->tools().catalog();
  const std::string& name = call.params.at("tool");
  if (const catalog::Tool* tool = catalog.FindTool(name)) return tool;
  std::vector<std::string> names;
  for (const auto& t : catalog.tools()) names.push_back(t.name);
  std::string detail = "no tool \"" + Abbreviate(name) + "\".";
  std::string guess = ClosestMatch(name, names);
  if (!guess.empty()) detail += " Did you mean \"" + guess + "\"?";
  WriteProblem(call.res, {404, "not_found", detail + " Tools: " + JoinChoices(names, ", ") + "."});
  return nullptr;
}

// The action named `name`, or a 404 naming the tool's actions.
const catalog::Action* FindAction(RouteCall& call, const catalog::Tool& tool,
                                  const std::string& name) {
  if (const catalog::Action* action = tool.FindAction(name)) return action;
  std::string detail = tool.name + " has no action \"" + Abbreviate(name) + "\".";
  std::string guess = ClosestMatch(name, tool.ActionNames());
  if (!guess.empty()) detail += " Did you mean \"" + guess + "\"?";
  WriteProblem(call.res, {404,
                          "not_found",
                          detail + " Actions: " + JoinChoices(tool.ActionNames(), ", ") + ".",
                          {{"tool", tool.name}}});
  return nullptr;
}

void Answer(RouteCall& call, const catalog::Tool& tool, const catalog::Action& action, json args) {
  auto outcome = CallTool(call, tool, action, std::move(args), action.read_only);
  if (!outcome) return;
  if (WantsText(call.req)) {
    call.res.set_content(outcome->text, "text/plain; charset=utf-8");
  } else {
    WriteJson(call.res, outcome->structured);
  }
}

void PostTool(RouteCall& call) {
  const catalog::Tool* tool = FindTool(call);
  if (!tool) return;
  json args = BodyObject(call.req);
  std::string name = tool->default_action;
  if (args.contains("action")) {
    if (!args["action"].is_string()) throw UserError("action must be a string");
    name = args["action"].get<std::string>();
    args.erase("action");
  } else if (name.empty()) {
    throw UserError(tool->name + " needs an action: one of " +
                    JoinChoices(tool->ActionNames(), ", ") + " (or POST /api/tools/" + tool->name +
                    "/ACTION)");
  }
  if (const catalog::Action* action = FindAction(call, *tool, name)) {
    Answer(call, *tool, *action, std::move(args));
  }
}

void PostAction(RouteCall& call) {
  const catalog::Tool* tool = FindTool(call);
  if (!tool) return;
  const catalog::Action* action = FindAction(call, *tool, call.params.at("action"));
  if (!action) return;
  json args = BodyObject(call.req);
  if (args.contains("action")) {
    if (args["action"] != action->name) {
      throw UserError("the body's action " + args["action"].dump() + " differs from the path's \"" +
                      action->name + "\"; leave it out");
    }
    args.erase("action");
  }
  Answer(call, *tool, *action, std::move(args));
}

void GetAction(RouteCall& call) {
  const catalog::Tool* tool = FindTool(call);
  if (!tool) return;
  const catalog::Action* action = FindAction(call, *tool, call.params.at("action"));
  if (!action) return;
  if (!action->read_only) {
    call.res.set_header("Allow", "POST");
    WriteProblem(call.res, {405,
                            "method_not_allowed",
                            tool->name + "." + action->name + " writes: POST /api/tools/" +
                                tool->name + "/" + action->name,
                            {{"allowed", json::array({"POST"})}}});
    return;
  }
  json args = json::object();
  for (const auto& [key, value] : call.req.params) {
    const catalog::Param* param = action->FindParam(key);
    // An unknown name goes on to the validator, which names it with a "did you mean".
    args[key] = param ? ValueFromText(value, *param, key) : json(value);
  }
  Answer(call, *tool, *action, std::move(args));
}

}  // namespace

void AddToolRoutes(Router& router) {
  router.Add("POST", "/api/tools/:tool", Access::kCaller, PostTool);
  router.Add("POST", "/api/tools/:tool/:action", Access::kCaller, PostAction);
  router.Add("GET", "/api/tools/:tool/:action", Access::kCaller, GetAction);
}

}  // namespace pm::http
