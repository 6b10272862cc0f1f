// An MCP session with two registered workspaces and helpers for the scheduling
// tools (get_next_task, update_task_status, memory_plan ready/dependencies).
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "test_support.h"

namespace pm::tools::testing {

using nlohmann::json;

inline bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct SchedulingHarness : pm::testing::McpHarness {
  SchedulingHarness() {
    Ok("memory_workspace", {{"action", "register"}, {"path", "/ws/alpha"}});
    Ok("memory_workspace", {{"action", "register"}, {"path", "/ws/beta"}});
  }
  // The structuredContent of a successful call in workspace alpha (unless the
  // arguments name another).
  json Ok(const std::string& tool, json args) {
    if (tool != "memory_workspace" && !args.contains("workspace")) args["workspace"] = "alpha";
    last = CallTool(tool, args);
    CAPTURE(last.dump());
    REQUIRE(last["isError"] == false);
    return last["structuredContent"];
  }
  // The message of a call that must fail.
  std::string Err(const std::string& tool, json args) {
    if (!args.contains("workspace")) args["workspace"] = "alpha";
    json r = CallTool(tool, args);
    CAPTURE(r.dump());
    REQUIRE(r["isError"] == true);
    return pm::testing::ResultText(r);
  }
  std::string Text() const { return pm::testing::ResultText(last); }
  // A plan from a template, with a status and priority.
  json Plan(const std::string& tpl, const std::string& status = "active",
            const std::string& priority = "medium") {
    return Ok("memory_plan", {{"action", "create_from_template"},
                              {"template", tpl},
                              {"title", tpl + " plan"},
                              {"status", status},
                              {"priority", priority}});
  }
  int64_t Int(const std::string& sql) { return db().QueryInt(sql); }
  std::string Str(const std::string& sql) { return db().QueryText(sql); }

  json last;
};

}  // namespace pm::tools::testing
