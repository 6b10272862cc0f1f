#include "catalog/catalog.h"

#include <doctest/doctest.h>

#include "catalog/schema.h"
#include "catalog/validator.h"
#include "mcp/tool_registry.h"
#include "test_support.h"
#include "tools/all_tools.h"

namespace pm::catalog {

TEST_CASE("every catalog action has a handler and every handler a catalog action") {
  auto db = testing::MigratedMemoryDatabase();
  tools::ToolEnv env{*db, "/", {"test", ""}};
  mcp::ToolRegistry registry(Catalog::Embedded());
  tools::BindAllTools(registry, env);  // throws if a handler has no catalog entry
  auto bound = registry.BoundActions();
  for (const auto& tool : Catalog::Embedded().tools()) {
    for (const auto& action : tool.actions) {
      CAPTURE(tool.name + "." + action.name);
      CHECK(bound.count({tool.name, action.name}) == 1);
      bound.erase({tool.name, action.name});
    }
  }
  CHECK(bound.empty());
  CHECK_THROWS_AS(registry.Bind("memory_workspace", "no_such_action", {}), std::logic_error);
}

TEST_CASE("every tool has describe, and every example validates against its action") {
  for (const auto& tool : Catalog::Embedded().tools()) {
    CAPTURE(tool.name);
    CHECK(tool.FindAction("describe") != nullptr);
    for (const auto& action : tool.actions) {
      CAPTURE(action.name);
      REQUIRE(action.example.is_object());
      CHECK(action.example["action"] == action.name);
      auto result = ValidateCall(tool, action.example);
      if (auto* error = std::get_if<ValidationError>(&result)) FAIL(error->message);
    }
  }
}

TEST_CASE("the whole tools/list stays within its byte budget") {
  json tools = json::array();
  for (const auto& tool : Catalog::Embedded().tools()) {
    tools.push_back(ToolListEntry(tool, ToolListFeatures{}));
  }
  const size_t bytes = json({{"tools", tools}}).dump().size();
  MESSAGE("tools/list is " << bytes << " bytes for " << tools.size() << " tools");
  CHECK(bytes < 24000);
}

TEST_CASE("inputSchema lists the actions and every parameter") {
  const Tool* tool = Catalog::Embedded().FindTool("memory_workspace");
  REQUIRE(tool);
  json schema = InputSchema(*tool);
  CHECK(schema["required"] == json::array({"action"}));
  CHECK(schema["properties"]["action"]["enum"].size() == tool->actions.size());
  for (const auto& action : tool->actions) {
    for (const auto& p : action.params) CHECK(schema["properties"].contains(p.name));
  }
  CHECK(schema["properties"]["workspace"]["type"] == json::array({"integer", "string"}));
  CHECK(schema["properties"]["limit"]["maximum"] == 500);
}

TEST_CASE("one-job tools take no action argument") {
  for (const char* name : {"get_next_task", "update_task_status"}) {
    CAPTURE(name);
    const Tool* tool = Catalog::Embedded().FindTool(name);
    REQUIRE(tool);
    json schema = InputSchema(*tool);
    CHECK_FALSE(schema.contains("required"));
    CHECK(schema["properties"]["action"]["default"] == tool->default_action);
    CHECK(tool->FindAction(tool->default_action) != nullptr);
  }
}

TEST_CASE("help text and JSON describe every parameter") {
  const Tool* tool = Catalog::Embedded().FindTool("memory_workspace");
  REQUIRE(tool);
  std::string text = HelpText(*tool);
  CHECK(text.find("* workspace") != std::string::npos);  // required marker
  json help = ToolHelp(*tool);
  CHECK(help["actions"].size() == tool->actions.size());
  json update = ActionHelp(*tool, *tool->FindAction("update"));
  CHECK(update["params"][0]["name"] == "workspace");
  CHECK(update["params"][0]["required"] == true);
  CHECK(update["example"]["tool"] == "memory_workspace");
}

}  // namespace pm::catalog
