// update_task_status through tools/call, as an agent uses it.
#include <doctest/doctest.h>

#include "scheduling_harness.h"
#include "store/dialect.h"

namespace pm::tools {

using nlohmann::json;
using testing::Has;
using testing::SchedulingHarness;

TEST_CASE("update_task_status completes a task and lists what became ready") {
  SchedulingHarness h;
  h.Plan("bugfix");  // P1: T1 T2 | T3 T4 | T5
  h.Ok("get_next_task", {{"agent", "ann"}});
  h.Ok("get_next_task", {{"agent", "ann"}});
  json one =
      h.Ok("update_task_status", {{"task", "T1"}, {"status", "completed"}, {"agent", "ann"}});
  CHECK(one["task"]["status"] == "completed");
  CHECK(one["previous_status"] == "in_progress");
  CHECK(one["became_ready"].empty());
  json two = h.Ok("update_task_status", {{"task", "t2"},
                                         {"status", "completed"},
                                         {"agent", "ann"},
                                         {"completion_notes", "test added"}});
  CHECK(two["task"]["completion_notes"] == "test added");
  CHECK(two["task"]["completed_by"] == "ann");
  REQUIRE(two["became_ready"].size() == 2);
  CHECK(two["became_ready"][0]["code"] == "T3");
  CHECK(two["became_ready"][1]["code"] == "T4");
  CHECK(Has(h.Text(),
            "T2 is completed (was in_progress). Now ready:\n- T3 Find the root cause (P1 › Fix)"));
  CHECK(two["plan_open_steps"] == 3);
}

TEST_CASE("update_task_status checks transitions, holders and readiness") {
  SchedulingHarness h;
  h.Plan("bugfix");
  struct Case {
    const char* name;
    json args;
    const char* message;
  };
  h.Ok("get_next_task", {{"agent", "ann"}, {"session_id", "a1"}});  // ann holds T1
  const Case cases[] = {
      {"illegal transition",
       {{"task", "T2"}, {"status", "completed"}},
       "step T2 cannot go from pending to completed; allowed from pending: in_progress, blocked, "
       "cancelled"},
      {"another holder",
       {{"task", "T1"}, {"status", "completed"}, {"agent", "bob"}},
       "step T1 is held by ann (session a1) until"},
      {"same agent, other session",
       {{"task", "T1"}, {"status", "pending"}, {"agent", "ann"}, {"session_id", "a2"}},
       "pass force=true to override the claim"},
      {"not ready",
       {{"task", "T3"}, {"status", "in_progress"}},
       "step T3 is not ready: waits on earlier phase P1/Reproduce"},
      {"unknown task",
       {{"task", "T99"}, {"status", "completed"}},
       "no task T99 in workspace alpha"},
      {"status outside the enum", {{"task", "T1"}, {"status", "done"}}, "must be one of pending"},
      {"task of another workspace",
       {{"task", "T1"}, {"status", "blocked"}, {"workspace", "beta"}},
       "no task T1 in workspace beta"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(Has(h.Err("update_task_status", c.args), c.message));
  }
  json forced = h.Ok("update_task_status",
                     {{"task", "T1"}, {"status", "completed"}, {"agent", "bob"}, {"force", true}});
  CHECK(forced["task"]["completed_by"] == "bob");
  json started =
      h.Ok("update_task_status",
           {{"task", "T3"}, {"status", "in_progress"}, {"force", true}, {"agent", "cy"}});
  CHECK(started["task"]["holder_agent"] == "cy");
  json blocked =
      h.Ok("update_task_status", {{"task", "T2"}, {"status", "blocked"}, {"notes", "no device"}});
  CHECK(blocked["task"]["blocked_reason"] == "no device");
  CHECK(h.Str("SELECT " + store::JsonMember(h.db().engine(), "after_json", "notes") +
              " FROM update_log WHERE action = 'status' ORDER BY id DESC LIMIT 1") == "no device");
}

TEST_CASE("finishing the last task says the plan can be completed") {
  SchedulingHarness h;
  h.Plan("bugfix");
  for (int i = 0; i < 5; ++i) {
    json task = h.Ok("get_next_task", {{"agent", "solo"}});
    REQUIRE(task["task"].is_object());
    h.Ok("update_task_status",
         {{"task", task["task"]["code"]}, {"status", "completed"}, {"agent", "solo"}});
  }
  CHECK(h.last["structuredContent"]["plan_open_steps"] == 0);
  CHECK(
      Has(h.Text(), "Every step of P1 is done: mark the plan completed with memory_plan update."));
  json none = h.Ok("get_next_task", json::object());
  CHECK(none["nothing_ready"]["reason"] == "all_done");
  CHECK(Has(h.Text(), "Nothing ready: all done: 5 completed, 0 cancelled."));
}

}  // namespace pm::tools
