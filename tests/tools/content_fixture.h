// A workspace with content, for the tests of resources, prompts and the
// Markdown export: workspace "alpha" (registered for the harness's directory,
// /ws/alpha) holds plan P1 "Login" (phases Design: T1 done; Build: T2, T3;
// criteria R1 met, R2 open; status active), knowledge "db-notes" and research
// "Options" of P1; workspace "beta" holds its own P1 "Other".
#pragma once

#include "tools/tool_call.h"

namespace pm::testing {

struct ContentFixture : McpHarness {
  ContentFixture() : McpHarness("/ws/alpha") {
    Tool("memory_workspace").Ok({{"action", "register"}, {"path", "/ws/alpha"}, {"name", "Alpha"}});
    Tool("memory_workspace").Ok({{"action", "register"}, {"path", "/ws/beta"}, {"name", "Beta"}});
    plan_id = Tool("memory_plan")
                  .Ok({{"action", "create"},
                       {"title", "Login"},
                       {"goal", "Users can log in"},
                       {"status", "active"},
                       {"phases", {"Design", "Build"}},
                       {"requirements", {"Email login", "Lockout"}}})["plan"]["id"];
    Tool("memory_steps")
        .Ok({{"action", "add"},
             {"plan", "P1"},
             {"phase", "Design"},
             {"steps", {{{"task", "Sketch the form"}}}}});
    Tool("memory_steps")
        .Ok({{"action", "add"},
             {"plan", "P1"},
             {"phase", "Build"},
             {"steps", {{{"task", "Write the form"}}, {{"task", "Validate input"}}}}});
    Tool("update_task_status").Ok({{"task", "T1"}, {"status", "in_progress"}});
    Tool("update_task_status").Ok({{"task", "T1"}, {"status", "completed"}});
    Tool("memory_plan")
        .Ok({{"action", "update_requirement"}, {"requirement", "R1"}, {"met", true}});
    Tool("memory_context")
        .Ok({{"action", "knowledge_store"},
             {"slug", "db-notes"},
             {"title", "DB notes"},
             {"content", "Use WAL."}});
    research_id = Tool("memory_context")
                      .Ok({{"action", "research_append"},
                           {"plan", "P1"},
                           {"name", "Options"},
                           {"content", "A or B"}})["document"]["id"];
    Tool("memory_plan").Ok({{"action", "create"}, {"workspace", "beta"}, {"title", "Other"}});
  }

  ToolCaller Tool(const std::string& name) { return ToolCaller(*this, name); }

  int64_t plan_id = 0;
  int64_t research_id = 0;
};

}  // namespace pm::testing
