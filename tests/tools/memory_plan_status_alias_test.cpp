// Seed 001's feature registry says "in_progress" for a plan being worked on;
// here that status is "active". memory_plan takes the seed's word, says what
// it did, and still refuses every other unknown status with the legal ones.
#include <doctest/doctest.h>

#include "test_support.h"
#include "tool_call.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::McpHarness;
using testing::ResultText;
using testing::ToolCaller;

TEST_CASE("memory_plan takes in_progress as active in create, update and list") {
  McpHarness h;
  testing::RegisterWorkspace(h, "shop");
  ToolCaller plan(h, "memory_plan");

  json created = h.CallTool(
      "memory_plan",
      {{"workspace", "shop"}, {"action", "create"}, {"title", "Login"}, {"status", "in_progress"}});
  REQUIRE(created["isError"] == false);
  CHECK(created["structuredContent"]["plan"]["status"] == "active");
  CHECK(Has(ResultText(created), "Note: status \"in_progress\" was taken as \"active\"."));

  plan.Ok({{"workspace", "shop"}, {"action", "create"}, {"title", "Later"}});  // draft
  const std::string updated = plan.Text(
      {{"workspace", "shop"}, {"action", "update"}, {"plan", "P2"}, {"status", "in_progress"}});
  CHECK(Has(updated, "was taken as \"active\""));
  CHECK(plan.Ok({{"workspace", "shop"}, {"action", "get"}, {"plan", "P2"}})["plan"]["status"] ==
        "active");

  json listed = h.CallTool("memory_plan",
                           {{"workspace", "shop"}, {"action", "list"}, {"status", "in_progress"}});
  REQUIRE(listed["isError"] == false);
  CHECK(listed["structuredContent"]["plans"].size() == 2);
  CHECK(Has(ResultText(listed), "was taken as \"active\""));

  // Any other word is an error naming the legal statuses; nothing changes.
  const std::string error =
      plan.Err({{"workspace", "shop"}, {"action", "update"}, {"plan", "P2"}, {"status", "doing"}});
  CHECK(Has(error, "draft, planned, active, paused, blocked, completed or cancelled"));
  CHECK(plan.Ok({{"workspace", "shop"}, {"action", "get"}, {"plan", "P2"}})["plan"]["status"] ==
        "active");
}

}  // namespace pm::tools
