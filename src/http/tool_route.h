// A ToolRoute is a REST route that is one catalog action under another name:
// where each argument comes from (the path, the query, the JSON body, or fixed),
// what the action's structuredContent becomes in the response body, and that
// body's JSON Schema for the OpenAPI document. The seed routes (seed_routes.h)
// are a table of them; ServeToolRoute runs any of them through CallTool, so a
// route adds names, never rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/router.h"

namespace pm::http {

enum class ArgSource { kPath, kQuery, kBody, kFixed };

struct RouteArg {
  ArgSource source;
  std::string name;       // the route's name for it: ":name" in the path, a query or body key
  std::string param;      // the catalog parameter it fills
  bool required = false;  // must be given though the catalog says optional
  nlohmann::json fixed = nullptr;  // kFixed: the value
};

inline RouteArg Path(std::string name, std::string param) {
  return {ArgSource::kPath, std::move(name), std::move(param), true};
}
inline RouteArg Query(std::string name, std::string param, bool required = false) {
  return {ArgSource::kQuery, std::move(name), std::move(param), required};
}
inline RouteArg Body(std::string name, std::string param, bool required = false) {
  return {ArgSource::kBody, std::move(name), std::move(param), required};
}
inline RouteArg Fixed(std::string param, nlohmann::json value) {
  return {ArgSource::kFixed, "", std::move(param), false, std::move(value)};
}

struct ToolRoute {
  std::string method;
  std::string pattern;
  std::string summary;
  std::string tool, action;
  std::vector<RouteArg> args;
  int status = 200;               // on success
  std::optional<bool> read_only;  // overrides the action's flag (fixed arguments that only read)
  // structuredContent (and the action's arguments) -> the response body; null: as it is.
  nlohmann::json (*shape)(const nlohmann::json& structured, const nlohmann::json& args) = nullptr;
  nlohmann::json (*schema)() = nullptr;  // of the shaped body; null: the tool's outputSchema
};

// Answers `call` by running `route`'s action. REQUIRES: the route's tool and
// action exist in the catalog (CheckToolRoute).
void ServeToolRoute(const ToolRoute& route, RouteCall& call);

// Throws std::logic_error when the route names an action or a parameter the
// catalog lacks, or a path argument its pattern lacks. Run at start-up, and
// by the unit tests.
void CheckToolRoute(const ToolRoute& route, const catalog::Catalog& catalog);

}  // namespace pm::http
