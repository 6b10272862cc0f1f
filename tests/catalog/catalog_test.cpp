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
  // What a client sees: the JSON of the tools array (scripts/tools-size prints it).
  const size_t bytes = tools.dump().size();
  MESSAGE("tools/list is " << bytes << " bytes for " << tools.size() << " tools");
  CHECK(bytes <= 16000);
}

TEST_CASE("tools/list says what each action requires, and describe says the rest") {
  const Tool* plan = Catalog::Embedded().FindTool("memory_plan");
  REQUIRE(plan);
  json schema = InputSchema(*plan);
  const std::string summary = schema["properties"]["action"]["description"];
  CHECK(summary.find("create(title)") != std::string::npos);
  CHECK(summary.find("add_note(plan,text)") != std::string::npos);
  CHECK(summary.find("templates(") == std::string::npos);  // needs nothing
  // Every action with a required parameter is in the summary, with all of them.
  for (const auto& action : plan->actions) {
    std::string required;
    for (const auto& p : action.params) {
      if (p.required) required += (required.empty() ? "" : ",") + p.name;
    }
    CAPTURE(action.name);
    if (!required.empty()) {
      CHECK(summary.find(" " + action.name + "(" + required + ")") != std::string::npos);
    }
  }
  // Descriptions only from hints; a hint is shown, a plain parameter is not described.
  CHECK(schema["properties"]["item"]["description"] == plan->hints.at("item"));
  CHECK_FALSE(schema["properties"]["title"].contains("description"));
  // A shared enum stays; one that differs between actions is left to describe.
  CHECK(schema["properties"]["priority"]["enum"].size() == 4);
  CHECK_FALSE(schema["properties"]["kind"].contains("enum"));
  // No defaults and no aliases in tools/list; describe has both.
  CHECK_FALSE(schema["properties"]["sort"].contains("default"));
  CHECK_FALSE(schema["properties"]["status"].contains("aliases"));
  json list_help = ActionHelp(*plan, *plan->FindAction("list"));
  bool described = false;
  for (const auto& p : list_help["params"]) {
    if (p["name"] == "sort") CHECK(p["default"] == "priority");
    if (p["name"] == "status") {
      CHECK(p["aliases"]["in_progress"] == "active");
      CHECK(p["description"].get<std::string>().size() > 0);
      described = true;
    }
  }
  CHECK(described);
  CHECK(HelpText(*plan).find("(\"in_progress\" = active)") != std::string::npos);
}

TEST_CASE("shared parameters show the loosest bounds and items only when not strings") {
  const Tool* context = Catalog::Embedded().FindTool("memory_context");
  REQUIRE(context);
  json schema = InputSchema(*context);
  // search pages up to 100, list up to 500: the loosest bound is shown, and
  // the validator still applies search's own.
  CHECK(schema["properties"]["limit"]["maximum"] == 500);
  CHECK(schema["properties"]["limit"]["minimum"] == 1);
  auto checked = ValidateCall(*context, {{"action", "search"}, {"query", "x"}, {"limit", 200}});
  REQUIRE(std::holds_alternative<ValidationError>(checked));
  CHECK(std::get<ValidationError>(checked).message.find("at most 100") != std::string::npos);
  CHECK(schema["properties"]["items"]["items"]["type"] == "object");
  CHECK_FALSE(schema["properties"]["tags"].contains("items"));  // strings
}

TEST_CASE("catalog hints and aliases are checked when the catalog is read") {
  const auto parse = [](const std::string& extra_tool, const std::string& extra_param) {
    return Catalog::Parse(
        {{"catalog/t.json", R"({"name": "t", "title": "T", "description": "d", )" + extra_tool +
                                R"("actions": [{"name": "a", "description": "d", "params": [
             {"name": "s", "type": "string", "description": "d", "enum": ["x", "y"])" +
                                extra_param + R"(}], "example": {"action": "a"}}]})"}});
  };
  CHECK_NOTHROW(parse(R"("hints": {"s": "An s."},)", R"(, "aliases": {"z": "x"})"));
  CHECK_THROWS_WITH(parse(R"("hints": {"q": "A q."},)", ""),
                    doctest::Contains("hint for \"q\", which no action takes"));
  CHECK_THROWS_WITH(parse("", R"(, "aliases": {"y": "x"})"),
                    doctest::Contains("alias \"y\" is already an enum value"));
  CHECK_THROWS_WITH(parse("", R"(, "aliases": {"z": "w"})"),
                    doctest::Contains("must stand for one of the enum values"));
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
