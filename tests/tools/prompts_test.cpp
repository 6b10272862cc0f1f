// The MCP prompts of project memory, got through the server as a client does.
#include <doctest/doctest.h>

#include <regex>

#include "catalog/catalog.h"
#include "tools/content_fixture.h"

namespace pm::tools {

using nlohmann::json;
using testing::ContentFixture;
using testing::Has;

namespace {

std::string Get(ContentFixture& h, const std::string& name, const json& args) {
  json response = h.Request("prompts/get", {{"name", name}, {"arguments", args}});
  CAPTURE(response.dump());
  REQUIRE(response.contains("result"));
  const json& messages = response["result"]["messages"];
  REQUIRE(messages.size() == 1);
  CHECK(messages[0]["role"] == "user");
  CHECK(messages[0]["content"]["type"] == "text");
  return messages[0]["content"]["text"];
}

std::string GetError(ContentFixture& h, const std::string& name, const json& args) {
  json response = h.Request("prompts/get", {{"name", name}, {"arguments", args}});
  CAPTURE(response.dump());
  REQUIRE(response.contains("error"));
  CHECK(response["error"]["code"] == -32602);
  return response["error"]["message"];
}

// Every `tool` action "x" the text names exists in the catalog.
void CheckNamedActionsExist(const std::string& text) {
  const auto& catalog = catalog::Catalog::Embedded();
  std::regex call("`([a-z_]+)`( action \"([a-z_]+)\")?");
  int calls = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
    const catalog::Tool* tool = catalog.FindTool((*it)[1].str());
    CAPTURE((*it)[0].str());
    REQUIRE(tool);
    const std::string action = (*it)[3].matched ? (*it)[3].str() : tool->default_action;
    CHECK(tool->FindAction(action));
    ++calls;
  }
  CHECK(calls > 0);
}

std::string StepStatus(ContentFixture& h, const std::string& step) {
  return h.Tool("memory_steps").Ok({{"action", "get"}, {"step", step}})["step"]["status"];
}

}  // namespace

TEST_CASE("prompts/list offers start_work, plan_feature and hand_off with their arguments") {
  ContentFixture h;
  json prompts = h.Request("prompts/list", json::object())["result"]["prompts"];
  REQUIRE(prompts.size() == 3);
  std::map<std::string, json> by_name;
  for (const auto& p : prompts) by_name[p["name"]] = p;
  auto required = [&](const std::string& prompt) {
    std::vector<std::string> names;
    for (const auto& a : by_name[prompt]["arguments"]) {
      if (a["required"] == true) names.push_back(a["name"]);
    }
    return names;
  };
  CHECK(required("start_work").empty());
  CHECK(required("plan_feature") == std::vector<std::string>{"idea"});
  CHECK(required("hand_off") == std::vector<std::string>{"plan"});
  CHECK(by_name["hand_off"]["arguments"][1]["name"] == "to_agent");
}

TEST_CASE("start_work briefs on the plan and shows the next ready task without claiming it") {
  ContentFixture h;
  const std::string text = Get(h, "start_work", {{"plan", "P1"}});
  CHECK(Has(text, "workspace alpha"));
  CHECK(Has(text, "## Briefing"));
  CHECK(Has(text, "P1 Login [active, 1/3 steps]"));
  CHECK(Has(text, "Goal: Users can log in"));
  CHECK(Has(text, "Open: R2 Lockout"));
  CHECK(Has(text, "## Next ready task (not claimed yet)\n\nT2 Write the form [pending]"));
  CHECK(
      Has(text,
          "`get_next_task` (workspace, plan, agent) {\"agent\":\"<your name>\",\"plan\":\"P1\"}"));
  CHECK(Has(text, "`update_task_status` (task, status, completion_notes)"));
  CheckNamedActionsExist(text);
  CHECK(StepStatus(h, "T2") == "pending");  // read only

  // Without a plan: the workspace's best task, with its plan's briefing.
  const std::string any = Get(h, "start_work", json::object());
  CHECK(Has(any, "T2 Write the form"));
  CHECK(Has(any, "P1 Login [active"));
  // Another workspace by code.
  const std::string beta = Get(h, "start_work", {{"workspace", "beta"}});
  CHECK(Has(beta, "workspace beta"));
  CHECK(Has(beta, "Nothing is ready"));
  CheckNamedActionsExist(beta);
}

TEST_CASE("start_work when the plan has nothing ready says why") {
  ContentFixture h;
  h.Tool("update_task_status").Ok({{"task", "T2"}, {"status", "in_progress"}});
  h.Tool("memory_steps").Ok({{"action", "update"}, {"step", "T3"}, {"status", "blocked"}});
  const std::string text = Get(h, "start_work", {{"plan", "P1"}});
  CHECK(Has(text, "In progress: T2 Write the form"));
  CHECK(Has(text, "Nothing is ready"));
  CHECK(Has(text, "`memory_plan` action \"ready\""));
}

TEST_CASE("plan_feature walks through plan, phases, steps and criteria with real actions") {
  ContentFixture h;
  const std::string text = Get(h, "plan_feature", {{"idea", "Password reset by email"}});
  CHECK(Has(text, "Password reset by email"));
  CHECK(Has(text,
            "`memory_plan` action \"create\" (title, goal, description, category, priority, "
            "phases, requirements)"));
  CHECK(Has(text, "`memory_steps` action \"add\" (plan, phase, steps)"));
  CHECK(Has(text, "`memory_plan` action \"add_dependency\""));
  CHECK(Has(text, "category \"feature\""));
  CheckNamedActionsExist(text);
  CHECK(Has(Get(h, "plan_feature", {{"idea", "Fix crash"}, {"category", "bugfix"}}),
            "category \"bugfix\""));
  CHECK(Has(GetError(h, "plan_feature", {{"idea", "x"}, {"category", "party"}}), "bugfix"));
  CHECK(Has(GetError(h, "plan_feature", json::object()), "\"idea\""));
}

TEST_CASE("hand_off shows the plan's state, what is in progress and the handoff call") {
  ContentFixture h;
  h.Tool("update_task_status")
      .Ok({{"task", "T2"}, {"status", "in_progress"}, {"agent", "builder"}});
  const std::string text = Get(h, "hand_off", {{"plan", "P1"}, {"to_agent", "reviewer"}});
  CHECK(Has(text, "Hand plan P1 over to reviewer"));
  CHECK(Has(text, "P1 Login [active, 1/3 steps]"));
  CHECK(Has(text, "## In progress\n\n- T2 Write the form — held by builder\n"));
  CHECK(Has(text, "`memory_agent` action \"handoff\" (plan, from, to, reason, data)"));
  CHECK(Has(text, "to: \"reviewer\""));
  CHECK(Has(text, "`memory_steps` action \"release\" (step)"));
  CheckNamedActionsExist(text);
  CHECK(Has(Get(h, "hand_off", {{"plan", std::to_string(h.plan_id)}}), "the next agent"));
  CHECK(Has(GetError(h, "hand_off", {{"plan", "P42"}}), "no plan P42"));
  CHECK(Has(GetError(h, "hand_off", json::object()), "\"plan\""));
  CHECK(Has(GetError(h, "start_work", {{"workspace", "nowhere"}}), "nowhere"));
  CHECK(Has(GetError(h, "no_such_prompt", json::object()), "start_work"));
}

}  // namespace pm::tools
