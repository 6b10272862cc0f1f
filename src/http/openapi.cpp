#include "http/openapi.h"

#include "catalog/schema.h"
#include "common/text.h"
#include "mcp/protocol_version.h"

namespace pm::http {

using nlohmann::json;

namespace {

const json kProblemRef = {{"$ref", "#/components/responses/Problem"}};

// "/repos/:repo/tracks" -> "/repos/{repo}/tracks"
std::string OpenApiPath(const std::string& pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ':') {
      size_t end = pattern.find('/', i);
      if (end == std::string::npos) end = pattern.size();
      out += "{" + pattern.substr(i + 1, end - i - 1) + "}";
      i = end;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

json ErrorResponses(bool writes) {
  json responses = {{"400", kProblemRef},
                    {"401", kProblemRef},
                    {"404", kProblemRef},
                    {"413", kProblemRef},
                    {"503", kProblemRef}};
  if (writes) {
    responses["403"] = kProblemRef;
    responses["409"] = kProblemRef;
  }
  return responses;
}

json Parameter(const std::string& name, const char* in, const json& schema, bool required) {
  json p = {{"name", name}, {"in", in}, {"required", required}, {"schema", schema}};
  if (schema.contains("description")) p["description"] = schema["description"];
  return p;
}

json ToolResponse(const catalog::Tool& tool, const std::string& description) {
  json schema = tool.output_schema.is_object() ? tool.output_schema : json{{"type", "object"}};
  return {{"description", description},
          {"content",
           {{"application/json", {{"schema", schema}}},
            {"text/plain", {{"schema", {{"type", "string"}}}}}}}};
}

void AddSeedRoute(json& paths, const catalog::Catalog& catalog, const ToolRoute& route) {
  const catalog::Tool& tool = *catalog.FindTool(route.tool);
  const catalog::Action& action = *tool.FindAction(route.action);
  const bool writes = !route.read_only.value_or(action.read_only);
  json parameters = json::array();
  json body_properties = json::object();
  json body_required = json::array();
  for (const auto& a : route.args) {
    if (a.source == ArgSource::kFixed) continue;
    const catalog::Param& param = *action.FindParam(a.param);
    json schema = catalog::ParamSchema(param);
    const bool required = a.required || param.required;
    switch (a.source) {
      case ArgSource::kPath:
        parameters.push_back(Parameter(a.name, "path", schema, true));
        break;
      case ArgSource::kQuery:
        parameters.push_back(Parameter(a.name, "query", schema, required));
        break;
      case ArgSource::kBody:
        body_properties[a.name] = schema;
        if (required) body_required.push_back(a.name);
        break;
      case ArgSource::kFixed:
        break;
    }
  }
  json response_schema = route.schema ? route.schema() : tool.output_schema;
  json op = {
      {"summary", route.summary},
      {"operationId", route.method + " " + route.pattern},
      {"description", "Runs " + tool.name + "." + action.name + ": " + action.description},
      {"tags", {route.pattern.rfind("/repos", 0) == 0 ? "tracks (seed 000)" : "tasks (seed 002)"}},
      {"parameters", parameters},
      {"responses", ErrorResponses(writes)}};
  op["responses"][std::to_string(route.status)] = {
      {"description", route.summary},
      {"content", {{"application/json", {{"schema", response_schema}}}}}};
  if (!body_properties.empty()) {
    json schema = {
        {"type", "object"}, {"properties", body_properties}, {"additionalProperties", false}};
    if (!body_required.empty()) schema["required"] = body_required;
    op["requestBody"] = {{"required", !body_required.empty()},
                         {"content", {{"application/json", {{"schema", schema}}}}}};
  }
  paths[OpenApiPath(route.pattern)][AsciiLower(route.method)] = std::move(op);
}

void AddToolActions(json& paths, const catalog::Tool& tool) {
  for (const auto& action : tool.actions) {
    const std::string path = "/api/tools/" + tool.name + "/" + action.name;
    json post = {
        {"summary", action.description},
        {"operationId", tool.name + "." + action.name},
        {"tags", {tool.name}},
        {"requestBody",
         {{"required", false},
          {"content", {{"application/json", {{"schema", catalog::ActionInputSchema(action)}}}}}}},
        {"responses", ErrorResponses(!action.read_only)}};
    post["responses"]["200"] = ToolResponse(tool, "The action's structuredContent");
    paths[path]["post"] = std::move(post);
    if (!action.read_only) continue;
    json parameters = json::array();
    for (const auto& p : action.params) {
      parameters.push_back(Parameter(p.name, "query", catalog::ParamSchema(p), p.required));
    }
    json get = {{"summary", action.description + " (read-only: GET with the query)"},
                {"operationId", tool.name + "." + action.name + ".get"},
                {"tags", {tool.name}},
                {"parameters", parameters},
                {"responses", ErrorResponses(false)}};
    get["responses"]["200"] = ToolResponse(tool, "The action's structuredContent");
    paths[path]["get"] = std::move(get);
  }
}

json FixedPaths(const catalog::Catalog& catalog) {
  json tool_names = json::array();
  for (const auto& t : catalog.tools()) tool_names.push_back(t.name);
  json paths = json::object();
  paths["/mcp"]["post"] = {
      {"summary", "MCP over Streamable HTTP: one JSON-RPC message per request"},
      {"description",
       "Protocol " + mcp::LatestProtocolVersion() +
           " (and earlier). Send MCP-Protocol-Version after initialize. A request is answered "
           "with application/json; notifications and responses get 202. GET and DELETE are 405: "
           "no server-initiated stream, no session."},
      {"tags", {"mcp"}},
      {"requestBody",
       {{"required", true},
        {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
      {"responses",
       {{"200",
         {{"description", "The JSON-RPC response"},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
        {"202", {{"description", "A notification or response was accepted"}}},
        {"400",
         {{"description", "Not a JSON-RPC message, or an unsupported MCP-Protocol-Version"}}},
        {"401", kProblemRef},
        {"403", kProblemRef}}}};
  paths["/api/tools/{tool}"]["post"] = {
      {"summary", "Any action of a tool: the body holds the arguments, action among them"},
      {"operationId", "tool"},
      {"tags", {"tools"}},
      {"parameters", {Parameter("tool", "path", {{"type", "string"}, {"enum", tool_names}}, true)}},
      {"requestBody",
       {{"required", true},
        {"content",
         {{"application/json",
           {{"schema",
             {{"type", "object"}, {"properties", {{"action", {{"type", "string"}}}}}}}}}}}}},
      {"responses",
       {{"200",
         {{"description", "The action's structuredContent"},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
        {"400", kProblemRef},
        {"401", kProblemRef},
        {"403", kProblemRef},
        {"404", kProblemRef},
        {"409", kProblemRef}}}};
  paths["/api/export"]["get"] = {
      {"summary", "The store or one workspace as project-memory JSONL, streamed"},
      {"operationId", "export"},
      {"tags", {"transfer"}},
      {"parameters",
       {Parameter("workspace", "query",
                  {{"type", "string"}, {"description", "Workspace id, code or path"}}, false),
        Parameter("all", "query", {{"type", "boolean"}, {"description", "The whole store instead"}},
                  false),
        Parameter("since", "query",
                  {{"type", "string"}, {"description", "Only changes after this time"}}, false)}},
      {"responses",
       {{"200",
         {{"description", "JSONL, one object per line, ending with an end line"},
          {"content", {{"application/x-ndjson", {{"schema", {{"type", "string"}}}}}}}}},
        {"400", kProblemRef},
        {"401", kProblemRef},
        {"404", kProblemRef}}}};
  paths["/api/import"]["post"] = {
      {"summary", "Apply an export (the body, project-memory JSONL) in one transaction"},
      {"operationId", "import"},
      {"tags", {"transfer"}},
      {"requestBody",
       {{"required", true},
        {"description",
         "At most the server's --max-import-bytes (default 1 GiB), not --max-body-bytes"},
        {"content", {{"application/x-ndjson", {{"schema", {{"type", "string"}}}}}}}}},
      {"responses",
       {{"200",
         {{"description", "What was inserted, updated and left alone, per table"},
          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}},
        {"400", kProblemRef},
        {"401", kProblemRef},
        {"403", kProblemRef},
        {"413", kProblemRef},
        {"507", kProblemRef}}}};
  paths["/health"]["get"] = {{"summary", "Liveness, without a token"},
                             {"operationId", "health"},
                             {"security", json::array()},
                             {"responses", {{"200", {{"description", "{status: ok, version}"}}}}}};
  paths["/openapi.json"]["get"] = {{"summary", "This document"},
                                   {"operationId", "openapi"},
                                   {"security", json::array()},
                                   {"responses", {{"200", {{"description", "OpenAPI 3.1"}}}}}};
  return paths;
}

}  // namespace

json OpenApiDocument(const catalog::Catalog& catalog, const std::vector<ToolRoute>& routes) {
  json paths = FixedPaths(catalog);
  for (const auto& route : routes) AddSeedRoute(paths, catalog, route);
  for (const auto& tool : catalog.tools()) AddToolActions(paths, tool);
  json problem = {
      {"type", "object"},
      {"description", "RFC 9457 problem details"},
      {"required", {"type", "title", "status", "detail"}},
      {"properties",
       {{"type", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}}},
        {"detail", {{"type", "string"}, {"description", "For a tool error: the tool's message"}}},
        {"code", {{"type", "string"}, {"description", "not_found, conflict, invalid, ..."}}},
        {"tool", {{"type", "string"}}},
        {"action", {{"type", "string"}}}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "project-memory"},
            {"version", PM_VERSION},
            {"description",
             "Durable project memory for AI coding agents: the seeds' REST routes (tracks, "
             "tasks), every tool action of the catalog, and MCP at /mcp. Generated from the "
             "tool catalog; errors are application/problem+json."}}},
          {"servers", {{{"url", "/"}}}},
          {"security", {{{"bearer", json::array()}}}},
          {"paths", std::move(paths)},
          {"components",
           {{"securitySchemes",
             {{"bearer",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description", "A token from project-memory token create"}}}}},
            {"schemas", {{"Problem", problem}}},
            {"responses",
             {{"Problem",
               {{"description", "A problem (RFC 9457)"},
                {"content",
                 {{"application/problem+json",
                   {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}}}}}}};
}

}  // namespace pm::http
