#include "http/tool_route.h"

#include <set>
#include <stdexcept>

#include "common/text.h"
#include "common/user_error.h"
#include "http/tool_call.h"

namespace pm::http {

using nlohmann::json;

namespace {

std::vector<std::string> NamesFrom(const ToolRoute& route, ArgSource source) {
  std::vector<std::string> names;
  for (const auto& a : route.args) {
    if (a.source == source) names.push_back(a.name);
  }
  return names;
}

void RefuseUnknown(const std::string& key, const std::vector<std::string>& known,
                   const char* where) {
  if (std::find(known.begin(), known.end(), key) != known.end()) return;
  std::string message = "unknown " + std::string(where) + " \"" + Abbreviate(key) + "\".";
  std::string guess = ClosestMatch(key, known);
  if (!guess.empty()) message += " Did you mean \"" + guess + "\"?";
  message +=
      known.empty() ? " This route takes none." : " Accepted: " + JoinChoices(known, ", ") + ".";
  throw UserError(message);
}

}  // namespace

void CheckToolRoute(const ToolRoute& route, const catalog::Catalog& catalog) {
  const catalog::Tool* tool = catalog.FindTool(route.tool);
  const catalog::Action* action = tool ? tool->FindAction(route.action) : nullptr;
  if (!action) {
    throw std::logic_error(route.method + " " + route.pattern + ": no catalog action " +
                           route.tool + "." + route.action);
  }
  for (const auto& a : route.args) {
    if (!action->FindParam(a.param)) {
      throw std::logic_error(route.method + " " + route.pattern + ": " + route.tool + "." +
                             route.action + " has no parameter " + a.param);
    }
    if (a.source == ArgSource::kPath && route.pattern.find("/:" + a.name) == std::string::npos) {
      throw std::logic_error(route.pattern + " has no :" + a.name);
    }
  }
}

void ServeToolRoute(const ToolRoute& route, RouteCall& call) {
  const catalog::Catalog& catalog = call.worker->tools().catalog();
  const catalog::Tool& tool = *catalog.FindTool(route.tool);
  const catalog::Action& action = *tool.FindAction(route.action);

  const auto body_names = NamesFrom(route, ArgSource::kBody);
  const auto query_names = NamesFrom(route, ArgSource::kQuery);
  const json body =
      body_names.empty() && call.req.body.empty() ? json::object() : BodyObject(call.req);
  for (const auto& [key, value] : body.items()) RefuseUnknown(key, body_names, "body field");
  for (const auto& [key, value] : call.req.params) {
    RefuseUnknown(key, query_names, "query parameter");
  }

  json args = json::object();
  for (const auto& a : route.args) {
    const catalog::Param& param = *action.FindParam(a.param);
    json value;
    bool given = true;
    switch (a.source) {
      case ArgSource::kPath:
        value = ValueFromText(call.params.at(a.name), param, a.name);
        break;
      case ArgSource::kQuery:
        given = call.req.has_param(a.name.c_str());
        if (given) value = ValueFromText(call.req.get_param_value(a.name.c_str()), param, a.name);
        break;
      case ArgSource::kBody:
        given = body.contains(a.name);
        if (given) value = body[a.name];
        break;
      case ArgSource::kFixed:
        value = a.fixed;
        break;
    }
    if (!given) {
      if (a.required) {
        throw UserError(
            std::string(a.source == ArgSource::kBody ? "body field" : "query parameter") + " \"" +
            a.name + "\" is required: " + param.description);
      }
      continue;
    }
    args[a.param] = std::move(value);
  }
  auto outcome = CallTool(call, tool, action, args, route.read_only.value_or(action.read_only));
  if (!outcome) return;
  if (WantsText(call.req)) {
    call.res.status = route.status;
    call.res.set_content(outcome->text, "text/plain; charset=utf-8");
    return;
  }
  WriteJson(call.res, route.shape ? route.shape(outcome->structured, args) : outcome->structured,
            route.status);
}

}  // namespace pm::http
